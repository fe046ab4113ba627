// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// The loss of every step, faint, under a bold trend: the epoch means when there are several
// epochs, else an exponential moving average. Linear or log y (LossScale).
void drawLossFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                    const FigureStyle &style);

// Whether the loss axis is logarithmic for this data.
bool lossUsesLogScale(const FigureData &data);

} // namespace pelab
