// SPDX-License-Identifier: MIT
#pragma once

#include "FigureStyle.h"

#include <QColor>
#include <QRectF>

class QPainter;

namespace pelab {

struct ColorBarSpec {
    double min = 0;
    double max = 1;
    QString title;
    QColor (*colormap)(double) = nullptr; // takes t in [0, 1]
    Qt::Orientation orientation = Qt::Vertical;
};

// How far the ticks, labels and title reach beside the bar (right of a vertical bar, below
// a horizontal one), for a bar of `length`.
double colorBarLabelExtent(const FigureStyle &style, const ColorBarSpec &spec, double length);

// A smooth vector gradient in `bar`, framed, with round-number ticks on the data range.
void drawColorBar(QPainter &painter, const FigureStyle &style, const ColorBarSpec &spec,
                  const QRectF &bar);

} // namespace pelab
