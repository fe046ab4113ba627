// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

#include <optional>
#include <utility>

class QPainter;

namespace pelab {

// The gradient's norm per layer (each gradient group: input, encoding, block.1 ... head) at
// every step, as a layers x steps heatmap on a log colour scale; steps are averaged
// into as many columns as the plot has room for, so a long run costs no more than a short one.
void drawGradientFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                        const FigureStyle &style, HoverMap *hovers = nullptr);

// The gradient groups of the first and the last block (none without two blocks).
std::optional<std::pair<int, int>> firstAndLastBlockGroups(const RunRecord &record);

// The first block's gradient norm over the last block's at the newest step (none without two
// blocks or with a zero norm): below 1 the first layer learns slower (vanishing gradients).
std::optional<double> firstToLastBlockRatio(const RunRecord &record);

// "layer 1's gradient is 9,500× smaller than layer 8's" (or larger, or about the same).
QString gradientRatioSentence(double ratio, std::int64_t layers);

} // namespace pelab
