// SPDX-License-Identifier: MIT
#include "ProfileFigure.h"

#include "AxisScale.h"
#include "EmbeddingStats.h"
#include "FigureFrame.h"
#include "FigureLegend.h"
#include "PlotAxes.h"
#include "SeriesDecimation.h"

#include <QPainter>

#include <cmath>
#include <numbers>
#include <optional>

namespace pelab {

namespace {

constexpr std::size_t maxMarkers = 60;
// Samples of the target curve per position: smooth for short sequences, bounded for long.
int fitSamplesPerPosition(int length)
{
    return std::clamp(16000 / std::max(1, length), 1, 16);
}

// The task's target profile: what the run exported, else the task's definition.
std::vector<double> targetProfile(const FigureData &data, int length)
{
    if (data.targetSignal.rows == length && data.targetSignal.cols >= 1)
        return column(data.targetSignal, 0);
    std::vector<double> signal;
    for (int t = 0; t < length; ++t)
        signal.push_back(std::sin(2 * std::numbers::pi * t / length));
    return signal;
}

// A series drawn over positions 0, step, 2 step...: its line, and dots when few.
struct ProfileSeries {
    const std::vector<double> *values;
    double step;
    QPen pen;
    double markerRadius;
};

QPolygonF mapSeries(const PlotAxes &axes, const ProfileSeries &series)
{
    const std::vector<double> &values = *series.values;
    return decimateSeries(
        values.size(), [&](std::size_t i) { return axes.map(i * series.step, values[i]); }, 0.5);
}

// The position-signal task's target fitted to the learned profile, sampled between
// positions too (it is a sine of t); empty values for other tasks or when no fit exists.
struct TargetCurve {
    AffineFit fit;
    double r = 0;
    std::vector<double> values;
    int samplesPerPosition = 1;
};

TargetCurve targetCurve(const FigureData &data, const std::vector<double> &learned)
{
    TargetCurve curve;
    if (data.config.task != TaskKind::PositionSignal)
        return curve;
    const int length = int(learned.size());
    const std::vector<double> signal = targetProfile(data, length);
    curve.fit = fitAffine(signal, learned);
    curve.r = pearsonCorrelation(signal, learned);
    if (!std::isfinite(curve.fit.a) || !std::isfinite(curve.fit.c))
        return curve;
    curve.samplesPerPosition = fitSamplesPerPosition(length);
    for (int k = 0; k <= (length - 1) * curve.samplesPerPosition; ++k)
        curve.values.push_back(curve.fit(
            std::sin(2 * std::numbers::pi * (double(k) / curve.samplesPerPosition) / length)));
    return curve;
}

QString formatCoefficient(double value)
{
    return formatTickNumber(value, 2);
}

} // namespace

void drawProfileFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = QStringLiteral("Learned embedding by position");
    const Matrix &m = data.embedding;
    if (m.isEmpty() || m.cols != 1) {
        drawNotice(painter, style, frame.content,
                   m.isEmpty() ? QStringLiteral("No embedding yet")
                               : QStringLiteral("A profile shows a width-1 embedding"),
                   m.isEmpty() ? QStringLiteral("Start a run to see its positional embedding.")
                               : QStringLiteral("This embedding has %1 dimensions per position; "
                                                "the heatmap shows them all.")
                                     .arg(m.cols));
        drawFigureTitle(painter, style, frame, title, frame.content.center().x());
        drawFigureCaption(painter, style, frame, caption);
        return;
    }

    const int length = m.rows;
    const std::vector<double> learned = column(m, 0);
    std::vector<double> initial;
    if (data.initialEmbedding.rows == length && data.initialEmbedding.cols >= 1)
        initial = column(data.initialEmbedding, 0);
    const TargetCurve target = targetCurve(data, learned);
    const std::vector<double> &fitted = target.values;

    double low = 0, high = 0; // keep 0 in view: the zeros task pulls values towards it
    for (const std::vector<double> *series :
         std::initializer_list<const std::vector<double> *>{&learned, &initial, &fitted})
        for (double v : *series)
            if (std::isfinite(v)) {
                low = std::min(low, v);
                high = std::max(high, v);
            }
    const double pad = std::max(1e-6, (high - low) * 0.08);
    const double xPad = std::max(0.3, (length - 1) * 0.03);
    const AxisSpec x{-xPad, length - 1 + xPad, false, true, false, QStringLiteral("position")};
    const AxisSpec y{low - pad, high + pad, false, false, false, QStringLiteral("embedding value")};

    std::vector<ProfileSeries> series;
    std::vector<LegendEntry> legend;
    if (!initial.empty()) {
        const QPen pen(style.faint(style.muted, 0.75), 1.3, Qt::DashLine);
        series.push_back({&initial, 1.0, pen, 2.5});
        legend.push_back(
            {QStringLiteral("initial (random init)"), pen, true, initial.size() <= maxMarkers});
    }
    if (!fitted.empty()) {
        const QPen pen(style.secondary, 1.8);
        series.push_back({&fitted, 1.0 / target.samplesPerPosition, pen, 0});
        legend.push_back(
            {QStringLiteral("target %1\u00b7sin(2\u03c0t/L) %2 %3  (r = %4)")
                 .arg(formatCoefficient(target.fit.a),
                      target.fit.c < 0 ? QStringLiteral("\u2212") : QStringLiteral("+"),
                      formatCoefficient(std::abs(target.fit.c)),
                      std::isfinite(target.r) ? formatTickNumber(target.r, 3)
                                              : QStringLiteral("undefined")),
             pen});
    }
    const QPen bold(style.primary, 2.0);
    series.push_back({&learned, 1.0, bold, 3.2});
    const std::int64_t epochs = data.losses.empty() ? data.config.epochs : data.losses.back().epoch;
    legend.push_back(
        {QStringLiteral("learned, after %1 epoch%2").arg(epochs).arg(epochs == 1 ? "" : "s"), bold,
         true, learned.size() <= maxMarkers});

    std::optional<PlotAxes> axes;
    QRectF plot;
    std::vector<QPolygonF> lines;
    LegendPlacement placement;
    const auto layout = [&](const AxisSpec &ySpec) {
        axes.emplace(style, x, ySpec);
        plot = axes->layout(frame.content);
        lines.clear();
        for (const ProfileSeries &s : series)
            lines.push_back(mapSeries(*axes, s));
        placement = placeLegend(style, plot, legend, lines);
    };
    layout(y);
    if (placement.covered > 0)
        layout(withLegendHeadroom(y, style, legend, plot.height()));

    axes->drawGrid(painter);
    painter.save();
    painter.setClipRect(plot.adjusted(-4, -4, 4, 4));
    painter.setPen(QPen(style.muted, 0.8));
    painter.drawLine(QPointF(plot.left(), axes->mapY(0)), QPointF(plot.right(), axes->mapY(0)));
    for (std::size_t i = 0; i < series.size(); ++i) {
        strokeSeries(painter, lines[i], series[i].pen);
        const std::vector<double> &values = *series[i].values;
        if (series[i].markerRadius > 0 && values.size() <= maxMarkers) {
            painter.setPen(QPen(style.background, 0.8));
            painter.setBrush(series[i].pen.color());
            for (std::size_t k = 0; k < values.size(); ++k)
                painter.drawEllipse(axes->map(double(k), values[k]), series[i].markerRadius,
                                    series[i].markerRadius);
        }
    }
    painter.restore();

    axes->drawFrame(painter);
    drawLegend(painter, style, plot, legend, placement.corner);
    drawFigureTitle(painter, style, frame, title, plot.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
