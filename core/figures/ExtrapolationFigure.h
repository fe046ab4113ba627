// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// Beyond the training length: left, accuracy (loss for regression tasks) at each evaluation
// length, measured when the run ends, with the training length marked; right, accuracy at
// each position of the probe batch now, with chance marked.
void drawExtrapolationFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                             const FigureStyle &style, HoverMap *hovers = nullptr);

} // namespace pelab
