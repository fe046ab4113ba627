// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// A width-1 embedding as a curve over positions: the learned values, the initial ones
// faintly, and for the position-signal task the target sine fitted to them (a·s + b) with
// its correlation r in the legend.
void drawProfileFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style);

} // namespace pelab
