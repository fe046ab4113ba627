// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

#include <vector>

class QPainter;

namespace pelab {

// The embedding as curves over positions. Width 1: the values now, the initial ones faintly,
// and for the position-signal task the target sin(2 pi t / L) the task fixes (the best model
// has w = 1 and an embedding of sin - b), as a translucent band; a sentence under the plot
// gives the linear layer's w and b and the correlation with the target. Wider tables: up to
// four dimensions spread across the width, one line each. Hover texts refer to `data`.
void drawProfileFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style, HoverMap *hovers = nullptr);

// The dimensions drawn: 0, d/3, 2d/3, d-1 for a wide table (a sinusoidal-like table changes
// frequency with the dimension, so 0..3 would all be the fastest), every one when d <= 4.
std::vector<int> profileDimensions(int width);
constexpr int maxProfileDimensions = 4;
// The position-signal task's target profile for a width-1 table (empty otherwise).
std::vector<double> profileTarget(const FigureData &data);
// Pearson r of a width-1 table with the target sine; NaN without one.
double profileCorrelation(const FigureData &data);
// The sentence under the plot: what the learner should take from it.
QString profileStatement(const FigureData &data);
// What hovering over a position says: each line's value there (and where it started).
QString profilePositionText(const FigureData &data, int position);

} // namespace pelab
