// SPDX-License-Identifier: MIT
#include "FigureLegend.h"

#include "FigureText.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace pelab {

namespace {

constexpr double sampleWidth = 26; // the line drawn before each entry's text
constexpr double inset = 8;        // between the legend and the plot's frame
constexpr double padding = 7;      // inside the legend's box
constexpr double rowGap = 6;

QRectF legendBox(const QSizeF &size, const QRectF &plot, Qt::Corner corner)
{
    const bool right = corner == Qt::TopRightCorner || corner == Qt::BottomRightCorner;
    const bool bottom = corner == Qt::BottomLeftCorner || corner == Qt::BottomRightCorner;
    const QPointF origin(right ? plot.right() - inset - size.width() : plot.left() + inset,
                         bottom ? plot.bottom() - inset - size.height() : plot.top() + inset);
    return QRectF(origin, size);
}

} // namespace

LegendPlacement placeLegend(const FigureStyle &style, const QRectF &plot,
                            const std::vector<LegendEntry> &entries,
                            const std::vector<QPolygonF> &lines)
{
    // Sample along each segment too: a long segment can cross the box between its ends.
    QPolygonF points;
    for (const QPolygonF &line : lines)
        for (qsizetype i = 0; i < line.size(); ++i) {
            points << line[i];
            if (i + 1 == line.size())
                break;
            const QPointF d = line[i + 1] - line[i];
            const int steps = std::min(200, int(std::hypot(d.x(), d.y()) / 3));
            for (int k = 1; k < steps; ++k)
                points << line[i] + d * (double(k) / steps);
        }
    // A margin around the box: a line passing just outside it still crowds it.
    const QSizeF size = legendSize(style, entries) + QSizeF(8, 8);
    LegendPlacement best;
    bool first = true;
    for (Qt::Corner corner :
         {Qt::TopRightCorner, Qt::TopLeftCorner, Qt::BottomRightCorner, Qt::BottomLeftCorner}) {
        const QRectF box = legendBox(size, plot, corner);
        int covered = 0;
        for (const QPointF &p : std::as_const(points))
            covered += box.contains(p);
        if (first || covered < best.covered) {
            best = {corner, covered};
            first = false;
        }
    }
    return best;
}

AxisSpec withLegendHeadroom(const AxisSpec &y, const FigureStyle &style,
                            const std::vector<LegendEntry> &entries, double plotHeight)
{
    const double share =
        std::min(0.5, (legendSize(style, entries).height() + inset * 2) / plotHeight);
    AxisSpec raised = y;
    if (y.log)
        raised.max = std::pow(10.0, std::log10(y.min) +
                                        (std::log10(y.max) - std::log10(y.min)) / (1 - share));
    else
        raised.max = y.min + (y.max - y.min) / (1 - share);
    return raised;
}

QSizeF legendSize(const FigureStyle &style, const std::vector<LegendEntry> &entries)
{
    const QFont font = style.font(style.tickSize);
    double width = 0;
    double height = 0;
    for (const LegendEntry &entry : entries) {
        const QSizeF text = textSize(font, entry.text);
        width = std::max(width, text.width());
        height += text.height() + rowGap;
    }
    return {padding * 2 + sampleWidth + style.gap * 1.5 + width, padding * 2 + height - rowGap};
}

void drawLegend(QPainter &painter, const FigureStyle &style, const QRectF &plot,
                const std::vector<LegendEntry> &entries, Qt::Corner corner)
{
    if (entries.empty())
        return;
    const QRectF box = legendBox(legendSize(style, entries), plot, corner);

    painter.save();
    QColor fill = style.background;
    fill.setAlphaF(0.85);
    painter.setPen(QPen(
        style.isStandardBackground() ? QColor(204, 204, 204) : style.faint(style.text, 0.3), 0.8));
    painter.setBrush(fill);
    painter.drawRoundedRect(box, 3, 3);

    const QFont font = style.font(style.tickSize);
    double y = box.top() + padding;
    for (const LegendEntry &entry : entries) {
        const double height = textSize(font, entry.text).height();
        // Centre the sample on the digits' and capitals' middle, where the eye reads the line.
        const double mid = y + QFontMetricsF(font).capHeight() / 2;
        const QPointF a(box.left() + padding, mid);
        const QPointF b(a.x() + sampleWidth, mid);
        if (entry.line) {
            QPen pen = entry.pen;
            pen.setCapStyle(Qt::FlatCap);
            painter.setPen(pen);
            painter.drawLine(a, b);
        }
        if (entry.marker) {
            painter.setPen(QPen(style.background, 0.8));
            painter.setBrush(entry.pen.color());
            painter.drawEllipse((a + b) / 2, 3.2, 3.2);
        }
        drawText(painter, font, style.text, entry.text, QPointF(b.x() + style.gap * 1.5, y),
                 Qt::AlignLeft | Qt::AlignTop);
        y += height + rowGap;
    }
    painter.restore();
}

} // namespace pelab
