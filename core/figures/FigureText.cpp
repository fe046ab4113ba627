// SPDX-License-Identifier: MIT
#include "FigureText.h"

#include <QFontMetricsF>
#include <QPainter>

namespace pelab {

namespace {

// The exponent is set smaller and raised, as TeX does.
constexpr double superscriptScale = 0.72;

QFont superscriptFont(const FigureStyle &style)
{
    return style.font(qRound(style.tickSize * superscriptScale));
}

double superscriptRise(const FigureStyle &style)
{
    return QFontMetricsF(style.font(style.tickSize)).capHeight() * 0.55;
}

// Top-left of a box of `size` whose `alignment` point is `anchor`.
QPointF boxOrigin(QPointF anchor, QSizeF size, Qt::Alignment alignment)
{
    double x = anchor.x();
    double y = anchor.y();
    if (alignment & Qt::AlignHCenter)
        x -= size.width() / 2;
    else if (alignment & Qt::AlignRight)
        x -= size.width();
    if (alignment & Qt::AlignVCenter)
        y -= size.height() / 2;
    else if (alignment & Qt::AlignBottom)
        y -= size.height();
    return {x, y};
}

} // namespace

QSizeF textSize(const QFont &font, const QString &text)
{
    const QFontMetricsF metrics(font);
    return {metrics.horizontalAdvance(text), metrics.capHeight() + metrics.descent()};
}

void drawText(QPainter &painter, const QFont &font, const QColor &color, const QString &text,
              QPointF anchor, Qt::Alignment alignment, double rotation)
{
    const QFontMetricsF metrics(font);
    const QSizeF size = textSize(font, text);
    painter.save();
    painter.translate(anchor);
    painter.rotate(rotation);
    const QPointF origin = boxOrigin({0, 0}, size, alignment);
    painter.setFont(font);
    painter.setPen(color);
    painter.drawText(QPointF(origin.x(), origin.y() + metrics.capHeight()), text);
    painter.restore();
}

QSizeF tickLabelSize(const FigureStyle &style, const TickLabel &label)
{
    const QSizeF base = textSize(style.font(style.tickSize), label.text);
    if (label.exponent.isEmpty())
        return base;
    const QSizeF exponent = textSize(superscriptFont(style), label.exponent);
    const double top =
        std::max(0.0, superscriptRise(style) + QFontMetricsF(superscriptFont(style)).capHeight() -
                          QFontMetricsF(style.font(style.tickSize)).capHeight());
    return {base.width() + exponent.width() + 1, base.height() + top};
}

void drawTickLabel(QPainter &painter, const FigureStyle &style, const TickLabel &label,
                   QPointF anchor, Qt::Alignment alignment)
{
    const QSizeF size = tickLabelSize(style, label);
    const QPointF origin = boxOrigin(anchor, size, alignment);
    const QFont font = style.font(style.tickSize);
    const QSizeF base = textSize(font, label.text);
    // The digits sit at the bottom of the box; the exponent rises above them.
    const QPointF baseTopLeft(origin.x(), origin.y() + size.height() - base.height());
    drawText(painter, font, style.text, label.text, baseTopLeft, Qt::AlignLeft | Qt::AlignTop);
    if (label.exponent.isEmpty())
        return;
    const QFont small = superscriptFont(style);
    const double baseline = baseTopLeft.y() + QFontMetricsF(font).capHeight();
    // Anchored by the bottom of its box, which lies one descent below its baseline.
    const QPointF exponentBottom(baseTopLeft.x() + base.width() + 1,
                                 baseline - superscriptRise(style) +
                                     QFontMetricsF(small).descent());
    drawText(painter, small, style.text, label.exponent, exponentBottom,
             Qt::AlignLeft | Qt::AlignBottom);
}

} // namespace pelab
