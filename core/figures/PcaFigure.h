// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

#include <vector>

class QPainter;

namespace pelab {

// The table's rows as a path through the plane of its first two principal components, in
// position order, coloured by position; each component's sign is chosen so it grows with the
// position (a frame never flips for nothing).
void drawPcaFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                   const FigureStyle &style, HoverMap *hovers = nullptr);

// The first two principal components' scores of `rows` (n x d, row-major), by power
// iteration on the centred data, signs fixed as above; and the share of variance each explains.
struct PcaResult {
    std::vector<double> first, second; // one score per row
    double firstShare = 0, secondShare = 0;
};
PcaResult principalComponents(const std::vector<double> &rows, int n, int d);

} // namespace pelab
