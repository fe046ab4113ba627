// SPDX-License-Identifier: MIT
#pragma once

#include "FigureHover.h"
#include "FigureStyle.h"
#include "lessons/CostExplorer.h"

#include <QRectF>

class QPainter;

namespace pelab {

// The cost explorer's picture: attention's time (and the family's training step) and its
// peak memory against the length, on log-log axes, each measurement a marker and its fitted
// power law a dashed line; `probeLength` (0: none) marks the memory predicted for a length
// the learner typed.
void drawCostFigure(QPainter &painter, const QRectF &rect, const CostResults &results,
                    const FigureStyle &style, std::int64_t probeLength = 0,
                    HoverMap *hovers = nullptr);

} // namespace pelab
