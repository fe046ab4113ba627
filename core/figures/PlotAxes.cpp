// SPDX-License-Identifier: MIT
#include "PlotAxes.h"

#include "FigureText.h"

#include <QMarginsF>
#include <QPainter>

#include <cmath>

namespace pelab {

namespace {

AxisScale makeScale(const AxisSpec &spec, double length, double defaultSpacing)
{
    const double spacing = spec.tickSpacing > 0 ? spec.tickSpacing : defaultSpacing;
    const int maxTicks = std::max(2, int(length / spacing) + 1);
    if (spec.log)
        return AxisScale::logarithmic(spec.min, spec.max, maxTicks);
    return AxisScale::linear(spec.min, spec.max, maxTicks, spec.integers);
}

bool insideRange(const AxisScale &scale, double value)
{
    const double f = scale.fraction(value);
    return f >= -1e-9 && f <= 1 + 1e-9;
}

} // namespace

std::vector<std::pair<double, TickLabel>>
PlotAxes::ticks(const AxisSpec &spec, const AxisScale &scale, double length, bool horizontal) const
{
    std::vector<std::pair<double, TickLabel>> result;
    if (spec.categories.isEmpty()) {
        for (double tick : scale.ticks())
            if (insideRange(scale, tick))
                result.push_back({tick, scale.label(tick)});
        return result;
    }
    // Every k-th name, k the smallest that keeps neighbours from touching.
    double extent = 1;
    for (const QString &name : spec.categories) {
        const QSizeF size = tickLabelSize(m_style, {name, {}});
        extent = std::max(extent, horizontal ? size.width() + m_style.gap : size.height());
    }
    const int n = int(spec.categories.size());
    const double pitch = length / std::max(1, n);
    const int every = std::max(1, int(std::ceil(extent / std::max(pitch, 1e-9))));
    for (int i = 0; i < n; i += every)
        result.push_back({double(i), TickLabel{spec.categories[i], {}}});
    return result;
}

PlotAxes::PlotAxes(const FigureStyle &style, const AxisSpec &x, const AxisSpec &y)
    : m_style(style)
    , m_x(x)
    , m_y(y)
{}

void PlotAxes::buildScales(const QSizeF &plotSize)
{
    // Whole-number axes (positions) have short labels, so they can take denser ticks.
    m_xScale = makeScale(m_x, plotSize.width(), m_x.integers ? 50 : 90);
    m_yScale = makeScale(m_y, plotSize.height(), 40);
}

QMarginsF PlotAxes::labelMargins(const QSizeF &plotSize)
{
    buildScales(plotSize);
    const double tickZone = m_style.tickLength + m_style.gap;
    double yLabelWidth = 0;
    for (const auto &[tick, label] : ticks(m_y, m_yScale, plotSize.height(), false))
        yLabelWidth = std::max(yLabelWidth, tickLabelSize(m_style, label).width());
    double xLabelHeight = 0;
    double xOverhang = 0; // the last x label may reach past the plot's right edge
    for (const auto &[tick, label] : ticks(m_x, m_xScale, plotSize.width(), true)) {
        const QSizeF size = tickLabelSize(m_style, label);
        xLabelHeight = std::max(xLabelHeight, size.height());
        if (m_xScale.fraction(tick) > 0.999)
            xOverhang = size.width() / 2;
    }
    const double titleHeight =
        textSize(m_style.font(m_style.labelSize), QStringLiteral("Xg")).height();
    const double left =
        tickZone + yLabelWidth + (m_y.title.isEmpty() ? 0 : m_style.gap * 2 + titleHeight);
    const double bottom =
        tickZone + xLabelHeight + (m_x.title.isEmpty() ? 0 : m_style.gap * 2 + titleHeight);
    // The top y label is centred on the top spine: half its height sticks out.
    const double top = xLabelHeight / 2;
    return {left, top, xOverhang, bottom};
}

QRectF PlotAxes::layout(const QRectF &area)
{
    // Tick choice depends on the plot's size, which depends on the labels: two passes settle.
    QMarginsF margins = labelMargins(area.size());
    margins = labelMargins(area.marginsRemoved(margins).size());
    setPlotRect(area.marginsRemoved(margins));
    return m_plot;
}

void PlotAxes::setPlotRect(const QRectF &plot)
{
    m_plot = plot;
    buildScales(plot.size());
}

double PlotAxes::mapX(double x) const
{
    return m_plot.left() + m_xScale.fraction(x) * m_plot.width();
}

double PlotAxes::mapY(double y) const
{
    const double f = m_yScale.fraction(y);
    return m_y.inverted ? m_plot.top() + f * m_plot.height()
                        : m_plot.bottom() - f * m_plot.height();
}

void PlotAxes::drawGrid(QPainter &painter) const
{
    painter.save();
    painter.setPen(QPen(m_style.grid, 0.8));
    for (double tick : m_x.categories.isEmpty() ? m_xScale.ticks() : std::vector<double>())
        if (insideRange(m_xScale, tick))
            painter.drawLine(QPointF(mapX(tick), m_plot.top()),
                             QPointF(mapX(tick), m_plot.bottom()));
    for (double tick : m_y.categories.isEmpty() ? m_yScale.ticks() : std::vector<double>())
        if (insideRange(m_yScale, tick))
            painter.drawLine(QPointF(m_plot.left(), mapY(tick)),
                             QPointF(m_plot.right(), mapY(tick)));
    painter.restore();
}

void PlotAxes::drawFrame(QPainter &painter) const
{
    painter.save();
    QPen pen(m_style.axis, m_style.spineWidth);
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::MiterJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(m_plot);

    const double major = m_style.tickLength;
    const double minor = m_style.minorTickLength;
    const double labelOffset = major + m_style.gap;
    for (double tick : m_x.categories.isEmpty() ? m_xScale.minorTicks() : std::vector<double>())
        if (insideRange(m_xScale, tick))
            painter.drawLine(QPointF(mapX(tick), m_plot.bottom()),
                             QPointF(mapX(tick), m_plot.bottom() + minor));
    for (double tick : m_y.categories.isEmpty() ? m_yScale.minorTicks() : std::vector<double>())
        if (insideRange(m_yScale, tick))
            painter.drawLine(QPointF(m_plot.left(), mapY(tick)),
                             QPointF(m_plot.left() - minor, mapY(tick)));
    double maxLabelHeight = 0;
    for (const auto &[tick, label] : ticks(m_x, m_xScale, m_plot.width(), true)) {
        const double x = mapX(tick);
        painter.drawLine(QPointF(x, m_plot.bottom()), QPointF(x, m_plot.bottom() + major));
        maxLabelHeight = std::max(maxLabelHeight, tickLabelSize(m_style, label).height());
        drawTickLabel(painter, m_style, label, QPointF(x, m_plot.bottom() + labelOffset),
                      Qt::AlignHCenter | Qt::AlignTop);
    }
    double maxLabelWidth = 0;
    for (const auto &[tick, label] : ticks(m_y, m_yScale, m_plot.height(), false)) {
        const double y = mapY(tick);
        painter.drawLine(QPointF(m_plot.left(), y), QPointF(m_plot.left() - major, y));
        maxLabelWidth = std::max(maxLabelWidth, tickLabelSize(m_style, label).width());
        drawTickLabel(painter, m_style, label, QPointF(m_plot.left() - labelOffset, y),
                      Qt::AlignRight | Qt::AlignVCenter);
    }

    const QFont titleFont = m_style.font(m_style.labelSize);
    if (!m_x.title.isEmpty())
        drawText(painter, titleFont, m_style.text, m_x.title,
                 QPointF(m_plot.center().x(),
                         m_plot.bottom() + labelOffset + maxLabelHeight + m_style.gap * 2),
                 Qt::AlignHCenter | Qt::AlignTop);
    if (!m_y.title.isEmpty())
        drawText(painter, titleFont, m_style.text, m_y.title,
                 QPointF(m_plot.left() - labelOffset - maxLabelWidth - m_style.gap * 2,
                         m_plot.center().y()),
                 Qt::AlignHCenter | Qt::AlignBottom, -90);
    painter.restore();
}

} // namespace pelab
