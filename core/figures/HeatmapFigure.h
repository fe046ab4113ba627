// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// The learned embedding as a viridis heatmap: position across, dimension down, with a
// colorbar. Width 1 is a single strip of annotated cells with a horizontal colorbar below.
// data.table picks values or change since initialisation (red-blue, centred on 0) and the
// colour range; rows of a learned table that training never reaches are marked. Hover texts
// refer to `data`, which must outlive `hovers`.
void drawHeatmapFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style, HoverMap *hovers = nullptr);

} // namespace pelab
