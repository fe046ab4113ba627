// SPDX-License-Identifier: MIT
#pragma once

#include "AxisScale.h"
#include "FigureStyle.h"

#include <QFont>
#include <QPointF>
#include <QSizeF>

class QPainter;

namespace pelab {

// Text is placed by its visual box: from the top of the capitals to the bottom of the
// descenders, so "10" next to a tick is centred on its digits, not on the line's leading.
QSizeF textSize(const QFont &font, const QString &text);

// Draws `text` with `anchor` at the point of its box named by `alignment` (e.g. AlignHCenter |
// AlignTop: the middle of its top edge). `rotation` in degrees, about the anchor.
void drawText(QPainter &painter, const QFont &font, const QColor &color, const QString &text,
              QPointF anchor, Qt::Alignment alignment, double rotation = 0);

// Tick labels, with a superscript exponent when they have one.
QSizeF tickLabelSize(const FigureStyle &style, const TickLabel &label);
void drawTickLabel(QPainter &painter, const FigureStyle &style, const TickLabel &label,
                   QPointF anchor, Qt::Alignment alignment);

} // namespace pelab
