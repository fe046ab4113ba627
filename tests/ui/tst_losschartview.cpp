// SPDX-License-Identifier: MIT
// The live loss chart as a user drives it: data in batches, log scale, smoothing, zoom,
// pan, Follow and hover, found by objectName on the offscreen platform.
#include "figures/EmaSmoother.h"
#include "ui/LossChartTestSupport.h"

#include <QCheckBox>
#include <QLabel>
#include <QLogValueAxis>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

using namespace pelab;
using namespace pelab::test;

class TestLossChartView : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void controlsAreNamedAndExplained();
    void batchesAreDrawnTogetherOnTheTimer();
    void drawnPointsAreDecimatedButKeepSpikes();
    void smoothedSeriesIsTheDebiasedEma();
    void smoothingSliderSetsTheWeight();
    void logScaleSurvivesZerosAndNonFinite();
    void hoverShowsStepAndValue();
    void hoverSaysWhenLogScaleClamps();
    void epochMeansSitAtEpochEnds();
    void epochBoundariesAreThinned();
    void followKeepsTheNewestStepInView();
    void userViewChangeTurnsFollowOff_data();
    void userViewChangeTurnsFollowOff();
    void resetZoomFollowsAgain();
    void resetClearsTheRun();

private:
    std::unique_ptr<LossChartView> m_view;
};

void TestLossChartView::init()
{
    m_view = std::make_unique<LossChartView>();
    m_view->resize(900, 500);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestLossChartView::cleanup()
{
    m_view.reset();
}

void TestLossChartView::controlsAreNamedAndExplained()
{
    for (const char *name :
         {"logScaleCheck", "smoothingSlider", "followCheck", "resetZoomButton", "lossChartView"}) {
        auto *widget = m_view->findChild<QWidget *>(QLatin1String(name));
        QVERIFY2(widget, name);
        if (QLatin1String(name) != QLatin1String("lossChartView"))
            QVERIFY2(widget->toolTip().size() > 20, name);
    }
    QCOMPARE(xAxis(*m_view)->titleText(), QStringLiteral("step"));
}

void TestLossChartView::batchesAreDrawnTogetherOnTheTimer()
{
    m_view->reset(runOf(1000, 100));
    QLineSeries *raw = series(*m_view, QStringLiteral("rawLossSeries"));
    QVERIFY(raw);
    QSignalSpy replaced(raw, &QXYSeries::pointsReplaced);
    for (std::int64_t first = 1; first <= 500; first += 50)
        m_view->appendLosses(lossesFor(first, first + 49, 100));
    QCOMPARE(m_view->pointCount(), 500);
    QCOMPARE(raw->count(), 0); // held, not drawn yet: drawing waits for the timer
    QTRY_COMPARE(raw->count(), 500);
    QCOMPARE(replaced.count(), 1); // ten batches, one replace
    QCOMPARE(raw->at(499).x(), 500.0);
}

void TestLossChartView::drawnPointsAreDecimatedButKeepSpikes()
{
    m_view->reset(runOf(200000, 1000));
    std::vector<LossPoint> losses = lossesFor(1, 200000, 1000);
    losses[123456].loss = 42.0;
    m_view->appendLosses(losses);
    m_view->redrawNow();
    QLineSeries *raw = series(*m_view, QStringLiteral("rawLossSeries"));
    // At most 2 points per pixel column (+2 neighbours); once the axis labels have settled
    // the plot width, within the 2 px a redraw tolerates before re-decimating.
    const auto bound = [&] { return 2 * (m_view->chart()->plotArea().width() + 2) + 2; };
    QVERIFY(m_view->chart()->plotArea().width() > 100);
    QTRY_VERIFY2(raw->count() <= bound(), qPrintable(QString::number(raw->count())));
    QVERIFY(raw->count() > 500);
    double highest = 0;
    for (const QPointF &p : raw->points())
        highest = std::max(highest, p.y());
    QCOMPARE(highest, 42.0);
    QCOMPARE(m_view->pointCount(), 200000); // all kept
}

void TestLossChartView::smoothedSeriesIsTheDebiasedEma()
{
    m_view->reset(runOf(100, 10));
    const std::vector<LossPoint> losses = lossesFor(1, 100, 10);
    m_view->appendLosses(losses);
    m_view->setSmoothing(0.9);
    m_view->redrawNow();
    std::vector<double> values;
    for (const LossPoint &p : losses)
        values.push_back(p.loss);
    const std::vector<double> expected = EmaSmoother::smooth(values, 0.9);
    QLineSeries *smoothed = series(*m_view, QStringLiteral("smoothedLossSeries"));
    QCOMPARE(smoothed->count(), 100); // fewer steps than pixels: nothing thinned
    for (int i = 0; i < 100; ++i)
        QCOMPARE(smoothed->at(i).y(), expected[std::size_t(i)]);
    QVERIFY(smoothed->name().contains(QStringLiteral("0.90")));
}

void TestLossChartView::smoothingSliderSetsTheWeight()
{
    auto *slider = m_view->findChild<QSlider *>(QStringLiteral("smoothingSlider"));
    auto *label = m_view->findChild<QLabel *>(QStringLiteral("smoothingValue"));
    slider->setValue(250);
    QCOMPARE(m_view->smoothing(), 0.25);
    QCOMPARE(label->text(), QStringLiteral("0.25"));
    m_view->setSmoothing(0.999);
    QCOMPARE(slider->value(), 999);
    QCOMPARE(label->text(), QStringLiteral("0.999"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("smoothing must be in \\[0, 0.999\\]"));
    m_view->setSmoothing(1.5);
    QCOMPARE(m_view->smoothing(), EmaSmoother::maxWeight);
}

void TestLossChartView::logScaleSurvivesZerosAndNonFinite()
{
    m_view->reset(runOf(12, 4));
    const std::vector<double> values{0.9,  0.0,    0.5,  -0.25, kNaN, 0.1,
                                     kInf, 1e-300, 0.05, -kInf, 0.0,  0.02};
    std::vector<LossPoint> losses;
    for (std::size_t i = 0; i < values.size(); ++i)
        losses.push_back({std::int64_t(i) / 4 + 1, std::int64_t(i) + 1, values[i]});
    m_view->appendLosses(losses);
    m_view->appendEpochs({{1, 0.0, 0.0}, {2, 0.1, -1.0}});
    m_view->findChild<QCheckBox *>(QStringLiteral("logScaleCheck"))->click();
    QVERIFY(m_view->logScale());
    m_view->redrawNow();

    auto *logAxis = qobject_cast<QLogValueAxis *>(yAxis(*m_view));
    QVERIFY2(logAxis, "the one visible vertical axis should be logarithmic");
    QCOMPARE(m_view->pointCount(), qint64(values.size()));
    int drawn = 0;
    for (const QString name : {"rawLossSeries", "smoothedLossSeries", "epochMeanSeries"}) {
        for (const QPointF &p : series(*m_view, name)->points()) {
            QVERIFY2(std::isfinite(p.y()) && p.y() > 0, qPrintable(name));
            QVERIFY2(p.y() >= logAxis->min(), qPrintable(name));
            ++drawn;
        }
    }
    QCOMPARE(series(*m_view, QStringLiteral("rawLossSeries"))->count(), 9); // finite values
    QVERIFY(drawn > 9);

    m_view->setLogScale(false);
    m_view->redrawNow();
    QVERIFY(qobject_cast<QValueAxis *>(yAxis(*m_view)));
    const QList<QPointF> linear = series(*m_view, QStringLiteral("rawLossSeries"))->points();
    QVERIFY(std::any_of(linear.begin(), linear.end(), [](QPointF p) { return p.y() < 0; }));
}

void TestLossChartView::hoverShowsStepAndValue()
{
    m_view->reset(runOf(40, 10));
    const std::vector<LossPoint> losses = lossesFor(1, 40, 10);
    m_view->appendLosses(losses);
    m_view->redrawNow();
    QSignalSpy follow(m_view.get(), &LossChartView::followChanged);
    QWidget *viewport = canvas(*m_view)->viewport();
    sendMouse(viewport, QEvent::MouseMove, viewportPos(*m_view, {23, losses[22].loss}),
              Qt::NoButton, Qt::NoButton);
    QVERIFY(canvas(*m_view)->hoverVisible());
    const QString text = canvas(*m_view)->hoverText();
    QVERIFY2(text.contains(QStringLiteral("step 23, epoch 3")), qPrintable(text));
    QVERIFY2(text.contains(QString::number(losses[22].loss, 'g', 6)), qPrintable(text));
    QCOMPARE(follow.count(), 0); // hovering is not a view change
    QVERIFY(m_view->follow());
}

void TestLossChartView::hoverSaysWhenLogScaleClamps()
{
    m_view->reset(runOf(10, 10));
    std::vector<LossPoint> losses = lossesFor(1, 10, 10);
    losses[4].loss = 0.0;
    m_view->appendLosses(losses);
    m_view->setLogScale(true);
    m_view->redrawNow();
    sendMouse(canvas(*m_view)->viewport(), QEvent::MouseMove,
              viewportPos(*m_view, {5, losses[5].loss}), Qt::NoButton, Qt::NoButton);
    const QString text = canvas(*m_view)->hoverText();
    QVERIFY2(text.contains(QStringLiteral("step 5")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("cannot show 0")), qPrintable(text));
}

void TestLossChartView::epochMeansSitAtEpochEnds()
{
    m_view->reset(runOf(100, 20));
    m_view->appendLosses(lossesFor(1, 100, 20));
    std::vector<EpochSummary> epochs;
    for (std::int64_t e = 1; e <= 5; ++e)
        epochs.push_back({e, 0.5 / double(e), 0.6 / double(e)});
    m_view->appendEpochs(epochs);
    QCOMPARE(m_view->epochCount(), 5);
    m_view->redrawNow();
    const QList<QPointF> means = series(*m_view, QStringLiteral("epochMeanSeries"))->points();
    QCOMPARE(means.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(means[i], QPointF(20.0 * (i + 1), 0.6 / (i + 1)));
    QCOMPARE(series(*m_view, QStringLiteral("epochBoundarySeries"))->count(), 2 * 5);
}

void TestLossChartView::epochBoundariesAreThinned()
{
    m_view->reset(runOf(10000, 2));
    m_view->appendLosses(lossesFor(1, 10000, 2));
    std::vector<EpochSummary> epochs;
    for (std::int64_t e = 1; e <= 5000; ++e)
        epochs.push_back({e, 0.1, 0.1});
    m_view->appendEpochs(epochs);
    m_view->redrawNow();
    const qsizetype lines = series(*m_view, QStringLiteral("epochBoundarySeries"))->count() / 2;
    QVERIFY(lines >= 1);
    QVERIFY2(lines <= m_view->chart()->plotArea().width() / 20, qPrintable(QString::number(lines)));
    QCOMPARE(m_view->epochCount(), 5000);
}

void TestLossChartView::followKeepsTheNewestStepInView()
{
    m_view->reset(runOf(100000, 1000));
    m_view->appendLosses(lossesFor(1, 1000, 1000));
    m_view->redrawNow();
    // Following: the 1,000 steps done fill the chart (and 5% room), not the 100,000 to come.
    QCOMPARE(xAxis(*m_view)->max(), 1050.0);
    m_view->setFollow(false);
    m_view->findChild<QCheckBox *>(QStringLiteral("followCheck"))->click();
    QVERIFY(m_view->follow());

    // Zoomed into a 500-step window, then following again: the window slides.
    sendWheel(canvas(*m_view)->viewport(), viewportPos(*m_view, {900, 0.5}), 120 * 20);
    QVERIFY(!m_view->follow());
    m_view->setFollow(true);
    m_view->redrawNow();
    const double width = xAxis(*m_view)->max() - xAxis(*m_view)->min();
    QVERIFY(width < 10000);
    for (std::int64_t first = 1001; first <= 40000; first += 3000) {
        m_view->appendLosses(lossesFor(first, first + 2999, 1000));
        QTRY_VERIFY(xAxis(*m_view)->max() >= double(first + 2999));
        QVERIFY(xAxis(*m_view)->min() <= double(first + 2999));
        QCOMPARE(xAxis(*m_view)->max() - xAxis(*m_view)->min(), width);
    }
}

void TestLossChartView::userViewChangeTurnsFollowOff_data()
{
    QTest::addColumn<QString>("gesture");
    QTest::addColumn<bool>("narrows");
    QTest::newRow("wheel") << QStringLiteral("wheel") << true;
    QTest::newRow("rubber band") << QStringLiteral("drag") << true;
    QTest::newRow("right-drag pan") << QStringLiteral("pan") << false;
    QTest::newRow("shift-drag pan") << QStringLiteral("shift-pan") << false;
}

void TestLossChartView::userViewChangeTurnsFollowOff()
{
    QFETCH(QString, gesture);
    QFETCH(bool, narrows);
    m_view->reset(runOf(5000, 500));
    m_view->appendLosses(lossesFor(1, 5000, 500));
    m_view->redrawNow();
    // Start zoomed in and following, so a pan has room to move the window back.
    sendWheel(canvas(*m_view)->viewport(), viewportPos(*m_view, {2500, 0.5}), 360);
    m_view->setFollow(true);
    m_view->redrawNow();
    const double before = xAxis(*m_view)->min();
    const double width = xAxis(*m_view)->max() - before;
    QVERIFY(width < 4000);

    QSignalSpy followChanged(m_view.get(), &LossChartView::followChanged);
    QWidget *viewport = canvas(*m_view)->viewport();
    const double stepA = before + 0.3 * width;
    const double stepB = before + 0.6 * width;
    const QPoint a = viewportPos(*m_view, {stepA, 0.5});
    const QPoint b = viewportPos(*m_view, {stepB, 0.5});
    if (gesture == QLatin1String("wheel")) {
        sendWheel(viewport, a, 240);
    } else {
        const Qt::MouseButton button =
            gesture == QLatin1String("pan") ? Qt::RightButton : Qt::LeftButton;
        const Qt::KeyboardModifiers modifiers =
            gesture == QLatin1String("shift-pan") ? Qt::ShiftModifier : Qt::NoModifier;
        sendMouse(viewport, QEvent::MouseButtonPress, a, button, button, modifiers);
        sendMouse(viewport, QEvent::MouseMove, b, Qt::NoButton, button, modifiers);
        sendMouse(viewport, QEvent::MouseButtonRelease, b, button, Qt::NoButton, modifiers);
    }
    QCOMPARE(followChanged.count(), 1);
    QCOMPARE(followChanged.at(0).at(0).toBool(), false);
    QVERIFY(!m_view->follow());
    QVERIFY(!m_view->findChild<QCheckBox *>(QStringLiteral("followCheck"))->isChecked());

    m_view->redrawNow();
    const double newMin = xAxis(*m_view)->min();
    const double newWidth = xAxis(*m_view)->max() - newMin;
    if (narrows) {
        QVERIFY2(newWidth < 0.7 * width, qPrintable(QString::number(newWidth)));
        QVERIFY(newMin <= stepA + 1 && stepA <= xAxis(*m_view)->max());
    } else {
        // Dragging right by 0.3 of the window brings earlier steps in by as much.
        QCOMPARE(newWidth, width);
        QVERIFY2(std::abs(before - newMin - (stepB - stepA)) < width * 0.01,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(newMin)));
    }
}

void TestLossChartView::resetZoomFollowsAgain()
{
    m_view->reset(runOf(5000, 500));
    m_view->appendLosses(lossesFor(1, 3000, 500));
    m_view->redrawNow();
    sendWheel(canvas(*m_view)->viewport(), viewportPos(*m_view, {1000, 0.5}), 360);
    QVERIFY(!m_view->follow());
    QSignalSpy followChanged(m_view.get(), &LossChartView::followChanged);
    m_view->findChild<QPushButton *>(QStringLiteral("resetZoomButton"))->click();
    QCOMPARE(followChanged.count(), 1);
    QCOMPARE(followChanged.at(0).at(0).toBool(), true);
    QTRY_COMPARE(xAxis(*m_view)->max(), 3150.0); // the 3,000 steps done, and 5% room
    QCOMPARE(xAxis(*m_view)->min(), 0.0);
}

void TestLossChartView::resetClearsTheRun()
{
    m_view->reset(runOf(300, 100));
    m_view->appendLosses(lossesFor(1, 300, 100));
    m_view->appendEpochs({{1, 0.5, 0.6}, {2, 0.4, 0.45}});
    QTRY_COMPARE(series(*m_view, QStringLiteral("rawLossSeries"))->count(), 300);

    m_view->reset(runOf(2000, 100));
    QCOMPARE(m_view->pointCount(), 0);
    QCOMPARE(m_view->epochCount(), 0);
    QTRY_COMPARE(series(*m_view, QStringLiteral("rawLossSeries"))->count(), 0);
    QCOMPARE(series(*m_view, QStringLiteral("epochMeanSeries"))->count(), 0);
    QCOMPARE(xAxis(*m_view)->max(), 10.0); // no step done yet: the narrowest range

    m_view->appendLosses(lossesFor(1, 50, 100));
    m_view->clear();
    QCOMPARE(m_view->pointCount(), 0);
    QTRY_COMPARE(series(*m_view, QStringLiteral("smoothedLossSeries"))->count(), 0);
}

QTEST_MAIN(TestLossChartView)
#include "tst_losschartview.moc"
