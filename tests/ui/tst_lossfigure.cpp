// SPDX-License-Identifier: MIT
// The loss figure is the window's own chart (Qt Charts), drawn at the figure's size: the same
// code draws the live chart, the window's exports and `pelab train --figures`, so an export
// keeps the chart's smoothing, log scale and the steps in view.
#include "LossChartView.h"
#include "LossFigure.h"
#include "LossGrowth.h"
#include "RunExport.h"
#include "figures/FigureRenderer.h"
#include "figures/FigureWriter.h"

#include <QImage>
#include <QSet>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

using namespace pelab;

namespace {

FigureData lossData(std::int64_t steps = 96)
{
    FigureData data;
    data.config.seed = 7;
    data.config.task = TaskKind::PositionSignal;
    data.config.samples = 1024;
    data.config.batchSize = 32;
    data.config.epochs = (steps + 31) / 32;
    for (std::int64_t step = 1; step <= steps; ++step)
        data.losses.push_back({(step - 1) / 32 + 1, step, 1.0 / step + 0.01 * (step % 3)});
    return data;
}

// Every piece of text in an SVG, joined.
QString svgText(const QByteArray &svg)
{
    QXmlStreamReader xml(svg);
    QString text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isCharacters() && !xml.isWhitespace())
            text += xml.text();
    }
    if (xml.hasError())
        return QStringLiteral("XML error: ") + xml.errorString();
    return text;
}

QString svgOf(const FigureData &data)
{
    return svgText(renderFigureBytes(FigureKind::Loss, data, FigureFormat::Svg, QSize(1600, 1000)));
}

bool sameFrame(const LossFrame &a, const LossFrame &b)
{
    return a.xMin == b.xMin && a.xMax == b.xMax && a.raw == b.raw && a.smoothed == b.smoothed &&
           a.epochMeans == b.epochMeans && a.epochBoundaries == b.epochBoundaries &&
           a.validation == b.validation && a.accuracy == b.accuracy &&
           a.learningRateChanges == b.learningRateChanges && a.logScale == b.logScale &&
           a.logFloor == b.logFloor && a.yLow == b.yLow && a.yHigh == b.yHigh;
}

} // namespace

class TestLossFigure : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { registerLossFigure(); }
    void pngHasRequestedSizeAndContent_data();
    void pngHasRequestedSizeAndContent();
    void svgNamesWhatItShows();
    void exportRebuildsTheChartOnScreen();
    void chartSettingsReachTheFile();
    void validationIsDrawnWithTheLoss();
    void blowUpIsLabelled();
    void millionStepSvgStaysSmall();
};

void TestLossFigure::pngHasRequestedSizeAndContent_data()
{
    QTest::addColumn<QSize>("pixels");
    QTest::newRow("1600x1000") << QSize(1600, 1000);
    QTest::newRow("smallest") << QSize(480, 300);
}

void TestLossFigure::pngHasRequestedSizeAndContent()
{
    QFETCH(QSize, pixels);
    QString error;
    const QByteArray png =
        renderFigureBytes(FigureKind::Loss, lossData(), FigureFormat::Png, pixels, &error);
    QVERIFY2(!png.isEmpty(), qPrintable(error));
    const QImage image = QImage::fromData(png, "PNG");
    QCOMPARE(image.size(), pixels);
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colors.insert(image.pixel(x, y));
    QVERIFY2(colors.size() >= 20, qPrintable(QString::number(colors.size())));
}

void TestLossFigure::svgNamesWhatItShows()
{
    const QString text = svgOf(lossData());
    for (const char *expected :
         {"Training loss", "step", "loss (MSE)", "loss per step", "smoothed (EMA 0.90)",
          "epoch mean", "task position-signal", "seed 7", "batch size 32"})
        QVERIFY2(text.contains(QLatin1String(expected)), qPrintable(expected + (": " + text)));
    QVERIFY(!text.contains(QStringLiteral("not available")));
}

// The figure is drawn by a chart given the run and the live chart's settings: it holds
// exactly what the chart on screen holds, decimated the same way.
void TestLossFigure::exportRebuildsTheChartOnScreen()
{
    RunRecord run;
    run.validation = {{32, 4, 0.05, 0.5, std::nullopt}, {64, 4, 0.04, 0.75, std::nullopt}};
    FigureData data = lossData();
    data.losses.resize(80); // stopped mid-epoch: the third epoch has no mean yet
    data.run = &run;

    LossChartView live;
    RunStart start;
    start.config = data.config;
    start.totalSteps = data.config.totalSteps();
    start.stepsPerEpoch = data.config.stepsPerEpoch();
    live.reset(start);
    live.appendLosses(data.losses);
    std::vector<EpochSummary> epochs = epochSummaries(data.losses);
    epochs.pop_back(); // the window hears of an epoch when it ends
    live.appendEpochs(epochs);
    live.appendValidation(run.validation);
    live.setLearningRateChanges({40.5});
    live.setLogScale(true);
    live.setSmoothing(0.5);
    live.showSteps(10, 70);
    QVERIFY(!live.follow());

    live.setHighContrast(true);
    data.loss = live.display();
    data.lossScale = LossScale::Log;
    QVERIFY(data.loss.highContrast);
    QCOMPARE(data.loss.fromStep, 10.0);
    QCOMPARE(data.loss.toStep, 70.0);
    QCOMPARE(data.loss.smoothing, 0.5);
    LossChartView rebuilt;
    loadLossChart(rebuilt, data);
    QCOMPARE(rebuilt.epochCount(), live.epochCount());
    QVERIFY(rebuilt.highContrast());
    const LossFrame shown = live.frame(700, 350);
    QVERIFY(sameFrame(rebuilt.frame(700, 350), shown));
    QCOMPARE(shown.xMin, 10.0);
    QCOMPARE(shown.learningRateChanges, QList<double>{40.5});
    QVERIFY(shown.logScale);

    // Following (no zoom), the chart shows the steps done, and so does the figure.
    live.showSteps(NAN, NAN);
    data.loss = live.display();
    QVERIFY(std::isnan(data.loss.fromStep));
    loadLossChart(rebuilt, data);
    QVERIFY(sameFrame(rebuilt.frame(700, 350), live.frame(700, 350)));
}

void TestLossFigure::chartSettingsReachTheFile()
{
    FigureData data = lossData();
    const QString plain = svgOf(data);
    QVERIFY(!plain.contains(QStringLiteral("log scale")));
    data.lossScale = LossScale::Log;
    data.loss.smoothing = 0.5;
    data.loss.fromStep = 20;
    data.loss.toStep = 40;
    const QString set = svgOf(data);
    QVERIFY2(set.contains(QStringLiteral("loss (MSE), log scale")), qPrintable(set));
    QVERIFY2(set.contains(QStringLiteral("smoothed (EMA 0.50)")), qPrintable(set));
    // Zoomed to steps 20..40: the step axis is labelled there, not at 80 any more.
    QVERIFY2(set.contains(QStringLiteral("25")) || set.contains(QStringLiteral("30")),
             qPrintable(set));
    const QByteArray zoomed =
        renderFigureBytes(FigureKind::Loss, data, FigureFormat::Png, QSize(960, 600));
    data.loss.fromStep = data.loss.toStep = NAN;
    QVERIFY(renderFigureBytes(FigureKind::Loss, data, FigureFormat::Png, QSize(960, 600)) !=
            zoomed);
}

void TestLossFigure::validationIsDrawnWithTheLoss()
{
    RunRecord run;
    FigureData data = lossData();
    data.run = &run;
    QVERIFY(!svgOf(data).contains(QStringLiteral("validation")));
    // A validation loss above every training loss widens the axis to show it.
    run.validation = {{32, 4, 7.5, 0.25, std::nullopt}, {64, 4, 6.5, 0.5, std::nullopt}};
    const QString with = svgOf(data);
    QVERIFY2(with.contains(QStringLiteral("validation")), qPrintable(with));
    QVERIFY2(with.contains(QStringLiteral("7")), qPrintable(with));
    QVERIFY2(with.contains(QStringLiteral("validation accuracy")), qPrintable(with));
}

void TestLossFigure::blowUpIsLabelled()
{
    FigureData data = lossData(40);
    for (LossPoint &point : data.losses)
        point.loss = std::pow(10.0, double(point.step) / 4); // 1e10-fold by the end
    const std::optional<LossGrowth> growth = lossBlowUp(data.losses);
    QVERIFY(growth.has_value());
    const QString text = svgOf(data);
    QVERIFY2(text.contains(lossBlowUpLabel(*growth)), qPrintable(text));
    QVERIFY(!svgOf(lossData()).contains(lossBlowUpLabel(*growth)));
}

void TestLossFigure::millionStepSvgStaysSmall()
{
    FigureData data = lossData();
    data.losses.clear();
    data.config.samples = 32'000;
    data.config.epochs = 1000;
    for (std::int64_t step = 1; step <= 1'000'000; ++step)
        data.losses.push_back({(step - 1) / 1000 + 1, step,
                               1.0 / std::sqrt(double(step)) * (1 + 0.5 * std::sin(step * 0.37))});
    const QByteArray svg =
        renderFigureBytes(FigureKind::Loss, data, FigureFormat::Svg, QSize(1600, 1000));
    QVERIFY(!svgText(svg).startsWith(QStringLiteral("XML error")));
    // Undecimated, a million vertices would take about 20 MB.
    QVERIFY2(svg.size() < 600'000, qPrintable(QString::number(svg.size())));
}

QTEST_MAIN(TestLossFigure)
#include "tst_lossfigure.moc"
