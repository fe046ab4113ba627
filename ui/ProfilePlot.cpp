// SPDX-License-Identifier: MIT
#include "ProfilePlot.h"

#include "PlotTicks.h"
#include "figures/SeriesDecimation.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {
constexpr int tickLength = 4;
constexpr double markerSpacing = 9;
} // namespace

void ProfilePlot::setSeries(std::vector<ProfileSeries> series, int positions)
{
    m_series = std::move(series);
    m_positions = std::max(0, positions);
}

double ProfilePlot::xAt(double position) const
{
    // Positions sit at cell centres, as in the heatmap above them.
    return m_plot.left() + (position + 0.5) * m_plot.width() / std::max(1, m_positions);
}

double ProfilePlot::yAt(double value) const
{
    return m_plot.bottom() - (value - m_lo) / (m_hi - m_lo) * (m_plot.height() - 1);
}

std::optional<int> ProfilePlot::positionAt(double x) const
{
    if (m_positions == 0 || m_plot.isEmpty() || x < m_plot.left() || x > m_plot.right() + 1)
        return std::nullopt;
    return std::clamp(int((x - m_plot.left()) * m_positions / m_plot.width()), 0, m_positions - 1);
}

void ProfilePlot::paint(QPainter &painter, const QRect &area, const QPalette &palette)
{
    const QFontMetrics metrics = painter.fontMetrics();
    const int line = metrics.height();
    const int left = line + 6 + metrics.horizontalAdvance(QStringLiteral("\u22120.00")) + 6;
    m_area = area;
    m_plot = area.adjusted(left, line / 2, 0, -(tickLength + line + 4 + line));
    if (m_positions == 0 || m_plot.width() < 20 || m_plot.height() < 20) {
        m_plot = {};
        return;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (const ProfileSeries &s : m_series)
        for (double v : s.values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    const int maxTicks = std::clamp(m_plot.height() / (2 * line), 2, 8);
    const NiceRange range = lo <= hi ? niceRange(lo, hi, maxTicks) : NiceRange{};
    m_lo = range.lo;
    m_hi = range.hi;
    const NiceTicks ticks = niceTicks(m_lo, m_hi, maxTicks);
    paintAxes(painter, palette, ticks.step, ticks.values);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setClipRect(m_plot.adjusted(-6, -6, 6, 6));
    for (const ProfileSeries &s : m_series)
        paintSeries(painter, s, palette);
    painter.restore();
}

void ProfilePlot::paintAxes(QPainter &painter, const QPalette &palette, double step,
                            const std::vector<double> &ticks) const
{
    const QFontMetrics metrics = painter.fontMetrics();
    const int line = metrics.height();
    const QColor text = palette.color(QPalette::WindowText);
    for (double v : ticks) {
        const int y = int(std::lround(yAt(v)));
        QColor grid = text;
        grid.setAlpha(v == 0 ? 90 : 28); // the zero line anchors the eye
        painter.setPen(QPen(grid, 1));
        painter.drawLine(m_plot.left(), y, m_plot.right(), y);
        painter.setPen(text);
        painter.drawText(QRect(m_plot.left() - 86, y - line / 2, 80, line),
                         Qt::AlignRight | Qt::AlignVCenter, tickLabel(v, step));
    }
    painter.drawLine(m_plot.bottomLeft(), m_plot.bottomRight());
    const double cell = double(m_plot.width()) / m_positions;
    const int label = metrics.horizontalAdvance(QString::number(m_positions - 1));
    for (int i = 0; i < m_positions; i += indexTickStep(cell, label + 10)) {
        const int x = int(std::lround(xAt(i)));
        painter.drawLine(x, m_plot.bottom(), x, m_plot.bottom() + tickLength);
        painter.drawText(QRect(x - 40, m_plot.bottom() + tickLength + 1, 80, line),
                         Qt::AlignHCenter, QString::number(i));
    }
    painter.drawText(
        QRect(m_plot.left(), m_plot.bottom() + tickLength + 4 + line, m_plot.width(), line),
        Qt::AlignHCenter, tr("position"));
    painter.save();
    painter.translate(m_area.left(), m_plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRect(-100, 0, 200, line), Qt::AlignCenter, tr("value"));
    painter.restore();
    if (m_hover && *m_hover < m_positions) {
        QColor guide = text;
        guide.setAlpha(70);
        painter.setPen(QPen(guide, 1, Qt::DotLine));
        const int x = int(std::lround(xAt(*m_hover)));
        painter.drawLine(x, m_plot.top(), x, m_plot.bottom());
    }
}

void ProfilePlot::paintSeries(QPainter &painter, const ProfileSeries &s,
                              const QPalette &palette) const
{
    painter.setBrush(Qt::NoBrush);
    const QPen pen(s.color, s.width, s.style, Qt::RoundCap, Qt::RoundJoin);
    if (s.values.size() > std::size_t(std::max(1, m_plot.width()))) {
        // More positions than pixels (up to a million): each pixel column's first, lowest,
        // highest and last value, the same pixels as the whole curve at a few thousand
        // vertices, so a repaint costs the same at L = 10^6 as at 10^3.
        const QPolygonF line = decimateSeries(
            s.values.size(),
            [&](std::size_t i) { return QPointF(xAt(double(i)), yAt(s.values[i])); }, 1.0);
        strokeSeries(painter, line, pen);
        return; // no markers: they would be closer than a pixel
    }
    QPainterPath path;
    bool penDown = false;
    for (std::size_t i = 0; i < s.values.size(); ++i) {
        if (!std::isfinite(s.values[i])) {
            penDown = false; // a gap, not a spike, where a value is missing
            continue;
        }
        const QPointF p(xAt(double(i)), yAt(s.values[i]));
        penDown ? path.lineTo(p) : path.moveTo(p);
        penDown = true;
    }
    painter.setPen(pen);
    painter.drawPath(path);
    const double spacing = double(m_plot.width()) / std::max(1, m_positions);
    if (!s.markers || spacing < markerSpacing)
        return;
    const double radius = std::clamp(spacing / 6, 2.5, 4.0);
    const QColor background = palette.color(QPalette::Window);
    painter.setPen(QPen(s.hollow ? s.color : background, 1.2));
    painter.setBrush(s.hollow ? background : s.color);
    for (std::size_t i = 0; i < s.values.size(); ++i)
        if (std::isfinite(s.values[i]))
            painter.drawEllipse(QPointF(xAt(double(i)), yAt(s.values[i])), radius, radius);
}

void ProfilePlot::paintLegend(QPainter &painter, int right, int y, const QPalette &palette) const
{
    const QFontMetrics metrics = painter.fontMetrics();
    int x = right;
    for (auto it = m_series.rbegin(); it != m_series.rend(); ++it) {
        if (it->name.isEmpty())
            continue;
        const int textWidth = metrics.horizontalAdvance(it->name);
        x -= textWidth;
        painter.setPen(palette.color(QPalette::WindowText));
        painter.drawText(QRect(x, y - metrics.height() / 2, textWidth, metrics.height()),
                         Qt::AlignVCenter, it->name);
        painter.setPen(QPen(it->color, std::min(it->width, 5.0), it->style, Qt::FlatCap));
        painter.drawLine(x - 24, y, x - 5, y);
        x -= 24 + 14;
    }
}

} // namespace pelab
