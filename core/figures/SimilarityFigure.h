// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// Cosine similarity between the positions' embedding vectors, on a diverging -1..1 scale.
// For width 1 it explains instead why the matrix would only hold +1 and -1.
void drawSimilarityFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                          const FigureStyle &style, HoverMap *hovers = nullptr);

// The positions compared: all of them, or evenly spaced ones when there are more than
// `maxPositions` (the matrix grows with the square of L).
std::vector<int> similarityPositions(int length, int maxPositions = 600);

} // namespace pelab
