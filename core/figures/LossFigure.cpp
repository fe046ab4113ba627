// SPDX-License-Identifier: MIT
#include "LossFigure.h"

#include "FigureFrame.h"
#include "FigureLegend.h"
#include "FigureText.h"
#include "LossGrowth.h"
#include "PlotAxes.h"
#include "SeriesDecimation.h"

#include <QPainter>

#include <cmath>
#include <limits>
#include <optional>

namespace pelab {

namespace {

// Below this many epochs a per-epoch mean says too little; a moving average is drawn instead.
constexpr std::size_t minEpochsForMeans = 4;
// Columns of half a layout unit: one device pixel of a PNG drawn at 2x.
constexpr double decimationColumn = 0.5;

struct TrendPoint {
    double step;
    double loss;
};

// Each epoch's mean loss, placed at the middle of its steps.
std::vector<TrendPoint> epochMeanTrend(const FigureData &data)
{
    std::vector<TrendPoint> trend;
    std::size_t begin = 0;
    for (std::size_t i = 0; i < data.losses.size(); ++i) {
        const bool last =
            i + 1 == data.losses.size() || data.losses[i + 1].epoch != data.losses[i].epoch;
        if (!last)
            continue;
        double sum = 0;
        for (std::size_t j = begin; j <= i; ++j)
            sum += data.losses[j].loss;
        const double mean = sum / double(i - begin + 1);
        trend.push_back({(data.losses[begin].step + data.losses[i].step) / 2.0, mean});
        begin = i + 1;
    }
    return trend;
}

// A bias-corrected EMA (as TensorBoard smooths) spanning about 1% of the run.
std::vector<TrendPoint> movingAverage(const std::vector<LossPoint> &losses, int *span)
{
    *span = std::max(5, int(losses.size() / 100));
    const double alpha = 2.0 / (*span + 1);
    std::vector<TrendPoint> trend;
    trend.reserve(losses.size());
    double average = 0;
    double weight = 0;
    for (const LossPoint &point : losses) {
        if (!std::isfinite(point.loss))
            break;
        average = (1 - alpha) * average + alpha * point.loss;
        weight = (1 - alpha) * weight + alpha;
        trend.push_back({double(point.step), average / weight});
    }
    return trend;
}

struct Range {
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    double minPositive = std::numeric_limits<double>::infinity();
};

Range lossRange(const std::vector<LossPoint> &losses)
{
    Range range;
    for (const LossPoint &point : losses) {
        if (!std::isfinite(point.loss))
            continue;
        range.min = std::min(range.min, point.loss);
        range.max = std::max(range.max, point.loss);
        if (point.loss > 0)
            range.minPositive = std::min(range.minPositive, point.loss);
    }
    return range;
}

} // namespace

bool lossUsesLogScale(const FigureData &data)
{
    const Range range = lossRange(data.losses);
    switch (data.lossScale) {
    case LossScale::Linear:
        return false;
    case LossScale::Log:
        return std::isfinite(range.minPositive);
    case LossScale::Auto:
        return std::isfinite(range.minPositive) && range.max / range.minPositive > 100;
    }
    return false;
}

void drawLossFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                    const FigureStyle &style)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = QStringLiteral("Training loss");
    Range range = lossRange(data.losses);
    // The validation loss, as the window's chart draws it beside the training loss.
    std::vector<LossPoint> validation;
    if (data.run)
        for (const Evaluation &e : data.run->validation)
            if (std::isfinite(e.loss))
                validation.push_back({0, e.step, e.loss});
    if (std::isfinite(range.max)) {
        const Range v = lossRange(validation);
        range.min = std::min(range.min, v.min);
        range.max = std::max(range.max, v.max);
        range.minPositive = std::min(range.minPositive, v.minPositive);
    }
    if (!std::isfinite(range.max)) {
        drawNotice(painter, style, frame.content, QStringLiteral("No loss yet"),
                   QStringLiteral("Train for at least one step to see the loss curve."));
        drawFigureTitle(painter, style, frame, title, frame.content.center().x());
        drawFigureCaption(painter, style, frame, caption);
        return;
    }

    const bool log = lossUsesLogScale(data);
    const double firstStep = double(data.losses.front().step);
    const double lastStep = double(data.losses.back().step);
    const double xPad = std::max(0.5, (lastStep - firstStep) * 0.02);
    AxisSpec x{firstStep - xPad, lastStep + xPad, false, true, false, QStringLiteral("step")};
    AxisSpec y;
    y.log = log;
    const QString name = data.config.lossName();
    y.title = log ? QStringLiteral("loss (%1, log scale)").arg(name)
                  : QStringLiteral("loss (%1)").arg(name);
    if (log) {
        const double decades = std::log10(range.max / range.minPositive);
        const double pad = std::pow(10.0, std::max(0.05, decades * 0.04));
        y.min = range.minPositive / pad;
        y.max = range.max * pad;
    } else {
        const double pad = (range.max - range.min) * 0.05;
        y.min = range.min - pad;
        y.max = range.max + pad;
    }

    // The trend: epoch means when there are enough epochs, else a moving average.
    std::vector<TrendPoint> trend = epochMeanTrend(data);
    const bool means = trend.size() >= minEpochsForMeans;
    int span = 0;
    if (!means)
        trend = movingAverage(data.losses, &span);
    const bool markers = means && trend.size() <= 60;
    const QColor faint = style.faint(style.primary, 0.35);
    const QPen bold(style.primary, 2.0);
    const QPen validationPen(QColor(44, 160, 44), 1.6); // tab:green, as in the window
    std::vector<LegendEntry> legend = {{QStringLiteral("loss per step"), QPen(faint, 1.5)},
                                       {means
                                            ? QStringLiteral("epoch mean")
                                            : QStringLiteral("moving average (%1 steps)").arg(span),
                                        bold, true, markers}};
    if (!validation.empty())
        legend.push_back({QStringLiteral("validation"), validationPen, true, true});

    std::optional<PlotAxes> axes;
    QRectF plot;
    QPolygonF steps, trendLine, validationLine;
    LegendPlacement placement;
    const auto layout = [&](const AxisSpec &ySpec) {
        axes.emplace(style, x, ySpec);
        plot = axes->layout(frame.content);
        const auto &losses = data.losses;
        steps = decimateSeries(
            losses.size(),
            [&](std::size_t i) { return axes->map(double(losses[i].step), losses[i].loss); },
            decimationColumn);
        trendLine = decimateSeries(
            trend.size(), [&](std::size_t i) { return axes->map(trend[i].step, trend[i].loss); },
            decimationColumn);
        validationLine = decimateSeries(
            validation.size(),
            [&](std::size_t i) {
                return axes->map(double(validation[i].step), validation[i].loss);
            },
            decimationColumn);
        placement = placeLegend(style, plot, legend, {steps, trendLine, validationLine});
    };
    layout(y);
    if (placement.covered > 0)
        layout(withLegendHeadroom(y, style, legend, plot.height()));

    axes->drawGrid(painter);
    painter.save();
    painter.setClipRect(plot.adjusted(-1, -1, 1, 1));
    strokeSeries(painter, steps, QPen(faint, 0.8));
    strokeSeries(painter, trendLine, bold);
    if (markers) {
        painter.setPen(QPen(style.background, 0.8));
        painter.setBrush(style.primary);
        for (const QPointF &p : std::as_const(trendLine))
            painter.drawEllipse(p, 3.0, 3.0);
    }
    if (!validationLine.isEmpty()) {
        strokeSeries(painter, validationLine, validationPen);
        painter.setPen(QPen(style.background, 0.8));
        painter.setBrush(validationPen.color());
        if (validationLine.size() <= 200)
            for (const QPointF &p : std::as_const(validationLine))
                painter.drawEllipse(p, 3.0, 3.0);
    }
    painter.restore();

    axes->drawFrame(painter);
    drawLegend(painter, style, plot, legend, placement.corner);
    // A finite loss grown by orders of magnitude: the figure says so, as the window does.
    if (const std::optional<LossGrowth> growth = lossBlowUp(data.losses)) {
        const QFont font = style.font(style.labelSize, true);
        const QString label = lossBlowUpLabel(*growth);
        const QPointF at = plot.topLeft() + QPointF(style.gap * 2, style.gap * 2);
        painter.fillRect(QRectF(at, textSize(font, label)).adjusted(-4, -3, 4, 3),
                         style.faint(style.background, 0.85));
        drawText(painter, font, QColor(178, 34, 34), label, at, Qt::AlignLeft | Qt::AlignTop);
    }
    drawFigureTitle(painter, style, frame, title, plot.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
