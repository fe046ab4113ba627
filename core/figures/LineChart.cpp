// SPDX-License-Identifier: MIT
#include "LineChart.h"

#include "AxisScale.h"
#include "FigureLegend.h"
#include "FigureText.h"
#include "SeriesDecimation.h"

#include <QPaintEngine>
#include <QPainter>

#include <cmath>
#include <limits>

namespace pelab {

namespace {

constexpr double hoverRadius = 14; // layout units

bool usable(double value, bool log)
{
    return std::isfinite(value) && (!log || value > 0);
}

} // namespace

QString formatFigureValue(double value)
{
    if (!std::isfinite(value))
        return std::isnan(value) ? QStringLiteral("NaN")
                                 : (value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞"));
    return QString::number(value, 'g', 4).replace(QLatin1Char('-'), QChar(0x2212));
}

QColor seriesColor(int index)
{
    static const QColor tab10[] = {
        {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
        {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
    return tab10[std::size_t(std::max(0, index)) % std::size(tab10)];
}

void fitAxisToSeries(AxisSpec &axis, const LineChartSpec &chart, Qt::Orientation orientation)
{
    const bool horizontal = orientation == Qt::Horizontal;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    const auto take = [&](double value) {
        if (!usable(value, axis.log))
            return;
        lo = std::min(lo, value);
        hi = std::max(hi, value);
    };
    for (const ChartSeries &series : chart.series)
        for (const QPointF &p : series.points)
            take(horizontal ? p.x() : p.y());
    for (const ChartReference &reference : chart.references)
        if ((reference.orientation == Qt::Vertical) == horizontal)
            take(reference.value);
    if (!std::isfinite(lo))
        return;
    if (axis.log) {
        const double decades = std::log10(hi / lo);
        const double pad = std::pow(10.0, std::max(0.05, decades * 0.05));
        axis.min = lo / pad;
        axis.max = hi * pad;
    } else {
        const double pad = hi > lo ? (hi - lo) * 0.05 : std::max(std::abs(hi) * 0.05, 0.5);
        axis.min = lo - pad;
        axis.max = hi + pad;
    }
}

QRectF drawLineChart(QPainter &painter, const FigureStyle &style, const QRectF &area,
                     const LineChartSpec &chart, HoverMap *hovers)
{
    PlotAxes axes(style, chart.x, chart.y);
    const QRectF plot = axes.layout(area);
    axes.drawGrid(painter);

    painter.save();
    painter.setClipRect(plot.adjusted(-1, -1, 1, 1));
    const QFont labelFont = style.font(style.tickSize - 1);
    for (const ChartReference &reference : chart.references) {
        QPen pen(style.muted, 1.0, Qt::DashLine);
        painter.setPen(pen);
        if (reference.orientation == Qt::Horizontal) {
            if (!usable(reference.value, chart.y.log))
                continue;
            const double y = axes.mapY(reference.value);
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
            drawText(painter, labelFont, style.muted, reference.label,
                     QPointF(plot.left() + style.gap, y - 2), Qt::AlignLeft | Qt::AlignBottom);
        } else {
            if (!usable(reference.value, chart.x.log))
                continue;
            const double x = axes.mapX(reference.value);
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            drawText(painter, labelFont, style.muted, reference.label,
                     QPointF(x + style.gap, plot.top() + style.gap), Qt::AlignLeft | Qt::AlignTop);
        }
    }

    std::vector<QPolygonF> lines;
    std::vector<LegendEntry> legend;
    for (const ChartSeries &series : chart.series) {
        const auto &points = series.points;
        QPolygonF line = decimateSeries(
            points.size(),
            [&](std::size_t i) -> QPointF {
                const QPointF p = points[i];
                if (!usable(p.x(), chart.x.log) || !usable(p.y(), chart.y.log))
                    return {std::numeric_limits<double>::quiet_NaN(), 0};
                return axes.map(p.x(), p.y());
            },
            0.5);
        QPen pen(series.color, series.width);
        if (series.dashed)
            pen.setStyle(Qt::DashLine);
        // A probe series is a few hundred smooth points. On a raster device separate segments
        // with square caps fill four times faster than one polyline (whose stroke is one big
        // self-overlapping polygon) and look the same at these widths; the caps close the
        // joints. Dashed lines and vector devices (SVG, PDF) keep one polyline, so dash
        // patterns run on unbroken and files stay small.
        const bool raster =
            painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
        if (line.size() > 1 && line.size() <= 1000 && raster && !series.dashed) {
            pen.setCapStyle(Qt::SquareCap);
            painter.setPen(pen);
            painter.setBrush(Qt::NoBrush);
            std::vector<QLineF> segments;
            segments.reserve(std::size_t(line.size()));
            for (qsizetype i = 1; i < line.size(); ++i)
                if (!std::isnan(line[i - 1].x()) && !std::isnan(line[i].x()))
                    segments.emplace_back(line[i - 1], line[i]);
            painter.drawLines(segments.data(), int(segments.size()));
        } else if (line.size() > 1 && line.size() <= 1000) {
            pen.setJoinStyle(Qt::BevelJoin);
            painter.setPen(pen);
            painter.setBrush(Qt::NoBrush);
            painter.drawPolyline(line);
        } else if (line.size() > 1) {
            strokeSeries(painter, line, pen);
        }
        if (series.markers || line.size() == 1) {
            painter.setPen(QPen(style.background, 0.8));
            painter.setBrush(series.color);
            for (const QPointF &p : std::as_const(line))
                painter.drawEllipse(p, 3.2, 3.2);
        }
        lines.push_back(line);
        if (!series.name.isEmpty())
            legend.push_back({series.name, pen, true, series.markers});
    }
    painter.restore();
    axes.drawFrame(painter);
    if (chart.legend && !legend.empty())
        drawLegend(painter, style, plot, legend, placeLegend(style, plot, legend, lines).corner);

    if (hovers) {
        // The nearest point of any series, in layout units, within a small radius.
        struct Mapped {
            QString name;
            std::vector<std::pair<QPointF, QPointF>> points; // (layout, data)
        };
        std::vector<Mapped> mapped;
        for (const ChartSeries &series : chart.series) {
            Mapped m{series.name, {}};
            for (const QPointF &p : series.points)
                if (usable(p.x(), chart.x.log) && usable(p.y(), chart.y.log))
                    m.points.push_back({axes.map(p.x(), p.y()), p});
            mapped.push_back(std::move(m));
        }
        const QString xTitle = chart.x.title, yTitle = chart.y.title;
        const bool integerX = chart.x.integers;
        hovers->add(
            plot.adjusted(-4, -4, 4, 4), [mapped, xTitle, yTitle, integerX](QPointF at) -> QString {
                double best = hoverRadius * hoverRadius;
                const Mapped *series = nullptr;
                QPointF value;
                for (const Mapped &m : mapped)
                    for (const auto &[layout, data] : m.points) {
                        const QPointF d = layout - at;
                        const double distance = d.x() * d.x() + d.y() * d.y();
                        if (distance < best) {
                            best = distance;
                            series = &m;
                            value = data;
                        }
                    }
                if (!series)
                    return {};
                const QString x = integerX ? QString::number(qint64(std::llround(value.x())))
                                           : formatFigureValue(value.x());
                const QString prefix =
                    series->name.isEmpty() ? QString() : series->name + QStringLiteral(": ");
                return QStringLiteral("%1%2 %3 \u00b7 %4 %5")
                    .arg(prefix, xTitle, x, yTitle, formatFigureValue(value.y()));
            });
    }
    return plot;
}

} // namespace pelab
