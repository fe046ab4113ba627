// SPDX-License-Identifier: MIT
#include "ColorBar.h"

#include "AxisScale.h"
#include "FigureText.h"

#include <QLinearGradient>
#include <QPainter>

namespace pelab {

namespace {

AxisScale barScale(const ColorBarSpec &spec, double length)
{
    const double spacing = spec.orientation == Qt::Vertical ? 40 : 80;
    return AxisScale::linear(spec.min, spec.max, std::max(2, int(length / spacing) + 1));
}

} // namespace

double colorBarLabelExtent(const FigureStyle &style, const ColorBarSpec &spec, double length)
{
    const AxisScale scale = barScale(spec, length);
    double labels = 0;
    for (double tick : scale.ticks()) {
        const QSizeF size = tickLabelSize(style, scale.label(tick));
        labels = std::max(labels, spec.orientation == Qt::Vertical ? size.width() : size.height());
    }
    const double title =
        spec.title.isEmpty()
            ? 0
            : style.gap * 2 + textSize(style.font(style.labelSize), spec.title).height();
    return style.tickLength + style.gap + labels + title;
}

void drawColorBar(QPainter &painter, const FigureStyle &style, const ColorBarSpec &spec,
                  const QRectF &bar)
{
    const bool vertical = spec.orientation == Qt::Vertical;
    painter.save();
    // One gradient stop every 2% is indistinguishable from the colormap and stays vector.
    QLinearGradient gradient(vertical ? bar.bottomLeft() : bar.topLeft(),
                             vertical ? bar.topLeft() : bar.topRight());
    constexpr int stops = 50;
    for (int i = 0; i <= stops; ++i)
        gradient.setColorAt(double(i) / stops, spec.colormap(double(i) / stops));
    painter.setPen(Qt::NoPen);
    painter.setBrush(gradient);
    painter.drawRect(bar);

    QPen pen(style.axis, style.spineWidth);
    pen.setJoinStyle(Qt::MiterJoin);
    pen.setCapStyle(Qt::FlatCap);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);

    const double length = vertical ? bar.height() : bar.width();
    const AxisScale scale = barScale(spec, length);
    double labels = 0;
    for (double tick : scale.ticks()) {
        const double f = scale.fraction(tick);
        if (f < -1e-9 || f > 1 + 1e-9)
            continue;
        const TickLabel label = scale.label(tick);
        const QSizeF size = tickLabelSize(style, label);
        if (vertical) {
            const double y = bar.bottom() - f * bar.height();
            painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + style.tickLength, y));
            drawTickLabel(painter, style, label,
                          QPointF(bar.right() + style.tickLength + style.gap, y),
                          Qt::AlignLeft | Qt::AlignVCenter);
            labels = std::max(labels, size.width());
        } else {
            const double x = bar.left() + f * bar.width();
            painter.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + style.tickLength));
            drawTickLabel(painter, style, label,
                          QPointF(x, bar.bottom() + style.tickLength + style.gap),
                          Qt::AlignHCenter | Qt::AlignTop);
            labels = std::max(labels, size.height());
        }
    }
    if (!spec.title.isEmpty()) {
        const QFont font = style.font(style.labelSize);
        const double offset = style.tickLength + style.gap + labels + style.gap * 2;
        if (vertical)
            drawText(painter, font, style.text, spec.title,
                     QPointF(bar.right() + offset, bar.center().y()),
                     Qt::AlignHCenter | Qt::AlignTop, -90);
        else
            drawText(painter, font, style.text, spec.title,
                     QPointF(bar.center().x(), bar.bottom() + offset),
                     Qt::AlignHCenter | Qt::AlignTop);
    }
    painter.restore();
}

} // namespace pelab
