// SPDX-License-Identifier: MIT
// The loss chart's pure logic: min/max decimation, debiased EMA, history, axis scaling and
// the followed/zoomed step range. No widgets.
#include "LossAxisScaling.h"
#include "LossHistory.h"
#include "LossPlot.h"
#include "LossSeriesDecimator.h"
#include "LossViewport.h"
#include "figures/EmaSmoother.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <random>

using namespace pelab;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Series {
    std::vector<double> xs;
    std::vector<double> ys;
};

Series noisy(int count, unsigned seed)
{
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0, 0.05);
    Series series;
    for (int i = 1; i <= count; ++i) {
        series.xs.push_back(i);
        series.ys.push_back(std::exp(-i / 300.0) + noise(random));
    }
    return series;
}

} // namespace

Q_DECLARE_METATYPE(Series)

class TestLossDecimation : public QObject {
    Q_OBJECT
private slots:
    void decimationKeepsColumnExtremes_data();
    void decimationKeepsColumnExtremes();
    void decimationOfEmptyOrInvalidRange();
    void emaIsDebiased();
    void emaWithWeightZeroIsRaw_data();
    void emaWithWeightZeroIsRaw();
    void emaSkipsNonFiniteValues();
    void historyInBatchesEqualsWholeSeries();
    void historyDropsRepeatedSteps();
    void historyPlacesEpochsAtTheirLastStep();
    void epochBoundariesThinToNiceStrides_data();
    void epochBoundariesThinToNiceStrides();
    void niceTickIntervals_data();
    void niceTickIntervals();
    void logFloorAndRange();
    void viewportFollowSlidesTheZoomedWindow();
    void viewportZoomAndPanStayInsideTheRun();
};

void TestLossDecimation::decimationKeepsColumnExtremes_data()
{
    QTest::addColumn<Series>("series");
    QTest::addColumn<double>("xMin");
    QTest::addColumn<double>("xMax");
    QTest::addColumn<int>("columns");

    Series spikes = noisy(100000, 1);
    for (int i : {17, 31337, 31338, 65000, 99999}) // lone spikes, a double spike, the last point
        spikes.ys[i] = (i % 2) ? 50.0 : -50.0;
    QTest::newRow("spikes") << spikes << 0.0 << 100000.0 << 500;

    Series constant = noisy(20000, 2);
    std::fill(constant.ys.begin(), constant.ys.end(), 0.25);
    QTest::newRow("constant") << constant << 0.0 << 20000.0 << 300;

    QTest::newRow("fewer points than columns") << noisy(10, 3) << 0.0 << 10.0 << 1000;
    QTest::newRow("sub range") << noisy(50000, 4) << 12345.5 << 23456.0 << 640;
    QTest::newRow("many points per column") << noisy(300000, 10) << 0.0 << 300000.0 << 37;
    QTest::newRow("one column") << noisy(1000, 5) << 0.0 << 1000.0 << 1;
    QTest::newRow("single point") << noisy(1, 6) << 0.0 << 1.0 << 100;

    Series nonFinite = noisy(30000, 7);
    for (int i = 0; i < 30000; i += 97)
        nonFinite.ys[i] = (i % 3 == 0) ? kNaN : ((i % 3 == 1) ? kInf : -kInf);
    std::fill(nonFinite.ys.begin() + 5000, nonFinite.ys.begin() + 6000, kNaN); // a NaN stretch
    QTest::newRow("NaN and inf") << nonFinite << 0.0 << 30000.0 << 400;
}

void TestLossDecimation::decimationKeepsColumnExtremes()
{
    QFETCH(Series, series);
    QFETCH(double, xMin);
    QFETCH(double, xMax);
    QFETCH(int, columns);

    const DecimatedSeries out = decimateMinMax(series.xs, series.ys, xMin, xMax, columns);

    // Brute force: every column's finite min and max, and the range's extent. Columns split
    // the range with the decimator's own formula, so both agree on boundary points.
    const double scale = columns / (xMax - xMin);
    const auto columnOf = [&](double x) { return std::min(int((x - xMin) * scale), columns - 1); };
    std::vector<double> low(columns, kInf);
    std::vector<double> high(columns, -kInf);
    double globalLow = kInf;
    double globalHigh = -kInf;
    qint64 inRange = 0;
    qint64 nonFinite = 0;
    for (std::size_t i = 0; i < series.xs.size(); ++i) {
        const double x = series.xs[i];
        const double y = series.ys[i];
        if (x < xMin || x > xMax)
            continue;
        if (!std::isfinite(y)) {
            ++nonFinite;
            continue;
        }
        ++inRange;
        const int c = columnOf(x);
        low[c] = std::min(low[c], y);
        high[c] = std::max(high[c], y);
        globalLow = std::min(globalLow, y);
        globalHigh = std::max(globalHigh, y);
    }
    QVERIFY(inRange > 0);
    QCOMPARE(out.nonFinite, nonFinite);
    QCOMPARE(out.yMin, globalLow);
    QCOMPARE(out.yMax, globalHigh);

    QVERIFY2(out.points.size() <= 2 * columns + 2, qPrintable(QString::number(out.points.size())));
    std::vector<bool> sawLow(columns, false);
    std::vector<bool> sawHigh(columns, false);
    for (qsizetype i = 0; i < out.points.size(); ++i) {
        const QPointF p = out.points[i];
        QVERIFY2(std::isfinite(p.y()), "a non-finite value reached the drawn points");
        if (i > 0)
            QVERIFY2(p.x() > out.points[i - 1].x(), "x must ascend");
        if (p.x() < xMin || p.x() > xMax)
            continue;
        const int c = columnOf(p.x());
        sawLow[c] = sawLow[c] || p.y() == low[c];
        sawHigh[c] = sawHigh[c] || p.y() == high[c];
    }
    for (int c = 0; c < columns; ++c) {
        if (low[c] == kInf)
            continue; // an empty column
        QVERIFY2(sawLow[c], qPrintable(QStringLiteral("column %1 lost its minimum").arg(c)));
        QVERIFY2(sawHigh[c], qPrintable(QStringLiteral("column %1 lost its maximum").arg(c)));
    }
    if (inRange <= columns && nonFinite == 0)
        QCOMPARE(out.points.size(), inRange); // nothing to thin: every point survives

    // The indexed decimator gives exactly the same result, with the index grown in uneven
    // batches as a live run would grow it.
    ExtremaIndex index;
    for (std::size_t size = 0; size < series.ys.size();) {
        size = std::min(series.ys.size(), size + 1 + size / 3);
        index.update(std::span<const double>(series.ys).first(size));
    }
    const DecimatedSeries fast = decimateMinMax(series.xs, series.ys, index, xMin, xMax, columns);
    QCOMPARE(fast.points, out.points);
    QCOMPARE(fast.nonFinite, out.nonFinite);
    QCOMPARE(fast.yMin, out.yMin);
    QCOMPARE(fast.yMax, out.yMax);
    QCOMPARE(fast.minPositive, out.minPositive);
}

void TestLossDecimation::decimationOfEmptyOrInvalidRange()
{
    const Series series = noisy(100, 8);
    QVERIFY(decimateMinMax({}, {}, 0, 10, 100).points.isEmpty());
    QVERIFY(decimateMinMax(series.xs, series.ys, 10, 5, 100).points.isEmpty());
    QVERIFY(decimateMinMax(series.xs, series.ys, kNaN, 5, 100).points.isEmpty());
    // A range between two points keeps its neighbours, so the line still crosses the plot.
    const DecimatedSeries between = decimateMinMax(series.xs, series.ys, 10.2, 10.8, 100);
    QCOMPARE(between.points.size(), 2);
    QCOMPARE(between.points[0].x(), 10.0);
    QCOMPARE(between.points[1].x(), 11.0);
    QVERIFY(std::isnan(between.yMin));
}

void TestLossDecimation::emaIsDebiased()
{
    // By hand, w = 0.5: ema_n = 0.5 ema_{n-1} + 0.5 x_n, divided by 1 - 0.5^n.
    // 1: 0.5 / 0.5 = 1;  2: 1.25 / 0.75 = 5/3;  3: 2.125 / 0.875 = 17/7.
    const std::vector<double> smoothed = EmaSmoother::smooth(std::vector<double>{1, 2, 3}, 0.5);
    QCOMPARE(smoothed.size(), std::size_t(3));
    QCOMPARE(smoothed[0], 1.0);
    QCOMPARE(smoothed[1], 5.0 / 3.0);
    QCOMPARE(smoothed[2], 17.0 / 7.0);
    // Without the debias the first value would be pulled to half of itself.
    EmaSmoother heavy(0.9);
    QCOMPARE(heavy.add(4.0), 4.0);
}

void TestLossDecimation::emaWithWeightZeroIsRaw_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::newRow("decay") << std::vector<double>{0.9, 0.5, 0.31, 0.2, 0.18};
    QTest::newRow("signs and zero") << std::vector<double>{-1.5, 0.0, 2.25, -0.0, 1e-30};
    QTest::newRow("large") << std::vector<double>{1e300, 3e300, 1e-300};
}

void TestLossDecimation::emaWithWeightZeroIsRaw()
{
    QFETCH(std::vector<double>, values);
    QCOMPARE(EmaSmoother::smooth(values, 0.0), values);
}

void TestLossDecimation::emaSkipsNonFiniteValues()
{
    const std::vector<double> smoothed =
        EmaSmoother::smooth(std::vector<double>{1, kNaN, 3, kInf}, 0.5);
    QCOMPARE(smoothed[0], 1.0);
    QVERIFY(std::isnan(smoothed[1]));
    QCOMPARE(smoothed[2], 1.75 / 0.75); // as if the NaN was never there
    QCOMPARE(smoothed[3], kInf);
    QCOMPARE(EmaSmoother(5.0).weight(), EmaSmoother::maxWeight);
    QCOMPARE(EmaSmoother(-1.0).weight(), 0.0);
}

void TestLossDecimation::historyInBatchesEqualsWholeSeries()
{
    const Series series = noisy(1000, 9);
    LossHistory batched;
    batched.setSmoothing(0.8);
    for (int first = 0; first < 1000; first += 37) {
        std::vector<LossPoint> batch;
        for (int i = first; i < std::min(first + 37, 1000); ++i)
            batch.push_back({1 + i / 100, std::int64_t(series.xs[i]), series.ys[i]});
        batched.append(batch);
    }
    QCOMPARE(batched.size(), 1000);
    QCOMPARE(batched.smoothed(), EmaSmoother::smooth(series.ys, 0.8));
    batched.setSmoothing(0.3); // recomputed over everything held
    QCOMPARE(batched.smoothed(), EmaSmoother::smooth(series.ys, 0.3));
}

void TestLossDecimation::historyDropsRepeatedSteps()
{
    LossHistory history;
    history.append({{1, 1, 0.5}, {1, 2, 0.4}, {1, 3, 0.3}});
    history.append({{1, 3, 9.0}, {1, 2, 9.0}, {1, 4, 0.2}}); // a repeated snapshot overlaps
    QCOMPARE(history.size(), 4);
    QCOMPARE(history.losses(), (std::vector<double>{0.5, 0.4, 0.3, 0.2}));
    QCOMPARE(history.indexNearest(2.4), 1);
    QCOMPARE(history.indexNearest(100), 3);
}

void TestLossDecimation::historyPlacesEpochsAtTheirLastStep()
{
    LossHistory history;
    std::vector<LossPoint> losses;
    for (int step = 1; step <= 25; ++step) // 10 steps per epoch, the last epoch unfinished
        losses.push_back({(step - 1) / 10 + 1, step, 1.0 / step});
    history.append(losses);
    history.setStepsPerEpoch(10);
    history.appendEpochs({{1, 0.1, 0.3}, {2, 0.05, 0.07}});
    QCOMPARE(history.epochSteps(), (std::vector<double>{10, 20}));
    QCOMPARE(history.epochMeans(), (std::vector<double>{0.3, 0.07}));
    QCOMPARE(history.epochOfStep(10), 1);
    QCOMPARE(history.epochOfStep(11), 2);
    QCOMPARE(history.epochOfStep(25), 3);
}

void TestLossDecimation::epochBoundariesThinToNiceStrides_data()
{
    QTest::addColumn<int>("epochs");
    QTest::addColumn<int>("stepsPerEpoch");
    QTest::addColumn<double>("widthPx");
    QTest::addColumn<int>("stride");
    QTest::newRow("wide epochs: every one") << 10 << 300 << 1000.0 << 1;
    QTest::newRow("20 px apart: every 2nd") << 100 << 10 << 2000.0 << 2;
    QTest::newRow("5000 epochs: every 200th") << 5000 << 2 << 800.0 << 200;
}

void TestLossDecimation::epochBoundariesThinToNiceStrides()
{
    QFETCH(int, epochs);
    QFETCH(int, stepsPerEpoch);
    QFETCH(double, widthPx);
    QFETCH(int, stride);
    std::vector<double> ends;
    for (int e = 1; e <= epochs; ++e)
        ends.push_back(double(e) * stepsPerEpoch);
    const double span = double(epochs) * stepsPerEpoch;
    const QList<double> lines = epochBoundaries(ends, 0, span, widthPx, 24);
    QCOMPARE(lines.size(), epochs / stride);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QCOMPARE(lines[i], double((i + 1) * stride * stepsPerEpoch) + 0.5);
        if (i > 0)
            QVERIFY((lines[i] - lines[i - 1]) / span * widthPx >= 24);
    }
    // Zoomed into the middle: only the epochs ending inside the range.
    const QList<double> zoomed =
        epochBoundaries(ends, span / 2, span / 2 + 3 * stepsPerEpoch, widthPx, 24);
    QVERIFY(zoomed.size() >= 1 && zoomed.size() <= 4);
}

void TestLossDecimation::niceTickIntervals_data()
{
    QTest::addColumn<double>("span");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<double>("interval");
    QTest::newRow("million steps") << 1e6 << 10 << 1e5;
    QTest::newRow("rounds up to 2") << 1e6 << 6 << 2e5;
    QTest::newRow("rounds up to 5") << 0.9 << 4 << 0.5;
    QTest::newRow("small loss") << 0.0031 << 5 << 0.001;
    QTest::newRow("exact") << 50.0 << 5 << 10.0;
}

void TestLossDecimation::niceTickIntervals()
{
    QFETCH(double, span);
    QFETCH(int, maxTicks);
    QFETCH(double, interval);
    QCOMPARE(axisscaling::niceTickInterval(span, maxTicks), interval);
}

void TestLossDecimation::logFloorAndRange()
{
    // A decade below the smallest positive value, never more than 12 below the top.
    QCOMPARE(axisscaling::logFloor(0.01, 1.0), 0.001);
    QCOMPARE(axisscaling::logFloor(1e-30, 1.0), 1e-12);
    QVERIFY(axisscaling::logFloor(kNaN, kNaN) > 0);
    // Spanning decade labels (0.01, 0.1): tight, with headroom.
    const auto tight = axisscaling::logRange(0.003, 0.7);
    QVERIFY(tight.min < 0.003 && tight.min > 0.001);
    QVERIFY(tight.max > 0.7 && tight.max < 1.0);
    // Inside one decade: widened to the decades around it, so both ends are labelled.
    const auto decade = axisscaling::logRange(0.2, 0.5);
    QVERIFY(decade.min < 0.1 && decade.min > 0.0999999);
    QVERIFY(decade.max > 1.0 && decade.max < 1.000001);
    const auto fallback = axisscaling::logRange(0.0, -1.0);
    QVERIFY(fallback.min > 0 && fallback.max > fallback.min);
}

void TestLossDecimation::viewportFollowSlidesTheZoomedWindow()
{
    LossViewport viewport;
    viewport.setExtent(10000, 1000);
    QVERIFY(viewport.follow());
    QCOMPARE(viewport.range().min, 0.0);
    QCOMPARE(viewport.range().max, 1050.0); // the steps done and 5% room, not the whole run
    viewport.setExtent(10000, 9900);
    QCOMPARE(viewport.range().max, 10000.0); // never past the run's end
    viewport.setExtent(10000, 3);
    QCOMPARE(viewport.range().max, viewport.minimumWidth()); // the first steps: 10 wide
    viewport.setExtent(10000, 1000);
    viewport.zoomTo(400, 900);
    QVERIFY(!viewport.follow());
    viewport.setFollow(true); // keeps the 500-step width, slides to the newest step
    viewport.setExtent(10000, 5000);
    const auto range = viewport.range();
    QCOMPARE(range.width(), 500.0);
    QVERIFY(range.min < 5000 && 5000 < range.max);
    viewport.reset();
    QCOMPARE(viewport.range().width(), 5250.0); // the steps done again
}

void TestLossDecimation::viewportZoomAndPanStayInsideTheRun()
{
    LossViewport viewport;
    viewport.setExtent(1000, 1000);
    viewport.zoomTo(500, 500.5); // too narrow: widened to the minimum around its middle
    QCOMPARE(viewport.range().width(), viewport.minimumWidth());
    viewport.panBy(-1e9);
    QCOMPARE(viewport.range().min, 0.0);
    viewport.zoomAround(0, 1e6);
    QCOMPARE(viewport.range().max, 1000.0);
    viewport.panBy(kNaN); // ignored, not propagated
    QCOMPARE(viewport.range().min, 0.0);
}

QTEST_GUILESS_MAIN(TestLossDecimation)
#include "tst_lossdecimation.moc"
