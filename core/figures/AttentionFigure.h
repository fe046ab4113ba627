// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// Where each position looks: the newest probe's attention probabilities for the first probe
// sequence, one query x key panel per layer (rows) and head (columns), on one colour scale
// from 0 to the largest probability, so a colour means the same in every panel.
void drawAttentionFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                         const FigureStyle &style, HoverMap *hovers = nullptr);

} // namespace pelab
