// SPDX-License-Identifier: MIT
#pragma once

#include "FigureStyle.h"

#include <QColor>
#include <QRectF>

#include <functional>

class QPainter;

namespace pelab {

// A matrix of coloured cells filling a plot rectangle (heatmap, similarity matrix).
struct CellGrid {
    int columns = 0;
    int rows = 0;
    std::function<double(int column, int row)> value;
    double min = 0; // maps to the colormap's 0
    double max = 1; // maps to its 1
    QColor (*colormap)(double) = nullptr;
    bool rowsDownward = true; // row 0 at the top, as in a matrix
    int labelDecimals = 2;
};

// Small grids are drawn as vector rectangles, with each value written in its cell when it
// fits; large ones as an image averaged down to about two pixels per layout unit, so an SVG
// stays small and no viewer blurs a handful of cells into a gradient.
void drawCellGrid(QPainter &painter, const FigureStyle &style, const QRectF &plot,
                  const CellGrid &grid);

} // namespace pelab
