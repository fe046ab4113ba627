// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// What the encoding makes of two positions, for every encoding: left, a positions x
// positions matrix (the cosine similarity of a table's rows, learned or sinusoidal; RoPE's
// relative score profile; ALiBi's bias for head 1); right, the same against the offset
// between the positions (the mean along each diagonal; ALiBi one line per head). Rows of a
// table that training never reached (positions >= the training length) are marked.
void drawPositionsFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                         const FigureStyle &style, HoverMap *hovers = nullptr);

} // namespace pelab
