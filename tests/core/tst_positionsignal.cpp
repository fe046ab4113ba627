// SPDX-License-Identifier: MIT
// What the two tasks teach: with the position signal the embedding becomes the sine (up to
// the linear layer's affine map); with the seed's zero target it learns nothing positional.
#include "HeadlessRun.h"
#include "TrainingSession.h"

#include <QtTest>

#include <cmath>

using namespace pelab;

namespace {

double correlation(const std::vector<float> &a, const std::vector<float> &b)
{
    const std::size_t n = a.size();
    double meanA = 0, meanB = 0;
    for (std::size_t i = 0; i < n; ++i) {
        meanA += a[i];
        meanB += b[i];
    }
    meanA /= double(n);
    meanB /= double(n);
    double cov = 0, varA = 0, varB = 0;
    for (std::size_t i = 0; i < n; ++i) {
        cov += (a[i] - meanA) * (b[i] - meanB);
        varA += (a[i] - meanA) * (a[i] - meanA);
        varB += (b[i] - meanB) * (b[i] - meanB);
    }
    return cov / std::sqrt(varA * varB);
}

std::vector<float> sine(int length)
{
    std::vector<float> values;
    for (int t = 0; t < length; ++t)
        values.push_back(float(std::sin(2 * M_PI * t / length)));
    return values;
}

} // namespace

class TestPositionSignal : public QObject {
    Q_OBJECT
private slots:
    void embeddingConvergesToTheSine_data();
    void embeddingConvergesToTheSine();
    void zeroTargetLeavesNoPositionalPattern();
};

void TestPositionSignal::embeddingConvergesToTheSine_data()
{
    QTest::addColumn<std::int64_t>("seed");
    QTest::addColumn<std::int64_t>("seqLen");
    QTest::newRow("seed 0, L 10") << std::int64_t(0) << std::int64_t(10);
    QTest::newRow("seed 1, L 10") << std::int64_t(1) << std::int64_t(10);
    QTest::newRow("seed 2, L 24") << std::int64_t(2) << std::int64_t(24);
}

void TestPositionSignal::embeddingConvergesToTheSine()
{
    QFETCH(std::int64_t, seed);
    QFETCH(std::int64_t, seqLen);
    TrainingConfig config;
    config.task = TaskKind::PositionSignal;
    config.seed = seed;
    config.seqLen = seqLen;
    config.epochs = 10;
    const HeadlessResult result = runHeadless(config);
    QVERIFY(result.failure.isEmpty());
    const double r = correlation(result.record.embedding.values, sine(int(seqLen)));
    QVERIFY2(r > 0.99, qPrintable(QString::number(r)));

    // The target signal handed to the views is that same sine.
    TrainingSession session(config);
    const Matrix target = session.targetSignal();
    QCOMPARE(target.rows, int(seqLen));
    QVERIFY(correlation(target.values, sine(int(seqLen))) > 0.999999);
    // ...and the initial embedding is not: it was learned.
    QVERIFY(std::abs(correlation(session.initialEmbedding().values, sine(int(seqLen)))) < 0.9);
}

void TestPositionSignal::zeroTargetLeavesNoPositionalPattern()
{
    // The linear weight reaches zero within a few epochs, and then no gradient reaches the
    // embedding: it stays a (partly shrunk) copy of its random start.
    for (std::int64_t seed : {0, 1, 2}) {
        TrainingConfig config;
        config.seed = seed;
        config.epochs = 30;
        TrainingSession session(config);
        const Matrix initial = session.initialEmbedding();
        while (!session.isFinished())
            session.step();
        const Matrix learned = session.embedding();
        QVERIFY(std::abs(correlation(learned.values, sine(10))) < 0.9);
        QVERIFY2(correlation(learned.values, initial.values) > 0.5,
                 qPrintable(QString::number(correlation(learned.values, initial.values))));
    }
}

QTEST_GUILESS_MAIN(TestPositionSignal)
#include "tst_positionsignal.moc"
