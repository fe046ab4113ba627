// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"
#include "LineChart.h"

#include <QRectF>

class QPainter;

namespace pelab {

// Attention over training, from the probe batch: left, each layer's entropy as a fraction of
// the uniform distribution's (1 = attends to every visible key alike, 0 = one key), heads
// as faint lines around their layer's mean; right, each layer's mean attention distance.
void drawEntropyFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style, HoverMap *hovers = nullptr);

// The same split for every two-panel figure: left and right halves of `content` with a gap.
std::pair<QRectF, QRectF> splitPanels(const QRectF &content, const FigureStyle &style);

// The run's layer names as the essay counts them: "layer 1" ... "layer N".
QString layerName(std::int64_t layer);

// A probe figure of two charts side by side under `title`: the charts made from the run, or
// the notice for a run without attention (or not started). Entropy and rank are drawn so.
using ProbeChart = LineChartSpec (*)(const RunRecord &run, std::int64_t layers,
                                     const FigureStyle &style);
void drawTwoProbeCharts(QPainter &painter, const QRectF &rect, const FigureData &data,
                        const FigureStyle &style, HoverMap *hovers, const QString &title,
                        const QString &what, ProbeChart left, ProbeChart right);

// Draws the notice every family figure shows for a run without attention layers (or none).
// Returns true when it did (nothing else to draw).
bool drawNoAttentionNotice(QPainter &painter, const FigureStyle &style, const QRectF &area,
                           const FigureData &data, const QString &what);

} // namespace pelab
