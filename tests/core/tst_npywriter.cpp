// SPDX-License-Identifier: MIT
// embeddings.npy: NPY 1.0 bytes as the format's spec lays them out, read back by numpy.
#include "TestSupport.h"
#include "export/NpyWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace pelab;

namespace {

Matrix ramp(int rows, int cols)
{
    Matrix m{rows, cols, {}};
    for (int i = 0; i < rows * cols; ++i)
        m.values.push_back(float(i) * 0.37f - 1.0f);
    return m;
}

// The values numpy must see, as the little-endian bytes of each float32.
QByteArray littleEndianBytes(const Matrix &m)
{
    QByteArray bytes;
    for (float value : m.values) {
        char le[4];
        quint32 bits;
        std::memcpy(&bits, &value, 4);
        qToLittleEndian(bits, le);
        bytes.append(le, 4);
    }
    return bytes;
}

} // namespace

class TestNpyWriter : public QObject {
    Q_OBJECT
private slots:
    void layout_data();
    void layout();
    void numpyReadsEveryBitBack();
};

void TestNpyWriter::layout_data()
{
    QTest::addColumn<Matrix>("matrix");
    QTest::newRow("seed's embedding, 10 x 1") << ramp(10, 1);
    QTest::newRow("one value") << ramp(1, 1);
    QTest::newRow("wide, 3 x 64") << ramp(3, 64);
    QTest::newRow("long, 100000 x 2 (shape text grows)") << ramp(100000, 2);
}

void TestNpyWriter::layout()
{
    QFETCH(Matrix, matrix);
    const QByteArray npy = npyFloat32(matrix);

    QCOMPARE(npy.left(8), QByteArray("\x93NUMPY\x01\x00", 8));
    const int headerLength = qFromLittleEndian<quint16>(npy.constData() + 8);
    const int dataOffset = 10 + headerLength;
    QCOMPARE(dataOffset % 64, 0);
    const QByteArray header = npy.mid(10, headerLength);
    QVERIFY2(header.endsWith('\n'), header.constData());
    const QString expectedDict = QStringLiteral("{'descr': '<f4', 'fortran_order': False, "
                                                "'shape': (%1, %2), }")
                                     .arg(matrix.rows)
                                     .arg(matrix.cols);
    QCOMPARE(QString::fromLatin1(header).trimmed(), expectedDict);
    QCOMPARE(npy.mid(dataOffset), littleEndianBytes(matrix));
}

void TestNpyWriter::numpyReadsEveryBitBack()
{
    // Values whose bits are easy to lose: signed zero, subnormals, extremes, non-finite.
    const float lim = std::numeric_limits<float>::max();
    const Matrix special{3,
                         3,
                         {-0.0f, std::numeric_limits<float>::denorm_min(), -lim, lim,
                          std::numeric_limits<float>::infinity(), std::nanf(""), 1e-38f, 0.1f,
                          -2.5f}};
    const QList<Matrix> matrices{ramp(10, 1), ramp(4, 5), special};
    QTemporaryDir dir;
    QStringList paths;
    for (int i = 0; i < matrices.size(); ++i) {
        QFile file(dir.filePath(QStringLiteral("m%1.npy").arg(i)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(npyFloat32(matrices[i]));
        file.close();
        paths << file.fileName();
    }
    const char *script = R"(
import json, sys
import numpy as np
out = []
for path in sys.argv[1:]:
    a = np.load(path)
    out.append({"shape": list(a.shape), "dtype": a.dtype.str,
                "c_order": bool(a.flags["C_CONTIGUOUS"]), "bytes": a.astype("<f4").tobytes().hex()})
json.dump(out, sys.stdout)
)";
    if (test::runProcess(test::torchPython(), {"-c", "import numpy"}).exitCode != 0)
        QSKIP("needs " PELAB_PYTHON " with numpy (python3-numpy) to load the files");
    const auto result = test::runProcess(test::torchPython(), QStringList{"-c", script} + paths);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonArray loaded = QJsonDocument::fromJson(result.out).array();
    QCOMPARE(loaded.size(), matrices.size());
    for (int i = 0; i < matrices.size(); ++i) {
        const QJsonObject a = loaded[i].toObject();
        QCOMPARE(a["shape"].toArray(), (QJsonArray{matrices[i].rows, matrices[i].cols}));
        QCOMPARE(a["dtype"].toString(), QStringLiteral("<f4"));
        QVERIFY(a["c_order"].toBool());
        QCOMPARE(a["bytes"].toString().toLatin1(), littleEndianBytes(matrices[i]).toHex());
    }
}

QTEST_GUILESS_MAIN(TestNpyWriter)
#include "tst_npywriter.moc"
