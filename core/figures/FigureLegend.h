// SPDX-License-Identifier: MIT
#pragma once

#include "FigureStyle.h"
#include "PlotAxes.h"

#include <QPen>
#include <QPolygonF>
#include <QRectF>

#include <vector>

class QPainter;

namespace pelab {

struct LegendEntry {
    QString text;
    QPen pen;            // the line's pen; the marker takes its colour
    bool line = true;    // false: the marker alone
    bool marker = false; // a filled circle
};

QSizeF legendSize(const FigureStyle &style, const std::vector<LegendEntry> &entries);

// Where a legend goes: the corner that hides the least of `lines` (matplotlib's
// loc="best"; ties prefer top right, top left, bottom right, bottom left), and how many
// sample points along the lines it still covers there.
struct LegendPlacement {
    Qt::Corner corner = Qt::TopRightCorner;
    int covered = 0;
};
LegendPlacement placeLegend(const FigureStyle &style, const QRectF &plot,
                            const std::vector<LegendEntry> &entries,
                            const std::vector<QPolygonF> &lines);

// `y` with its top raised so the data ends below a legend drawn in a top corner of a plot
// `plotHeight` tall: for data that fills every corner.
AxisSpec withLegendHeadroom(const AxisSpec &y, const FigureStyle &style,
                            const std::vector<LegendEntry> &entries, double plotHeight);

// A matplotlib-like legend: a white, lightly framed box inside `plot` at `corner`.
void drawLegend(QPainter &painter, const FigureStyle &style, const QRectF &plot,
                const std::vector<LegendEntry> &entries, Qt::Corner corner = Qt::TopRightCorner);

} // namespace pelab
