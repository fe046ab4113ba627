// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// Rank collapse: how far each layer's output is from every position holding the same vector,
// ||X - 1 mean(X)^T||_F / ||X||_F after each layer (log axis), at initialisation and now;
// right, the last layer's over training. Near 0: the positions have become indistinguishable.
void drawRankFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                    const FigureStyle &style, HoverMap *hovers = nullptr);

} // namespace pelab
