// SPDX-License-Identifier: MIT
#include "LossPlot.h"

#include "LossAxisScaling.h"

#include <QChart>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

const QColor kLossColor(31, 119, 180);        // matplotlib's tab:blue
const QColor kRawColor(174, 204, 228);        // the same blue, mostly white
const QColor kEpochColor(255, 127, 14);       // tab:orange
const QColor kValidationColor(44, 160, 44);   // tab:green
const QColor kAccuracyColor(148, 103, 189);   // tab:purple
const QColor kLearningRateColor(214, 39, 40); // tab:red
const QColor kInkColor(60, 60, 60);

void styleAxis(QAbstractAxis *axis, const QString &title)
{
    axis->setTitleText(title);
    axis->setTitleBrush(kInkColor);
    axis->setLabelsColor(kInkColor);
    axis->setLinePenColor(QColor(0, 0, 0, 90));
    // Solid hairlines: the theme's dashed minor grid costs more to draw than the data.
    axis->setGridLinePen(QPen(QColor(0, 0, 0, 28), 1));
    axis->setMinorGridLinePen(QPen(QColor(0, 0, 0, 14), 1));
}

QLineSeries *makeSeries(const QString &objectName, const QString &name, const QPen &pen)
{
    auto *series = new QLineSeries;
    series->setObjectName(objectName);
    series->setName(name);
    series->setPen(pen);
    return series;
}

// The smallest of 1, 2, 5, 10, 20... that is at least `n`: strides read as "every 5th
// epoch", not "every 7th".
std::int64_t niceStride(double n)
{
    for (std::int64_t magnitude = 1;; magnitude *= 10) {
        for (std::int64_t step : {1, 2, 5}) {
            if (double(step * magnitude) >= n)
                return step * magnitude;
        }
    }
}

} // namespace

QList<double> epochBoundaries(std::span<const double> epochEnds, double xMin, double xMax,
                              double plotWidthPx, double minSpacingPx)
{
    QList<double> steps;
    const auto first = std::lower_bound(epochEnds.begin(), epochEnds.end(), xMin);
    const auto last = std::upper_bound(epochEnds.begin(), epochEnds.end(), xMax);
    if (first == last || !(xMax > xMin) || !(plotWidthPx > 0))
        return steps;
    const double epochLength = std::max(1.0, epochEnds.back() / double(epochEnds.size()));
    const double spacingPx = epochLength / (xMax - xMin) * plotWidthPx;
    const std::int64_t stride = niceStride(minSpacingPx / spacingPx);
    for (auto it = first; it != last; ++it) {
        const std::int64_t epoch = (it - epochEnds.begin()) + 1;
        if (epoch % stride == 0)
            steps.append(*it + 0.5); // between the epoch's last step and the next one
    }
    return steps;
}

LossPlot::LossPlot()
    : m_chart(new QChart)
{
    m_chart->setTheme(QChart::ChartThemeLight);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 2, 10, 2));
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_chart->legend()->setShowToolTips(true); // names elided in a narrow chart
    m_chart->legend()->setLabelColor(kInkColor);

    m_xAxis = new QValueAxis;
    styleAxis(m_xAxis, tr("step"));
    m_xAxis->setTickType(QValueAxis::TicksDynamic);
    m_xAxis->setTickAnchor(0);
    m_xAxis->setMinorTickCount(0);
    // Vertical lines mark epoch boundaries only; a step grid as well would read as epochs.
    m_xAxis->setGridLineVisible(false);
    m_yLinear = new QValueAxis;
    styleAxis(m_yLinear, QString());
    m_yLinear->setTickType(QValueAxis::TicksDynamic);
    m_yLinear->setTickAnchor(0);
    m_yLinear->setMinorTickCount(0);
    m_yLog = new QLogValueAxis;
    styleAxis(m_yLog, QString());
    setLossName(QStringLiteral("MSE"));
    m_yLog->setBase(10);
    m_yLog->setLabelFormat(QStringLiteral("%g"));
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yLinear, Qt::AlignLeft);
    m_chart->addAxis(m_yLog, Qt::AlignLeft);
    m_yLog->setVisible(false);

    // Solid: Qt Charts strokes a dashed series as a path, many times slower than lines.
    m_boundarySeries = makeSeries(QStringLiteral("epochBoundarySeries"), tr("epoch boundary"),
                                  QPen(QColor(0, 0, 0, 38), 1));
    m_rawSeries =
        makeSeries(QStringLiteral("rawLossSeries"), tr("loss per step"), QPen(kRawColor, 1));
    m_smoothedSeries =
        makeSeries(QStringLiteral("smoothedLossSeries"), QString(), QPen(kLossColor, 2));
    m_epochSeries =
        makeSeries(QStringLiteral("epochMeanSeries"), tr("epoch mean"), QPen(kEpochColor, 1.5));
    m_epochSeries->setMarkerSize(5);
    m_validationSeries = makeSeries(QStringLiteral("validationLossSeries"), tr("validation"),
                                    QPen(kValidationColor, 1.5));
    m_validationSeries->setPointsVisible(true);
    m_validationSeries->setMarkerSize(5);
    m_learningRateSeries = makeSeries(QStringLiteral("learningRateChangeSeries"),
                                      tr("learning rate changed"), QPen(kLearningRateColor, 1.2));
    // Added bottom to top: boundaries under the faint raw loss under its smoothed line.
    for (QLineSeries *series : lossSeries()) {
        m_chart->addSeries(series);
        series->attachAxis(m_xAxis);
        series->attachAxis(m_yLinear);
    }
    // Accuracy (token tasks) on a 0..1 axis of its own at the right, shown once there is some.
    m_yAccuracy = new QValueAxis;
    styleAxis(m_yAccuracy, tr("validation accuracy"));
    m_yAccuracy->setRange(0, 1);
    m_yAccuracy->setTickCount(6);
    m_yAccuracy->setLabelFormat(QStringLiteral("%.1f"));
    m_yAccuracy->setGridLineVisible(false);
    m_chart->addAxis(m_yAccuracy, Qt::AlignRight);
    m_accuracySeries = makeSeries(QStringLiteral("validationAccuracySeries"), tr("accuracy"),
                                  QPen(kAccuracyColor, 1.5));
    m_accuracySeries->setPointsVisible(true);
    m_accuracySeries->setMarkerSize(5);
    m_chart->addSeries(m_accuracySeries);
    m_accuracySeries->attachAxis(m_xAxis);
    m_accuracySeries->attachAxis(m_yAccuracy);
    m_yAccuracy->setVisible(false);
    m_chart->legend()->markers(m_validationSeries).value(0)->setVisible(false);
    m_chart->legend()->markers(m_accuracySeries).value(0)->setVisible(false);
    m_chart->legend()->markers(m_learningRateSeries).value(0)->setVisible(false);
    m_chart->legend()->markers(m_boundarySeries).value(0)->setVisible(false);

    m_placeholder = new QGraphicsSimpleTextItem(m_chart);
    m_placeholder->setBrush(QColor(120, 120, 120));
    m_warning = new QGraphicsSimpleTextItem(m_chart);
    m_warning->setBrush(QColor(178, 34, 34));
    QFont bold = m_warning->font();
    bold.setBold(true);
    m_warning->setFont(bold);
    m_warning->setZValue(10);
    m_warning->hide();
    QObject::connect(m_chart, &QChart::plotAreaChanged, m_chart, [this](const QRectF &area) {
        m_placeholder->setPos(area.center() - m_placeholder->boundingRect().center());
        m_warning->setPos(area.left() + 8, area.top() + 6);
    });
}

QList<QLineSeries *> LossPlot::lossSeries() const
{
    return {m_boundarySeries, m_rawSeries,        m_smoothedSeries,
            m_epochSeries,    m_validationSeries, m_learningRateSeries};
}

void LossPlot::setSmoothing(double weight)
{
    // Unsmoothed, the dark line is the loss itself and hides the faint copy: one legend entry.
    m_smoothedSeries->setName(weight > 0 ? tr("smoothed (EMA %1)").arg(weight, 0, 'f', 2)
                                         : tr("loss per step"));
    m_chart->legend()->markers(m_rawSeries).value(0)->setVisible(weight > 0);
}

void LossPlot::setLossName(const QString &name)
{
    m_lossName = name;
    m_yLinear->setTitleText(tr("loss (%1)").arg(name));
    m_yLog->setTitleText(tr("loss (%1), log scale").arg(name));
}

void LossPlot::setTextScale(double scale)
{
    if (m_labelFont.family().isEmpty()) { // the theme's fonts, kept as the scale-1 sizes
        m_labelFont = m_xAxis->labelsFont();
        m_titleFont = m_xAxis->titleFont();
        m_legendFont = m_chart->legend()->font();
        m_noteFont = m_warning->font();
    }
    const auto scaled = [scale](QFont font) {
        if (font.pointSizeF() > 0)
            font.setPointSizeF(font.pointSizeF() * scale);
        else
            font.setPixelSize(int(std::lround(font.pixelSize() * scale)));
        return font;
    };
    for (QAbstractAxis *axis : m_chart->axes()) {
        axis->setLabelsFont(scaled(m_labelFont));
        axis->setTitleFont(scaled(m_titleFont));
    }
    m_chart->legend()->setFont(scaled(m_legendFont));
    m_warning->setFont(scaled(m_noteFont));
    m_placeholder->setFont(scaled(m_noteFont));
}

void LossPlot::setHighContrast(bool on)
{
    if (on == m_highContrast)
        return;
    m_highContrast = on;
    const double widthFactor = on ? 1.5 : 1 / 1.5;
    for (QLineSeries *series : lossSeries() + QList<QLineSeries *>{m_accuracySeries}) {
        QPen pen = series->pen();
        pen.setWidthF(pen.widthF() * widthFactor);
        series->setPen(pen);
    }
    // The faint per-step loss gets darker, so it survives a washed-out projector.
    QPen raw = m_rawSeries->pen();
    raw.setColor(on ? QColor(120, 165, 205) : kRawColor);
    m_rawSeries->setPen(raw);
    const QColor ink = on ? QColor(Qt::black) : kInkColor;
    for (QAbstractAxis *axis : m_chart->axes()) {
        axis->setLabelsColor(ink);
        axis->setTitleBrush(ink);
        axis->setLinePenColor(on ? QColor(0, 0, 0, 200) : QColor(0, 0, 0, 90));
    }
    m_chart->legend()->setLabelColor(ink);
}

void LossPlot::setFontPixelSizes(int labels, int titles)
{
    const auto sized = [](QFont font, int pixels) {
        font.setPixelSize(pixels);
        return font;
    };
    for (QAbstractAxis *axis : m_chart->axes()) {
        axis->setLabelsFont(sized(axis->labelsFont(), labels));
        axis->setTitleFont(sized(axis->titleFont(), titles));
    }
    m_chart->legend()->setFont(sized(m_chart->legend()->font(), labels));
    m_warning->setFont(sized(m_warning->font(), titles));
    m_placeholder->setFont(sized(m_placeholder->font(), titles));
}

void LossPlot::setWarning(const QString &text)
{
    m_warning->setText(text);
    m_warning->setPos(m_chart->plotArea().left() + 8, m_chart->plotArea().top() + 6);
    m_warning->setVisible(!text.isEmpty());
}

QString LossPlot::warning() const
{
    return m_warning->isVisible() ? m_warning->text() : QString();
}

void LossPlot::setPlaceholder(const QString &text)
{
    m_placeholder->setText(text);
    m_placeholder->setPos(m_chart->plotArea().center() - m_placeholder->boundingRect().center());
    m_placeholder->setVisible(!text.isEmpty());
}

void LossPlot::draw(const LossFrame &frame)
{
    // Qt Charts re-strokes every non-empty series on each axis change: empty them first,
    // set the axes, then fill each once. That also means a log axis never sees a value <= 0.
    for (QLineSeries *series : lossSeries())
        series->clear();
    m_accuracySeries->clear();
    attachYAxis(frame.logScale);
    updateAxes(frame);
    m_rawSeries->replace(frame.raw);
    m_smoothedSeries->replace(frame.smoothed);
    m_epochSeries->setPointsVisible(frame.epochDots);
    m_epochSeries->replace(frame.epochMeans);
    m_boundarySeries->replace(boundaryZigzag(frame.epochBoundaries, frame.logScale));
    m_validationSeries->replace(frame.validation);
    m_accuracySeries->replace(frame.accuracy);
    m_learningRateSeries->replace(boundaryZigzag(frame.learningRateChanges, frame.logScale));
    // The legend and the right axis name them once the run has them.
    const bool validation = !frame.validation.isEmpty();
    const bool accuracy = !frame.accuracy.isEmpty();
    QLegendMarker *validationMarker = m_chart->legend()->markers(m_validationSeries).value(0);
    QLegendMarker *accuracyMarker = m_chart->legend()->markers(m_accuracySeries).value(0);
    const bool changes = !frame.learningRateChanges.isEmpty();
    QLegendMarker *changeMarker = m_chart->legend()->markers(m_learningRateSeries).value(0);
    if (validationMarker->isVisible() != validation || accuracyMarker->isVisible() != accuracy ||
        changeMarker->isVisible() != changes) {
        validationMarker->setVisible(validation);
        accuracyMarker->setVisible(accuracy);
        changeMarker->setVisible(changes);
        // Qt Charts places a marker made visible at the legend's origin until it is shown anew.
        m_chart->legend()->hide();
        m_chart->legend()->show();
    }
    m_yAccuracy->setVisible(accuracy);
}

void LossPlot::attachYAxis(bool log)
{
    // Both axes stay in the chart and only swap series and visibility: a removed axis
    // leaves its labels on screen until the event loop deletes them (deleteLater).
    QAbstractAxis *shown = log ? static_cast<QAbstractAxis *>(m_yLog) : m_yLinear;
    QAbstractAxis *hidden = log ? static_cast<QAbstractAxis *>(m_yLinear) : m_yLog;
    if (m_rawSeries->attachedAxes().contains(shown))
        return;
    for (QLineSeries *series : lossSeries()) {
        series->detachAxis(hidden);
        series->attachAxis(shown);
    }
    hidden->setVisible(false);
    shown->setVisible(true);
}

void LossPlot::updateAxes(const LossFrame &frame)
{
    const QRectF plot = m_chart->plotArea();
    const double xInterval =
        std::max(1.0, axisscaling::niceTickInterval(frame.xMax - frame.xMin,
                                                    std::max(2, int(plot.width() / 75))));
    setRangeAndInterval(m_xAxis, frame.xMin, frame.xMax, xInterval);
    m_xAxis->setLabelFormat(axisscaling::labelFormat(xInterval));

    if (frame.logScale) {
        const double low =
            std::isfinite(frame.yLow) ? std::max(frame.yLow, frame.logFloor) : frame.yLow;
        const auto range = axisscaling::logRange(low, frame.yHigh);
        m_yLog->setRange(range.min, range.max);
        // Minor lines help read a few decades; across many they turn into a grey wash.
        m_yLog->setMinorTickCount(std::log10(range.max / range.min) <= 4 ? -1 : 0);
        return;
    }
    const auto range = axisscaling::linearRange(frame.yLow, frame.yHigh);
    const double interval = axisscaling::niceTickInterval(
        range.max - range.min, std::max(2, int(std::max(plot.height(), 120.0) / 32)));
    setRangeAndInterval(m_yLinear, range.min, range.max, interval);
    m_yLinear->setLabelFormat(axisscaling::labelFormat(interval));
}

void LossPlot::setRangeAndInterval(QValueAxis *axis, double min, double max, double interval)
{
    // Qt Charts lays the axis out after each call, creating one item per tick: a new range
    // under the old interval (or the reverse) can mean millions of ticks and a frozen UI,
    // e.g. when the loss leaps by orders of magnitude. Change them in the order that keeps
    // the tick count between the old and the new one.
    if (interval > axis->tickInterval()) {
        axis->setTickInterval(interval);
        axis->setRange(min, max);
    } else {
        axis->setRange(min, max);
        axis->setTickInterval(interval);
    }
}

QList<QPointF> LossPlot::boundaryZigzag(const QList<double> &steps, bool log) const
{
    // One series draws every line: up one, along outside the plot (clipped away), down the
    // next, so thousands of epochs still cost one replace().
    double below;
    double above;
    if (log) {
        below = m_yLog->min() / 10;
        above = m_yLog->max() * 10;
    } else {
        const double span = m_yLinear->max() - m_yLinear->min();
        below = m_yLinear->min() - span;
        above = m_yLinear->max() + span;
    }
    QList<QPointF> zigzag;
    zigzag.reserve(2 * steps.size());
    bool down = true;
    for (double x : steps) {
        zigzag << QPointF(x, down ? above : below) << QPointF(x, down ? below : above);
        down = !down;
    }
    return zigzag;
}

} // namespace pelab
