// SPDX-License-Identifier: MIT
// The encoding's fixed pictures, checked against their definitions.
#include "TrainingSession.h"

#include <QtTest>

#include <cmath>

using namespace pelab;

class TestEncodingPictures : public QObject {
    Q_OBJECT
private slots:
    void alibiBiasIsMinusSlopeTimesDistance();
    void ropeProfileIsTheMeanCosineOfTheOffset();
    void rowsTrainedMarksTheRowsOnlyEvaluationReaches();
};

namespace {

TrainingConfig attentionConfig(EncodingKind encoding)
{
    TrainingConfig c;
    c.task = TaskKind::Shift;
    c.samples = 8;
    c.seqLen = 6;
    c.layers = 1;
    c.width = 8;
    c.heads = 2;
    c.encoding = encoding;
    return c;
}

} // namespace

void TestEncodingPictures::alibiBiasIsMinusSlopeTimesDistance()
{
    TrainingSession session(attentionConfig(EncodingKind::Alibi));
    const NdArray bias = session.encodingPictures().value("alibi_bias");
    QCOMPARE(bias.shape, (std::vector<std::int64_t>{2, 6, 6}));
    // Press et al.'s slopes for 2 heads: 2^-4 and 2^-8.
    const double slopes[] = {std::pow(2.0, -4), std::pow(2.0, -8)};
    for (int h = 0; h < 2; ++h)
        for (int m = 0; m < 6; ++m)
            for (int n = 0; n < 6; ++n)
                QCOMPARE(bias.at({h, m, n}), -slopes[h] * std::abs(m - n));
    QVERIFY(!session.encodingPictures().contains("rope_profile"));
}

void TestEncodingPictures::ropeProfileIsTheMeanCosineOfTheOffset()
{
    TrainingSession session(attentionConfig(EncodingKind::Rope));
    const NdArray profile = session.encodingPictures().value("rope_profile");
    QCOMPARE(profile.shape, (std::vector<std::int64_t>{6, 6}));
    const int dh = 4; // width 8 / 2 heads
    for (int m = 0; m < 6; ++m)
        for (int n = 0; n < 6; ++n) {
            double expected = 0;
            for (int i = 0; i < dh / 2; ++i)
                expected += std::cos((m - n) * std::pow(10000.0, -2.0 * i / dh));
            expected /= dh / 2;
            QVERIFY2(std::abs(profile.at({m, n}) - expected) < 1e-12,
                     qPrintable(QStringLiteral("%1,%2").arg(m).arg(n)));
        }
    QCOMPARE(profile.at({3, 3}), 1.0);
}

void TestEncodingPictures::rowsTrainedMarksTheRowsOnlyEvaluationReaches()
{
    TrainingConfig config; // the seed's model, with a longer test length
    config.evalLengths = {14};
    TrainingSession session(config);
    const NdArray rows = session.encodingPictures().value("rows_trained");
    QCOMPARE(rows.shape, (std::vector<std::int64_t>{14}));
    for (int r = 0; r < 14; ++r)
        QCOMPARE(rows.values[std::size_t(r)], r < 10 ? 1.0 : 0.0);
    // Under Adam those rows get a zero gradient and stay exactly at their start.
    const Matrix before = session.embedding();
    while (!session.isFinished())
        session.step();
    const Matrix after = session.embedding();
    for (int r = 10; r < 14; ++r)
        QCOMPARE(after.at(r, 0), before.at(r, 0));
    QVERIFY(after.at(0, 0) != before.at(0, 0));
}

QTEST_GUILESS_MAIN(TestEncodingPictures)
#include "tst_encodingpictures.moc"
