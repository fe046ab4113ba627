// SPDX-License-Identifier: MIT
#include "LossChartView.h"

#include "LossAxisScaling.h"
#include "LossChartCanvas.h"
#include "LossChartToolbar.h"
#include "LossSeriesDecimator.h"

#include <QCoreApplication>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLineSeries>
#include <QPainter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

constexpr int kRedrawIntervalMs = 33; // coalesces ~30 snapshots/s into at most one redraw each
constexpr double kMinBoundarySpacingPx = 24; // closer epoch lines merge into a grey wash
constexpr qsizetype kMinEpochDotSpacingPx = 16;
// TensorBoard defaults to 0.6, which leaves per-step noise dominant; 0.9 shows the trend.
constexpr double kDefaultSmoothing = 0.9;

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace

LossChartView::LossChartView(QWidget *parent)
    : QWidget(parent)
    , m_redrawTimer(new QTimer(this))
    , m_canvas(new LossChartCanvas(m_plot.chart(), this))
    , m_toolbar(new LossChartToolbar(this))
{
    m_redrawTimer->setSingleShot(true);
    m_redrawTimer->setInterval(kRedrawIntervalMs);
    connect(m_redrawTimer, &QTimer::timeout, this, &LossChartView::redraw);
    m_canvas->setObjectName(QStringLiteral("lossChartView"));
    m_canvas->setMinimumSize(240, 160);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_canvas, 1);

    setSmoothing(kDefaultSmoothing);
    connect(m_toolbar, &LossChartToolbar::logScaleToggled, this, &LossChartView::setLogScale);
    connect(m_toolbar, &LossChartToolbar::smoothingChanged, this, &LossChartView::setSmoothing);
    connect(m_toolbar, &LossChartToolbar::followToggled, this, &LossChartView::setFollow);
    connect(m_toolbar, &LossChartToolbar::resetZoomClicked, this, &LossChartView::resetZoom);
    connect(m_canvas, &LossChartCanvas::resetRequested, this, &LossChartView::resetZoom);
    connect(m_canvas, &LossChartCanvas::zoomRequested, this,
            [this](double from, double to) { changeView([&] { m_viewport.zoomTo(from, to); }); });
    connect(m_canvas, &LossChartCanvas::wheelZoomRequested, this,
            [this](double at, double f) { changeView([&] { m_viewport.zoomAround(at, f); }); });
    connect(m_canvas, &LossChartCanvas::panRequested, this,
            [this](double dx) { changeView([&] { m_viewport.panBy(dx); }); });
    connect(m_canvas, &LossChartCanvas::hovered, this, [this](double step) {
        m_hoverStep = step;
        showHoverAt(step);
    });
    connect(m_canvas, &LossChartCanvas::hoverLeft, this, [this] { m_hoverStep = -1; });
    connect(m_plot.chart(), &QChart::plotAreaChanged, this, [this](const QRectF &area) {
        // Axis labels settle the plot width after a redraw; redraw again only if the
        // columns really changed, so two label widths cannot ping-pong forever.
        if (std::abs(int(area.width() * devicePixelRatioF()) - m_drawnColumns) > 2)
            scheduleRedraw();
    });
    clear();
}

LossChartView::~LossChartView()
{
    // The chart (owned by the canvas) signals while it is torn down: take it down while
    // this view and m_plot, whose slots those signals reach, are still whole.
    delete m_canvas;
}

void LossChartView::reset(const RunStart &start)
{
    m_plot.setLossName(start.config.lossName());
    startRun(start.totalSteps, start.stepsPerEpoch, true);
}

void LossChartView::clear()
{
    startRun(0, 0, false);
}

void LossChartView::startRun(std::int64_t totalSteps, std::int64_t stepsPerEpoch, bool hasRun)
{
    m_history.clear();
    m_validation.clear();
    m_learningRateChanges.clear();
    m_history.setStepsPerEpoch(std::max<std::int64_t>(stepsPerEpoch, 0));
    m_totalSteps = std::max<std::int64_t>(totalSteps, 0);
    m_hasRun = hasRun;
    m_hoverStep = -1;
    m_canvas->hideHover();
    resetZoom();
}

void LossChartView::setLearningRateChanges(const std::vector<double> &afterSteps)
{
    if (afterSteps == m_learningRateChanges)
        return;
    m_learningRateChanges = afterSteps;
    scheduleRedraw();
}

void LossChartView::appendValidation(const std::vector<Evaluation> &validation)
{
    if (validation.empty())
        return;
    m_validation.insert(m_validation.end(), validation.begin(), validation.end());
    scheduleRedraw();
}

void LossChartView::appendLosses(const std::vector<LossPoint> &losses)
{
    m_history.append(losses);
    scheduleRedraw();
}

void LossChartView::appendEpochs(const std::vector<EpochSummary> &epochs)
{
    m_history.appendEpochs(epochs);
    scheduleRedraw();
}

qint64 LossChartView::pointCount() const
{
    return m_history.size();
}

qint64 LossChartView::epochCount() const
{
    return m_history.epochCount();
}

QChart *LossChartView::chart() const
{
    return m_plot.chart();
}

bool LossChartView::logScale() const
{
    return m_logScale;
}

void LossChartView::setLogScale(bool on)
{
    m_toolbar->setLogScale(on);
    if (on == m_logScale)
        return;
    m_logScale = on;
    scheduleRedraw();
}

double LossChartView::smoothing() const
{
    return m_smoothing;
}

void LossChartView::setSmoothing(double weight)
{
    if (!std::isfinite(weight)) {
        qWarning("LossChartView: smoothing must be a number in [0, %g], got %g; ignored",
                 EmaSmoother::maxWeight, weight);
        return;
    }
    if (weight < 0 || weight > EmaSmoother::maxWeight) {
        qWarning("LossChartView: smoothing must be in [0, %g], got %g; clamped",
                 EmaSmoother::maxWeight, weight);
        weight = std::clamp(weight, 0.0, EmaSmoother::maxWeight);
    }
    m_toolbar->setSmoothing(weight);
    if (weight == m_smoothing)
        return;
    m_smoothing = weight; // the EMA over every step is recomputed once, at the next redraw
    m_plot.setSmoothing(weight);
    scheduleRedraw();
}

bool LossChartView::follow() const
{
    return m_viewport.follow();
}

void LossChartView::setFollow(bool on)
{
    changeView([&] { m_viewport.setFollow(on); });
}

void LossChartView::resetZoom()
{
    changeView([&] { m_viewport.reset(); });
}

void LossChartView::changeView(const std::function<void()> &change)
{
    const bool wasFollowing = m_viewport.follow();
    updateExtent();
    change();
    m_toolbar->setFollow(m_viewport.follow());
    scheduleRedraw();
    if (m_viewport.follow() != wasFollowing)
        emit followChanged(m_viewport.follow());
}

void LossChartView::updateExtent()
{
    const double lastStep = m_history.lastStep();
    m_viewport.setExtent(std::max(double(m_totalSteps), lastStep), lastStep);
}

void LossChartView::redrawNow()
{
    redraw();
}

void LossChartView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    scheduleRedraw();
}

void LossChartView::scheduleRedraw()
{
    if (!m_redrawTimer->isActive())
        m_redrawTimer->start();
}

int LossChartView::plotColumns() const
{
    const int columns = int(chart()->plotArea().width() * devicePixelRatioF());
    // Before the first layout the plot area is empty: guess from the widget.
    return columns >= 16 ? columns : std::max(width() - 80, 320);
}

LossDisplay LossChartView::display() const
{
    LossDisplay display;
    display.smoothing = m_smoothing;
    if (!m_viewport.follow()) {
        const LossViewport::Range range = m_viewport.range();
        display.fromStep = range.min;
        display.toStep = range.max;
    }
    display.learningRateChanges = m_learningRateChanges;
    display.highContrast = m_plot.highContrast();
    return display;
}

void LossChartView::showSteps(double from, double to)
{
    if (std::isfinite(from) && std::isfinite(to) && to > from)
        changeView([&] { m_viewport.zoomTo(from, to); });
    else
        resetZoom();
}

void LossChartView::renderChart(QPainter &painter, const QRectF &rect, int labelPixels,
                                int titlePixels)
{
    applySettings();
    // A chart of its own at the export's size, styled as this one; the scene owns it.
    LossPlot plot;
    plot.setLossName(m_plot.lossName());
    plot.setSmoothing(m_smoothing);
    plot.setFontPixelSizes(labelPixels, titlePixels);
    plot.setHighContrast(m_plot.highContrast());
    plot.setWarning(m_plot.warning());
    QGraphicsScene scene;
    scene.addItem(plot.chart());
    const QRectF area(QPointF(0, 0), rect.size());
    plot.chart()->setGeometry(area);
    // The axes' labels settle the plot's width, which decides the decimation: lay out, draw,
    // and once more with the width the labels left. One column per device pixel: two per
    // unit in a PNG drawn at 2x, one in an SVG or PDF.
    const double ratio =
        std::max(1.0, painter.device() ? painter.device()->devicePixelRatioF() : 1.0);
    for (int pass = 0; pass < 2; ++pass) {
        plot.chart()->layout()->activate();
        const double width = plot.chart()->plotArea().width();
        const double plotWidth = width >= 16 ? width : std::max(rect.width() - 80, 320.0);
        plot.draw(buildFrame(int(std::ceil(plotWidth * ratio)), plotWidth));
    }
    // The legend lays out markers shown or hidden by draw() on a posted layout request,
    // which no event loop delivers here.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    plot.chart()->layout()->activate();
    plot.setPlaceholder(placeholder());
    plot.setWarning(m_plot.warning()); // placed against the final plot area
    scene.render(&painter, rect, area);
}

void LossChartView::applySettings()
{
    if (m_history.smoothing() != m_smoothing)
        m_history.setSmoothing(m_smoothing);
    updateExtent();
}

LossFrame LossChartView::frame(int columns, double plotWidth)
{
    applySettings();
    return buildFrame(columns, plotWidth);
}

LossFrame LossChartView::buildFrame(int columns, double plotWidth) const
{
    const LossViewport::Range view = m_viewport.range();
    const auto &steps = m_history.steps();
    DecimatedSeries raw = decimateMinMax(steps, m_history.losses(), m_history.lossIndex(), view.min,
                                         view.max, columns);
    DecimatedSeries smoothed =
        m_smoothing > 0 ? decimateMinMax(steps, m_history.smoothed(), m_history.smoothedIndex(),
                                         view.min, view.max, columns)
                        : raw;
    DecimatedSeries epochs =
        decimateMinMax(m_history.epochSteps(), m_history.epochMeans(), view.min, view.max, columns);

    LossFrame frame;
    frame.nonFinite = raw.nonFinite;
    frame.xMin = view.min;
    frame.xMax = view.max;
    // Validation points in view: a few hundred at most (the spec validates at a cadence).
    double validationLow = NAN, validationHigh = NAN, validationMinPositive = NAN;
    for (const Evaluation &e : m_validation) {
        const double step = double(e.step);
        if (step < view.min || step > view.max)
            continue;
        if (std::isfinite(e.loss)) {
            frame.validation.append(QPointF(step, e.loss));
            validationLow = std::fmin(validationLow, e.loss);
            validationHigh = std::fmax(validationHigh, e.loss);
            if (e.loss > 0)
                validationMinPositive = std::fmin(validationMinPositive, e.loss);
        }
        if (e.accuracy)
            frame.accuracy.append(QPointF(step, *e.accuracy));
    }
    for (double step : m_learningRateChanges)
        if (step >= view.min && step <= view.max)
            frame.learningRateChanges.append(step);
    // std::fmin/fmax skip NaN, the marker of "no finite value" here.
    frame.yLow =
        std::fmin(std::fmin(raw.yMin, std::fmin(smoothed.yMin, epochs.yMin)), validationLow);
    frame.yHigh =
        std::fmax(std::fmax(raw.yMax, std::fmax(smoothed.yMax, epochs.yMax)), validationHigh);
    frame.logScale = m_logScale;
    if (m_logScale) {
        const double minPositive = std::fmin(
            std::fmin(raw.minPositive, std::fmin(smoothed.minPositive, epochs.minPositive)),
            validationMinPositive);
        frame.logFloor = axisscaling::logFloor(minPositive, frame.yHigh);
        for (QList<QPointF> *points :
             {&raw.points, &smoothed.points, &epochs.points, &frame.validation}) {
            for (QPointF &point : *points)
                point.setY(std::max(point.y(), frame.logFloor));
        }
    }
    frame.raw = std::move(raw.points);
    frame.smoothed = std::move(smoothed.points);
    // Dots while epochs are far apart; a dotted wall once they crowd.
    frame.epochDots = epochs.points.size() * kMinEpochDotSpacingPx <= columns;
    frame.epochMeans = std::move(epochs.points);
    frame.epochBoundaries = epochBoundaries(m_history.epochSteps(), view.min, view.max, plotWidth,
                                            kMinBoundarySpacingPx);
    return frame;
}

QString LossChartView::placeholder() const
{
    if (!m_history.isEmpty())
        return {};
    if (m_hasRun)
        return tr("Waiting for the first training step\u2026");
    return m_idleHint.isEmpty() ? tr("No run yet: start training to see its loss here.")
                                : m_idleHint;
}

void LossChartView::setIdleHint(const QString &text)
{
    if (text == m_idleHint)
        return;
    m_idleHint = text;
    m_plot.setPlaceholder(placeholder());
}

void LossChartView::redraw()
{
    m_redrawTimer->stop();
    applySettings();
    const int columns = plotColumns();
    const LossFrame frame = buildFrame(columns, chart()->plotArea().width());
    m_nonFiniteInView = frame.nonFinite;
    m_logFloor = frame.logFloor;
    m_plot.draw(frame);
    m_plot.setPlaceholder(placeholder());
    m_drawnColumns = columns;
    if (m_hoverStep >= 0 && m_canvas->hoverVisible())
        showHoverAt(m_hoverStep);
}

void LossChartView::showHoverAt(double step)
{
    const std::int64_t i = m_history.indexNearest(step);
    if (i < 0)
        return m_canvas->hideHover();
    const double x = m_history.steps()[i];
    const double loss = m_history.losses()[i];
    const double smoothed = m_history.smoothed()[i];
    const auto shown = [this](double y) { return m_logScale ? std::max(y, m_logFloor) : y; };
    QList<LossChartCanvas::HoverMarker> markers;
    if (std::isfinite(loss))
        markers.append({QPointF(x, shown(loss)), m_plot.rawSeries()});
    if (std::isfinite(smoothed) && m_smoothing > 0)
        markers.append({QPointF(x, shown(smoothed)), m_plot.smoothedSeries()});
    m_canvas->showHover(x, hoverText(i), markers);
}

QString LossChartView::hoverText(std::int64_t index) const
{
    const double x = m_history.steps()[index];
    const double loss = m_history.losses()[index];
    QStringList lines;
    const std::int64_t epoch = m_history.epochOfStep(x);
    lines << (epoch > 0 ? tr("step %1, epoch %2").arg(x, 0, 'f', 0).arg(epoch)
                        : tr("step %1").arg(x, 0, 'f', 0));
    QString lossLine = tr("loss %1").arg(number(loss));
    if (!std::isfinite(loss))
        lossLine += tr(" (not drawn)");
    else if (m_logScale && loss < m_logFloor)
        lossLine +=
            loss <= 0
                ? tr(" (drawn at %1: a log scale cannot show 0 or less)").arg(number(m_logFloor))
                : tr(" (drawn at %1, the bottom of the log scale)").arg(number(m_logFloor));
    lines << lossLine;
    if (m_smoothing > 0)
        lines << tr("smoothed %1").arg(number(m_history.smoothed()[index]));
    const auto &ends = m_history.epochSteps();
    if (const auto it = std::lower_bound(ends.begin(), ends.end(), x);
        it != ends.end() && *it == x) {
        lines << tr("epoch mean %1").arg(number(m_history.epochMeans()[it - ends.begin()]));
    }
    if (m_nonFiniteInView > 0)
        lines << tr("%n step(s) in view are NaN or infinite and not drawn", "", m_nonFiniteInView);
    return lines.join(QLatin1Char('\n'));
}

} // namespace pelab
