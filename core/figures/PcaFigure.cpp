// SPDX-License-Identifier: MIT
#include "PcaFigure.h"

#include "ColorBar.h"
#include "Colormap.h"
#include "FigureFrame.h"
#include "LineChart.h"
#include "PlotAxes.h"
#include "SimilarityFigure.h"

#include <QPainter>

#include <cmath>
#include <limits>
#include <numeric>

namespace pelab {

namespace {

constexpr double barThickness = 14;
constexpr double barGap = 18;
constexpr int maxPositions = 256; // sampled evenly beyond this

} // namespace

PcaResult principalComponents(const std::vector<double> &rows, int n, int d)
{
    PcaResult result;
    if (n < 2 || d < 1)
        return result;
    std::vector<double> x(rows);
    for (int k = 0; k < d; ++k) { // centre each column
        double mean = 0;
        for (int i = 0; i < n; ++i)
            mean += x[std::size_t(i) * d + k];
        mean /= n;
        for (int i = 0; i < n; ++i)
            x[std::size_t(i) * d + k] -= mean;
    }
    double total = std::inner_product(x.begin(), x.end(), x.begin(), 0.0);
    if (!(total > 0))
        return result;
    // Power iteration for v maximising |X v|, then deflate and repeat. Deterministic start.
    const auto component = [&](std::vector<double> &scores) -> double {
        std::vector<double> v(static_cast<std::size_t>(d));
        for (int k = 0; k < d; ++k)
            v[std::size_t(k)] = 1.0 + 0.001 * k;
        scores.assign(std::size_t(n), 0.0);
        for (int iteration = 0; iteration < 40; ++iteration) {
            for (int i = 0; i < n; ++i)
                scores[std::size_t(i)] =
                    std::inner_product(x.begin() + std::ptrdiff_t(i) * d,
                                       x.begin() + std::ptrdiff_t(i + 1) * d, v.begin(), 0.0);
            std::fill(v.begin(), v.end(), 0.0);
            for (int i = 0; i < n; ++i)
                for (int k = 0; k < d; ++k)
                    v[std::size_t(k)] += x[std::size_t(i) * d + k] * scores[std::size_t(i)];
            const double norm = std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
            if (!(norm > 0))
                return 0;
            for (double &value : v)
                value /= norm;
        }
        for (int i = 0; i < n; ++i)
            scores[std::size_t(i)] =
                std::inner_product(x.begin() + std::ptrdiff_t(i) * d,
                                   x.begin() + std::ptrdiff_t(i + 1) * d, v.begin(), 0.0);
        // Sign: growing with the position, so consecutive frames agree.
        double trend = 0;
        for (int i = 0; i < n; ++i)
            trend += (i - (n - 1) / 2.0) * scores[std::size_t(i)];
        if (trend < 0)
            for (double &s : scores)
                s = -s;
        const double variance =
            std::inner_product(scores.begin(), scores.end(), scores.begin(), 0.0);
        // Deflate: remove this direction from every row.
        for (int i = 0; i < n; ++i)
            for (int k = 0; k < d; ++k)
                x[std::size_t(i) * d + k] -=
                    (trend < 0 ? -scores[std::size_t(i)] : scores[std::size_t(i)]) *
                    v[std::size_t(k)];
        return variance;
    };
    result.firstShare = component(result.first) / total;
    result.secondShare = component(result.second) / total;
    return result;
}

void drawPcaFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                   const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title =
        QStringLiteral("Positions in the plane of the table's two main directions");
    const RunRecord *run = data.run;
    const Matrix *table = run ? &run->embedding : nullptr;
    if (!table || table->isEmpty() || table->cols < 2) {
        drawNotice(painter, style, frame.content,
                   !run || (run->losses.empty() && run->probes.empty())
                       ? QStringLiteral("Not measured yet")
                       : QStringLiteral("No table to project"),
                   QStringLiteral("A learned or sinusoidal table of width 2 or more is drawn "
                                  "here as a path through its positions."));
        drawFigureTitle(painter, style, frame, title, frame.content.center().x());
        drawFigureCaption(painter, style, frame, caption);
        return;
    }
    const std::vector<int> positions = similarityPositions(table->rows, maxPositions);
    const int n = int(positions.size());
    std::vector<double> rows;
    rows.reserve(std::size_t(n) * table->cols);
    for (int p : positions)
        for (int k = 0; k < table->cols; ++k)
            rows.push_back(table->at(p, k));
    const PcaResult pca = principalComponents(rows, n, table->cols);

    LineChartSpec chart;
    chart.x = AxisSpec{0,
                       1,
                       false,
                       false,
                       false,
                       QStringLiteral("component 1 (%1% of variance)")
                           .arg(QString::number(100 * pca.firstShare, 'f', 0))};
    chart.y = AxisSpec{
        0,
        1,
        false,
        false,
        false,
        QStringLiteral("component 2 (%1%)").arg(QString::number(100 * pca.secondShare, 'f', 0))};
    ChartSeries path{QString(), {}, style.faint(style.muted, 0.6), 1.0};
    for (int i = 0; i < n; ++i)
        path.points.push_back({pca.first[std::size_t(i)], pca.second[std::size_t(i)]});
    chart.series.push_back(path);
    chart.legend = false;
    fitAxisToSeries(chart.x, chart, Qt::Horizontal);
    fitAxisToSeries(chart.y, chart, Qt::Vertical);
    const ColorBarSpec bar{0, double(positions.back()), QStringLiteral("position"), &viridis,
                           Qt::Vertical};
    const double barSpace =
        barGap + barThickness + colorBarLabelExtent(style, bar, frame.content.height());
    const QRectF area = frame.content.adjusted(0, 0, -barSpace, 0);
    const QRectF plot = drawLineChart(painter, style, area, chart, nullptr);
    // The positions as dots coloured by position; rows training never reached hollow.
    PlotAxes axes(style, chart.x, chart.y);
    axes.setPlotRect(plot);
    const double radius = n <= 64 ? 3.5 : 2.2;
    const std::int64_t trained = data.config.encoding == EncodingKind::Learned
                                     ? data.config.seqLen
                                     : std::numeric_limits<std::int64_t>::max();
    painter.save();
    painter.setClipRect(plot.adjusted(-radius, -radius, radius, radius));
    for (int i = 0; i < n; ++i) {
        const QColor color =
            viridis(double(positions[std::size_t(i)]) / std::max(1.0, double(positions.back())));
        const QPointF at = axes.map(pca.first[std::size_t(i)], pca.second[std::size_t(i)]);
        const bool reached = positions[std::size_t(i)] < trained;
        painter.setPen(reached ? QPen(style.background, 0.6) : QPen(color, 1.4));
        painter.setBrush(reached ? QBrush(color) : QBrush(Qt::NoBrush));
        painter.drawEllipse(at, radius, radius);
    }
    painter.restore();
    drawColorBar(painter, style, bar,
                 QRectF(plot.right() + barGap, plot.top(), barThickness, plot.height()));
    if (hovers) {
        std::vector<QPointF> mapped;
        for (int i = 0; i < n; ++i)
            mapped.push_back(axes.map(pca.first[std::size_t(i)], pca.second[std::size_t(i)]));
        hovers->add(plot, [mapped, positions, trained](QPointF at) -> QString {
            double best = 14 * 14;
            int found = -1;
            for (std::size_t i = 0; i < mapped.size(); ++i) {
                const QPointF d = mapped[i] - at;
                if (d.x() * d.x() + d.y() * d.y() < best) {
                    best = d.x() * d.x() + d.y() * d.y();
                    found = int(i);
                }
            }
            if (found < 0)
                return {};
            const int p = positions[std::size_t(found)];
            return p < trained ? QStringLiteral("position %1").arg(p)
                               : QStringLiteral("position %1 (never trained)").arg(p);
        });
    }
    drawFigureTitle(painter, style, frame, title, frame.content.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
