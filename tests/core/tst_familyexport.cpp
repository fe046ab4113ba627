// SPDX-License-Identifier: MIT
// `pelab train --out DIR` for the model family: the file set, and each file against its
// definition or against the Python reference (resources/python/pelab_family.py) run with the
// same flags: validation.csv, extrapolation.csv and grad_norms.csv hold the reference's
// numbers, attention.npy is a causal attention map, entropy.csv and rank.csv hold ratios in
// [0, 1] on the probe schedule, state_dict.pt loads into the reference model, and
// reproduce.py prints what pelab printed.
#include "CommandLine.h"
#include "CoreTestSupport.h"
#include "RunExport.h"
#include "TestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <future>

using namespace pelab;

namespace {

// A two-layer causal shift model with RoPE: 4 steps an epoch, validation every 4 steps,
// one extrapolation length.
const QStringList tokenFlags =
    QStringLiteral("--layers 2 --width 8 --heads 2 --causal --task shift --encoding rope "
                   "--samples 64 --batch-size 16 --epochs 2 --val-samples 32 --eval-lengths 16 "
                   "--eval-samples 32 --eval-every 4 --seed 3")
        .split(QLatin1Char(' '));
// A regression member of the family: width 8, one layer, the position-signal task.
const QStringList regressionFlags{
    "--layers",      "1",  "--width",        "8",  "--task",         "position-signal",
    "--samples",     "64", "--batch-size",   "16", "--epochs",       "2",
    "--val-samples", "32", "--eval-lengths", "16", "--eval-samples", "32"};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A CSV as rows of cells, without the header (checked against `header`).
QList<QStringList> csvRows(const QString &path, const QString &header)
{
    const QStringList lines = QString::fromUtf8(readFile(path)).split('\n', Qt::SkipEmptyParts);
    if (lines.isEmpty() || lines.front() != header) {
        qWarning("%s: header %s, expected %s", qPrintable(path),
                 lines.isEmpty() ? "(none)" : qPrintable(lines.front()), qPrintable(header));
        return {};
    }
    QList<QStringList> rows;
    for (qsizetype i = 1; i < lines.size(); ++i)
        rows << lines[i].split(QLatin1Char(','));
    return rows;
}

double number(const QString &text)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok ? v : std::nan("");
}

// An optional figure of the dump as the CSV writes it: the number, or empty when absent.
bool sameCell(const QString &cell, const QJsonObject &entry, const char *key)
{
    if (!entry.contains(QLatin1String(key)))
        return cell.isEmpty();
    return number(cell) == entry.value(QLatin1String(key)).toDouble();
}

struct Npy {
    QString error;
    QString descr;
    bool fortranOrder = true;
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

// NPY format 1.0/2.0/3.0, as numpy.lib.format writes and reads it.
Npy readNpy(const QByteArray &bytes)
{
    Npy npy;
    if (bytes.size() < 10 || !bytes.startsWith("\x93NUMPY")) {
        npy.error = "not an NPY file";
        return npy;
    }
    const int major = uchar(bytes[6]);
    qsizetype headerLength = 0;
    qsizetype offset = 0;
    if (major == 1) {
        headerLength = qFromLittleEndian<quint16>(bytes.constData() + 8);
        offset = 10;
    } else {
        headerLength = qsizetype(qFromLittleEndian<quint32>(bytes.constData() + 8));
        offset = 12;
    }
    if ((offset + headerLength) % 64 != 0)
        npy.error = "the header does not end on a multiple of 64 bytes";
    const QString header = QString::fromLatin1(bytes.mid(offset, headerLength));
    if (!header.endsWith('\n'))
        npy.error = "the header does not end with a newline";
    static const QRegularExpression descr(QStringLiteral("'descr':\\s*'([^']*)'"));
    static const QRegularExpression fortran(QStringLiteral("'fortran_order':\\s*(True|False)"));
    static const QRegularExpression shape(QStringLiteral("'shape':\\s*\\(([^)]*)\\)"));
    npy.descr = descr.match(header).captured(1);
    npy.fortranOrder = fortran.match(header).captured(1) != QLatin1String("False");
    std::int64_t count = 1;
    for (const QString &dim : shape.match(header).captured(1).split(',', Qt::SkipEmptyParts)) {
        npy.shape.push_back(dim.trimmed().toLongLong());
        count *= npy.shape.back();
    }
    const QByteArray data = bytes.mid(offset + headerLength);
    if (npy.descr != QLatin1String("<f4") || data.size() != count * 4) {
        npy.error = QStringLiteral("descr %1 with %2 data bytes for %3 values")
                        .arg(npy.descr)
                        .arg(data.size())
                        .arg(count);
        return npy;
    }
    npy.values.resize(std::size_t(count));
    std::memcpy(npy.values.data(), data.constData(), std::size_t(data.size()));
    return npy;
}

struct Run {
    QStringList flags;
    TrainingConfig config;
    QString out;  // pelab's --out folder
    QString dump; // the reference's --dump file
    test::ProcessResult pelab;
    QJsonObject reference; // the reference's dump
};

} // namespace

class TestFamilyExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void fileSetIsRunFileNames();
    void validationEqualsTheReference();
    void extrapolationEqualsTheReference();
    void gradNormsEqualTheReference();
    void attentionIsACausalMap();
    void entropyAndRankOnTheProbeSchedule();
    void stateDictLoadsIntoTheReferenceModel();
    void reproducePrintsWhatPelabPrinted();

private:
    QTemporaryDir m_dir;
    bool m_reference = false; // the Python reference runs here
    Run m_token;
    Run m_regression;
    QList<test::ProcessResult> m_python; // the state_dict check, reproduce.py x 2
};

void TestFamilyExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const auto setUp = [&](Run &run, const QStringList &flags, const QString &name) {
        run.flags = flags;
        const CommandLine command = parseCommandLine(QStringList{"train"} + flags);
        QVERIFY2(command.errors.isEmpty(), qPrintable(command.errors.join('\n')));
        run.config = command.config;
        run.out = m_dir.filePath(name);
        run.dump = m_dir.filePath(name + "-reference.json");
    };
    setUp(m_token, tokenFlags, "token");
    setUp(m_regression, regressionFlags, "regression");

    const QString script = test::sourcePath("resources/python/pelab_family.py");
    const QList<test::ProcessResult> first = test::runTogether({
        {test::pelabBinary(),
         QStringList{"train"} + tokenFlags + QStringList{"--out", m_token.out}},
        {test::pelabBinary(),
         QStringList{"train"} + regressionFlags + QStringList{"--out", m_regression.out}},
        {test::torchPython(), QStringList{script} + tokenFlags +
                                  QStringList{"--dump", m_token.dump, "--grad-norms", "--quiet"}},
        {test::torchPython(),
         QStringList{script} + regressionFlags +
             QStringList{"--dump", m_regression.dump, "--grad-norms", "--quiet"}},
    });
    m_token.pelab = first[0];
    m_regression.pelab = first[1];
    QVERIFY2(first[0].exitCode == 0, first[0].err.constData());
    QVERIFY2(first[1].exitCode == 0, first[1].err.constData());
    m_reference = first[2].exitCode == 0 && first[3].exitCode == 0;
    if (!m_reference) {
        qWarning("the Python reference did not run: %s", first[2].err.right(500).constData());
        return;
    }
    for (Run *run : {&m_token, &m_regression}) {
        QJsonParseError error;
        run->reference = QJsonDocument::fromJson(readFile(run->dump), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    }

    // In the reference: torch.load the state_dict, load it strictly into the model built
    // from the same flags, and compare every tensor with the reference's parameters.
    const char *check = R"(
import json, sys
import torch
sys.path.insert(0, sys.argv[1])
from pelab_family import Family, parse
report = {}
for i in range(2, len(sys.argv), 3):
    folder, dump, flags = sys.argv[i], sys.argv[i + 1], json.loads(sys.argv[i + 2])
    state = torch.load(folder + "/state_dict.pt")
    model = Family(parse(flags))
    missing = model.load_state_dict(state, strict=True)
    with open(dump) as f:
        parameters = json.load(f)["parameters"]
    differ = [n for n, v in parameters.items()
              if not torch.equal(state[n].flatten(), torch.tensor(v, dtype=torch.float32))]
    report[folder] = {
        "keys": list(state.keys()),
        "model_keys": list(model.state_dict().keys()),
        "dtypes": sorted({str(t.dtype) for t in state.values()}),
        "parameters": list(parameters.keys()),
        "differ": differ,
    }
json.dump(report, sys.stdout)
)";
    const auto flagsJson = [](const QStringList &flags) {
        return QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(flags)).toJson(QJsonDocument::Compact));
    };
    m_python = test::runTogether({
        {test::torchPython(),
         {"-c", check, test::sourcePath("resources/python"), m_token.out, m_token.dump,
          flagsJson(tokenFlags), m_regression.out, m_regression.dump, flagsJson(regressionFlags)}},
        {test::torchPython(), {QDir(m_token.out).filePath("reproduce.py")}},
        {test::torchPython(), {QDir(m_regression.out).filePath("reproduce.py")}},
    });
}

void TestFamilyExport::fileSetIsRunFileNames()
{
    for (const Run *run : {&m_token, &m_regression}) {
        QStringList names =
            QDir(run->out).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        QStringList expected = runFileNames(run->config);
        names.sort();
        expected.sort();
        QCOMPARE(names, expected); // nothing missing, nothing extra, no temporary files
        for (const QString &name : expected)
            QVERIFY2(QFileInfo(QDir(run->out).filePath(name)).size() > 0, qPrintable(name));
    }
    // RoPE has no table; the regression run has the learned one.
    QVERIFY(!QFileInfo::exists(QDir(m_token.out).filePath("embeddings.csv")));
    QVERIFY(QFileInfo::exists(QDir(m_regression.out).filePath("embeddings.npy")));
    QVERIFY(QFileInfo::exists(QDir(m_token.out).filePath("attention.npy")));
}

void TestFamilyExport::validationEqualsTheReference()
{
    if (!m_reference)
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    for (const Run *run : {&m_token, &m_regression}) {
        const QList<QStringList> rows =
            csvRows(QDir(run->out).filePath("validation.csv"), "step,loss,accuracy");
        const QJsonArray expected = run->reference.value("validation").toArray();
        QVERIFY(!expected.isEmpty());
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QJsonObject e = expected[i].toObject();
            QCOMPARE(rows[i].size(), 3);
            QCOMPARE(rows[i][0].toLongLong(), e.value("step").toInteger());
            QCOMPARE(number(rows[i][1]), e.value("loss").toDouble());
            QVERIFY2(sameCell(rows[i][2], e, "accuracy"), qPrintable(rows[i].join(',')));
            QCOMPARE(rows[i][2].isEmpty(), run->config.isRegression());
        }
    }
    // Every 4 steps of 8 in the token run; at the end of each of the 2 epochs otherwise.
    QCOMPARE(m_token.reference.value("validation").toArray().size(), 2);
}

void TestFamilyExport::extrapolationEqualsTheReference()
{
    if (!m_reference)
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    for (const Run *run : {&m_token, &m_regression}) {
        const QList<QStringList> rows = csvRows(QDir(run->out).filePath("extrapolation.csv"),
                                                "length,loss,accuracy,accuracy_new_positions");
        const QJsonArray expected = run->reference.value("extrapolation").toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QJsonObject e = expected[i].toObject();
            QCOMPARE(rows[i].size(), 4);
            QCOMPARE(rows[i][0].toLongLong(), e.value("length").toInteger());
            QCOMPARE(number(rows[i][1]), e.value("loss").toDouble());
            QVERIFY2(sameCell(rows[i][2], e, "accuracy"), qPrintable(rows[i].join(',')));
            QVERIFY2(sameCell(rows[i][3], e, "accuracy_new_positions"),
                     qPrintable(rows[i].join(',')));
            QCOMPARE(rows[i][2].isEmpty(), run->config.isRegression());
            QCOMPARE(rows[i][3].isEmpty(), run->config.isRegression());
        }
    }
}

void TestFamilyExport::gradNormsEqualTheReference()
{
    if (!m_reference)
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    for (const Run *run : {&m_token, &m_regression}) {
        const QList<QStringList> rows =
            csvRows(QDir(run->out).filePath("grad_norms.csv"), "step,layer,norm");
        const QJsonArray steps = run->reference.value("grad_norms").toArray();
        QCOMPARE(steps.size(), run->config.totalSteps());
        qsizetype row = 0;
        for (qsizetype s = 0; s < steps.size(); ++s) {
            const QJsonArray groups = steps[s].toArray();
            for (const QJsonValue &group : groups) {
                QVERIFY2(row < rows.size(), "grad_norms.csv has too few rows");
                const QStringList &cells = rows[row++];
                const QString name = group.toArray()[0].toString();
                const double expected = group.toArray()[1].toDouble();
                QCOMPARE(cells.size(), 3);
                QCOMPARE(cells[0].toLongLong(), s + 1);
                QCOMPARE(cells[1], name);
                const double norm = number(cells[2]);
                QVERIFY2(std::abs(norm - expected) <= 1e-9 * std::abs(expected),
                         qPrintable(QStringLiteral("step %1 %2: %3, the reference %4")
                                        .arg(s + 1)
                                        .arg(name, cells[2])
                                        .arg(expected, 0, 'g', 17)));
            }
        }
        QCOMPARE(rows.size(), row); // one row per step per group, nothing more
    }
    // The groups of the token run, as the reference's gradient_norms() defines them.
    QStringList groups;
    for (const QJsonValue &group : m_token.reference.value("grad_norms").toArray()[0].toArray())
        groups << group.toArray()[0].toString();
    QCOMPARE(groups, (QStringList{"input", "block.0", "block.1", "final_ln", "head"}));
}

void TestFamilyExport::attentionIsACausalMap()
{
    const Npy npy = readNpy(readFile(QDir(m_token.out).filePath("attention.npy")));
    QVERIFY2(npy.error.isEmpty(), qPrintable(npy.error));
    QVERIFY(!npy.fortranOrder);
    const TrainingConfig &c = m_token.config;
    const std::int64_t L = c.seqLen;
    QCOMPARE(npy.shape, (std::vector<std::int64_t>{c.layers, c.heads, L, L}));
    for (std::int64_t l = 0; l < c.layers; ++l)
        for (std::int64_t h = 0; h < c.heads; ++h)
            for (std::int64_t i = 0; i < L; ++i) {
                double sum = 0;
                for (std::int64_t j = 0; j < L; ++j) {
                    const float p = npy.values[std::size_t(((l * c.heads + h) * L + i) * L + j)];
                    QVERIFY(p >= 0 && p <= 1);
                    if (j > i) // causal: no weight on later positions
                        QVERIFY2(p == 0.0f, qPrintable(QStringLiteral("layer %1 head %2 row %3 "
                                                                      "column %4: %5")
                                                           .arg(l)
                                                           .arg(h)
                                                           .arg(i)
                                                           .arg(j)
                                                           .arg(p)));
                    sum += p;
                }
                QVERIFY2(std::abs(sum - 1) <= 1e-5, qPrintable(QString::number(sum, 'g', 17)));
            }
}

void TestFamilyExport::entropyAndRankOnTheProbeSchedule()
{
    const TrainingConfig &c = m_token.config;
    const QList<QStringList> entropy =
        csvRows(QDir(m_token.out).filePath("entropy.csv"), "step,layer,head,entropy");
    const QList<QStringList> rank =
        csvRows(QDir(m_token.out).filePath("rank.csv"), "step,layer,relative_residual");
    QVERIFY(!entropy.isEmpty());
    QVERIFY(!rank.isEmpty());
    // One row per (probe step, layer, head), in that order.
    QCOMPARE(entropy.size() % (c.layers * c.heads), 0);
    QList<std::int64_t> entropySteps;
    for (qsizetype i = 0; i < entropy.size(); ++i) {
        const QStringList &row = entropy[i];
        QCOMPARE(row.size(), 4);
        const qsizetype within = i % (c.layers * c.heads);
        if (within == 0) {
            entropySteps << row[0].toLongLong();
        } else {
            QCOMPARE(row[0].toLongLong(), entropySteps.back());
        }
        QCOMPARE(row[1].toLongLong(), within / c.heads);
        QCOMPARE(row[2].toLongLong(), within % c.heads);
        const double v = number(row[3]);
        QVERIFY2(v >= 0 && v <= 1, qPrintable(row.join(',')));
    }
    QList<std::int64_t> rankSteps;
    for (qsizetype i = 0; i < rank.size(); ++i) {
        const QStringList &row = rank[i];
        QCOMPARE(row.size(), 3);
        if (i % c.layers == 0)
            rankSteps << row[0].toLongLong();
        QCOMPARE(row[0].toLongLong(), rankSteps.back());
        QCOMPARE(row[1].toLongLong(), i % c.layers);
        const double v = number(row[2]);
        QVERIFY2(v >= 0 && v <= 1, qPrintable(row.join(',')));
    }
    QCOMPARE(rank.size() % c.layers, 0);
    QCOMPARE(rankSteps, entropySteps);
    // Before the first step, then increasing, and after the last one.
    QCOMPARE(entropySteps.front(), 0);
    QCOMPARE(entropySteps.back(), c.totalSteps());
    for (qsizetype i = 1; i < entropySteps.size(); ++i)
        QVERIFY(entropySteps[i] > entropySteps[i - 1]);
}

void TestFamilyExport::stateDictLoadsIntoTheReferenceModel()
{
    if (!m_reference)
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    const test::ProcessResult &result = m_python[0];
    QVERIFY2(result.exitCode == 0, result.err.constData()); // load_state_dict(strict) raises
    const QJsonObject report = QJsonDocument::fromJson(result.out).object();
    for (const Run *run : {&m_token, &m_regression}) {
        const QJsonObject r = report.value(run->out).toObject();
        QVERIFY2(!r.isEmpty(), result.out.constData());
        QCOMPARE(r.value("keys").toArray(), r.value("model_keys").toArray());
        QCOMPARE(r.value("dtypes").toArray(), QJsonArray{"torch.float32"});
        QVERIFY(r.value("parameters").toArray().size() > 4);
        QVERIFY2(r.value("differ").toArray().isEmpty(),
                 QJsonDocument(r.value("differ").toArray()).toJson().constData());
    }
}

void TestFamilyExport::reproducePrintsWhatPelabPrinted()
{
    if (!m_reference)
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    const Run *runs[] = {&m_token, &m_regression};
    for (int i = 0; i < 2; ++i) {
        const test::ProcessResult &reproduce = m_python[i + 1];
        QVERIFY2(reproduce.exitCode == 0, reproduce.err.constData());
        // Two epoch lines and the extrapolation line, exactly.
        QCOMPARE(QString::fromUtf8(runs[i]->pelab.out).split('\n', Qt::SkipEmptyParts).size(), 3);
        QCOMPARE(reproduce.out, runs[i]->pelab.out);
    }
}

QTEST_GUILESS_MAIN(TestFamilyExport)
#include "tst_familyexport.moc"
