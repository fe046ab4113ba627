// SPDX-License-Identifier: MIT
#pragma once

#include "figures/FigureData.h"
#include "figures/FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

class LossChartView;

// The loss figure of the export set, drawn by the window's own chart: a LossChartView given
// the run in `data` and its display settings (data.loss: smoothing, the steps in view,
// learning-rate changes; data.lossScale), rendered at the figure's size between the figures'
// title and caption. The window's exports and `pelab train --figures` both draw it, so the
// file is the chart a learner saw. Needs a QApplication (it builds widgets, never shown).
void drawLossFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                    const FigureStyle &style);

// Gives `chart` the run in `data` as the window's chart holds it at that point (losses, the
// epochs completed, validation, a blow-up warning) and shows it with data's settings.
void loadLossChart(LossChartView &chart, const FigureData &data);

// Makes core's renderFigure draw FigureKind::Loss with drawLossFigure.
void registerLossFigure();

} // namespace pelab
