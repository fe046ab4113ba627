// SPDX-License-Identifier: MIT
#include "PythonFloat.h"
#include "TestSupport.h"

#include <QRandomGenerator>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace pelab;

class TestPythonFloat : public QObject {
    Q_OBJECT
private slots:
    void knownValues_data();
    void knownValues();
    void agreesWithPythonOnRandomDoubles();
    void parseDouble_data();
    void parseDouble();
};

void TestPythonFloat::knownValues_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    const double inf = std::numeric_limits<double>::infinity();
    // Python 3's repr(), including where its layout differs from std::to_chars' shortest form.
    QTest::newRow("zero") << 0.0 << "0.0";
    QTest::newRow("negative zero") << -0.0 << "-0.0";
    QTest::newRow("integral keeps .0") << 50.0 << "50.0";
    QTest::newRow("one tenth") << 0.1 << "0.1";
    QTest::newRow("1e16 is scientific") << 1e16 << "1e+16";
    QTest::newRow("1e15 is fixed") << 1e15 << "1000000000000000.0";
    QTest::newRow("16 digits fixed") << 1234567890123456.0 << "1234567890123456.0";
    QTest::newRow("1e-4 is fixed") << 0.0001 << "0.0001";
    QTest::newRow("1e-5 is scientific") << 0.00001 << "1e-05";
    QTest::newRow("seed-like small loss") << 2.115797542501241e-06 << "2.115797542501241e-06";
    QTest::newRow("seed loss") << 0.27368152141571045 << "0.27368152141571045";
    QTest::newRow("large") << 1.5e300 << "1.5e+300";
    QTest::newRow("denormal") << 5e-324 << "5e-324";
    QTest::newRow("negative") << -2.5 << "-2.5";
    QTest::newRow("fraction") << 123.456 << "123.456";
    QTest::newRow("float max") << 3.4028234663852886e+38 << "3.4028234663852886e+38";
    QTest::newRow("nan") << std::nan("") << "nan";
    QTest::newRow("inf") << inf << "inf";
    QTest::newRow("-inf") << -inf << "-inf";
}

void TestPythonFloat::knownValues()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(formatPythonFloat(value), expected);
}

void TestPythonFloat::agreesWithPythonOnRandomDoubles()
{
    // Random bit patterns cover every exponent; float32 values cover what losses look like.
    QRandomGenerator random(12345);
    QList<double> values;
    while (values.size() < 3000) {
        quint64 bits = random.generate64();
        double value;
        std::memcpy(&value, &bits, sizeof value);
        if (std::isfinite(value))
            values << value;
        values << double(float(random.generateDouble() * std::pow(10.0, random.bounded(-12, 12))));
    }
    QByteArray input;
    QStringList ours;
    for (double value : values) {
        input += QByteArray::number(value, 'g', 17) + '\n';
        ours << formatPythonFloat(value);
    }
    if (test::runProcess(test::torchPython(), {QStringLiteral("-c"), QStringLiteral("1")})
            .exitCode != 0)
        QSKIP("needs " PELAB_PYTHON " (python3) to compare with Python's repr()");
    const auto result = test::runProcess(
        test::torchPython(),
        {QStringLiteral("-c"),
         QStringLiteral("import sys\nfor line in sys.stdin: print(repr(float(line)))")},
        input);
    QCOMPARE(result.exitCode, 0);
    const QStringList theirs = QString::fromUtf8(result.out).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(theirs.size(), ours.size());
    for (int i = 0; i < ours.size(); ++i)
        QCOMPARE(ours[i], theirs[i]);
}

void TestPythonFloat::parseDouble_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");
    QTest::newRow("decimal") << "0.01" << true << 0.01;
    QTest::newRow("exponent") << "1e-3" << true << 1e-3;
    QTest::newRow("plus sign") << "+2.5" << true << 2.5;
    QTest::newRow("spaces") << " 3 " << true << 3.0;
    QTest::newRow("comma is not a decimal point") << "0,5" << false << 0.0;
    QTest::newRow("trailing junk") << "1.0x" << false << 0.0;
    QTest::newRow("empty") << "" << false << 0.0;
    QTest::newRow("word") << "fast" << false << 0.0;
}

void TestPythonFloat::parseDouble()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(double, value);
    double parsed = 0;
    QCOMPARE(pelab::parseDouble(text, &parsed), ok);
    if (ok)
        QCOMPARE(parsed, value);
}

QTEST_GUILESS_MAIN(TestPythonFloat)
#include "tst_pythonfloat.moc"
