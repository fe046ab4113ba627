// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// The learned embedding as a viridis heatmap: position across, dimension down, with a
// colorbar. Width 1 is a single strip of annotated cells with a horizontal colorbar below.
void drawHeatmapFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style);

} // namespace pelab
