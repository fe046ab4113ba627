// SPDX-License-Identifier: MIT
#include "EmbeddingStats.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <numbers>

using namespace pelab;

Q_DECLARE_METATYPE(pelab::Matrix)

namespace {
constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

std::vector<double> sine(int length, double phase = 0)
{
    std::vector<double> values;
    for (int t = 0; t < length; ++t)
        values.push_back(std::sin(2 * std::numbers::pi * t / length + phase));
    return values;
}

std::vector<double> affine(const std::vector<double> &values, double a, double c)
{
    std::vector<double> result;
    for (double v : values)
        result.push_back(a * v + c);
    return result;
}
} // namespace

class TestEmbeddingStats : public QObject {
    Q_OBJECT

private slots:
    void cosineSimilarity_data()
    {
        QTest::addColumn<Matrix>("input");
        QTest::addColumn<Matrix>("expected");
        QTest::newRow("parallel and opposite")
            << Matrix{2, 2, {1, 2, -2, -4}} << Matrix{2, 2, {1, -1, -1, 1}};
        QTest::newRow("orthogonal") << Matrix{2, 2, {3, 0, 0, 5}} << Matrix{2, 2, {1, 0, 0, 1}};
        QTest::newRow("45 degrees")
            << Matrix{2, 2, {1, 0, 1, 1}}
            << Matrix{2, 2, {1, float(std::sqrt(0.5)), float(std::sqrt(0.5)), 1}};
        QTest::newRow("zero row has no direction")
            << Matrix{3, 2, {1, 1, 0, 0, -1, -1}} << Matrix{3, 3, {1, 0, -1, 0, 0, 0, -1, 0, 1}};
        QTest::newRow("width 1 gives the signs")
            << Matrix{3, 1, {0.5f, -2, 3}} << Matrix{3, 3, {1, -1, 1, -1, 1, -1, 1, -1, 1}};
        QTest::newRow("empty") << Matrix{} << Matrix{};
        QTest::newRow("malformed") << Matrix{2, 2, {1, 2, 3}} << Matrix{};
    }
    void cosineSimilarity()
    {
        QFETCH(Matrix, input);
        QFETCH(Matrix, expected);
        const Matrix result = pelab::cosineSimilarity(input);
        QCOMPARE(result.rows, expected.rows);
        QCOMPARE(result.cols, expected.cols);
        QCOMPARE(result.values.size(), expected.values.size());
        for (std::size_t i = 0; i < result.values.size(); ++i)
            QVERIFY2(std::abs(result.values[i] - expected.values[i]) < 1e-6,
                     qPrintable(QStringLiteral("entry %1: %2 != %3")
                                    .arg(i)
                                    .arg(result.values[i])
                                    .arg(expected.values[i])));
    }

    void correlation_data()
    {
        QTest::addColumn<std::vector<double>>("a");
        QTest::addColumn<std::vector<double>>("b");
        QTest::addColumn<double>("expected");
        QTest::newRow("sine with itself") << sine(10) << sine(10) << 1.0;
        QTest::newRow("sine with its negation") << sine(10) << affine(sine(10), -1, 0) << -1.0;
        QTest::newRow("scale and offset do not matter")
            << sine(50) << affine(sine(50), 2, 0.3) << 1.0;
        QTest::newRow("sine and cosine are uncorrelated")
            << sine(40) << sine(40, std::numbers::pi / 2) << 0.0;
        QTest::newRow("constant series") << sine(10) << std::vector<double>(10, 2.0) << notANumber;
        QTest::newRow("length mismatch") << sine(10) << sine(9) << notANumber;
        QTest::newRow("single point")
            << std::vector<double>{1} << std::vector<double>{2} << notANumber;
        QTest::newRow("non-finite")
            << std::vector<double>{1, notANumber, 3} << std::vector<double>{1, 2, 3} << notANumber;
    }
    void correlation()
    {
        QFETCH(std::vector<double>, a);
        QFETCH(std::vector<double>, b);
        QFETCH(double, expected);
        const double r = pearsonCorrelation(a, b);
        if (std::isnan(expected))
            QVERIFY2(std::isnan(r), qPrintable(QString::number(r)));
        else
            QVERIFY2(std::abs(r - expected) < 1e-12, qPrintable(QString::number(r, 'g', 17)));
    }

    void affineFit_data()
    {
        QTest::addColumn<std::vector<double>>("source");
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("c");
        QTest::newRow("sine, 2s + 0.3") << sine(10) << 2.0 << 0.3;
        QTest::newRow("sine, -0.7s - 1.5") << sine(100) << -0.7 << -1.5;
        QTest::newRow("ramp, 3s") << std::vector<double>{0, 1, 2, 3} << 3.0 << 0.0;
        QTest::newRow("two points") << std::vector<double>{-1, 1} << 0.25 << 4.0;
    }
    void affineFit()
    {
        QFETCH(std::vector<double>, source);
        QFETCH(double, a);
        QFETCH(double, c);
        const AffineFit fit = fitAffine(source, affine(source, a, c));
        QVERIFY2(std::abs(fit.a - a) < 1e-12, qPrintable(QString::number(fit.a, 'g', 17)));
        QVERIFY2(std::abs(fit.c - c) < 1e-12, qPrintable(QString::number(fit.c, 'g', 17)));
        QVERIFY(std::abs(fit(source.back()) - (a * source.back() + c)) < 1e-12);
    }

    void affineFitOfNoisyTargetMinimisesSquaredError()
    {
        const std::vector<double> source = sine(20);
        std::vector<double> target = affine(source, 1.5, -0.2);
        for (std::size_t i = 0; i < target.size(); ++i)
            target[i] += (i % 3 == 0 ? 0.05 : -0.03);
        const AffineFit fit = fitAffine(source, target);
        const auto error = [&](double a, double c) {
            double sum = 0;
            for (std::size_t i = 0; i < source.size(); ++i)
                sum += std::pow(a * source[i] + c - target[i], 2);
            return sum;
        };
        // Any nudge of either coefficient makes the fit worse.
        for (double da : {-1e-3, 1e-3})
            QVERIFY(error(fit.a + da, fit.c) > error(fit.a, fit.c));
        for (double dc : {-1e-3, 1e-3})
            QVERIFY(error(fit.a, fit.c + dc) > error(fit.a, fit.c));
    }

    void affineFitDegenerateInput()
    {
        const AffineFit constant = fitAffine(std::vector<double>(5, 1.0), sine(5));
        QCOMPARE(constant.a, 0.0);
        QVERIFY(std::abs(constant.c - 0.0) < 1e-12); // the mean of a full sine period
        const AffineFit mismatch = fitAffine(sine(5), sine(4));
        QVERIFY(std::isnan(mismatch.a) && std::isnan(mismatch.c));
        const AffineFit empty = fitAffine({}, {});
        QVERIFY(std::isnan(empty.a) && std::isnan(empty.c));
    }

    void valueRangeSkipsNonFinite()
    {
        const float inf = std::numeric_limits<float>::infinity();
        const ValueRange range =
            valueRange(Matrix{2, 3, {0.5f, float(notANumber), -2.0f, inf, 3.25f, -inf}});
        QVERIFY(range.valid);
        QCOMPARE(range.min, -2.0);
        QCOMPARE(range.max, 3.25);
        QVERIFY(!valueRange(Matrix{}).valid);
        QVERIFY(!valueRange(Matrix{1, 1, {float(notANumber)}}).valid);

        ValueRange widened = range;
        widened.include(ValueRange{-5, 1, true});
        QCOMPARE(widened, (ValueRange{-5, 3.25, true}));
        widened.include(ValueRange{});
        QCOMPARE(widened, (ValueRange{-5, 3.25, true}));
    }

    void differenceAndColumn()
    {
        const Matrix a{2, 2, {1, 2, 3, 4}};
        const Matrix b{2, 2, {0.5f, 2, -1, 10}};
        QCOMPARE(difference(a, b), (Matrix{2, 2, {0.5f, 0, 4, -6}}));
        QVERIFY(difference(a, Matrix{4, 1, {1, 2, 3, 4}}).isEmpty());
        QCOMPARE(column(a, 1), (std::vector<double>{2, 4}));
        QVERIFY(column(a, 2).empty());
        QVERIFY(column(a, -1).empty());
        QCOMPARE(transposed(Matrix{2, 3, {1, 2, 3, 4, 5, 6}}), (Matrix{3, 2, {1, 4, 2, 5, 3, 6}}));
        QCOMPARE(transposed(Matrix{}), Matrix{});
    }
};

QTEST_GUILESS_MAIN(TestEmbeddingStats)
#include "tst_embeddingstats.moc"
