// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureKind.h"
#include "FigureStyle.h"
#include "FigureWriter.h"
#include "LineChart.h"

#include <QColor>
#include <QList>
#include <QRectF>

#include <utility>
#include <vector>

class QPainter;

namespace pelab {

// One run of a comparison: its name (the settings that differ, "encoding=rope"), its colour
// on every chart, and its record (not owned).
struct ComparedRun {
    QString name;
    QColor color;
    const RunRecord *record = nullptr;
};

struct ComparisonData {
    std::vector<ComparedRun> runs; // in legend order
    QStringList varied;            // the keys of the settings that differ (the legend names them)
    double smoothing = 0.9;        // EMA weight of the loss and gradient-ratio curves
    LossScale lossScale = LossScale::Auto;
    // Levels drawn on the loss charts, such as the best loss a task allows (a lesson's lines).
    std::vector<ChartReference> lossReferences;
};

// The line charts that overlay runs. Each shows one measurement of every run in its colour.
enum class ComparisonChart {
    Loss,            // training loss per step, smoothed
    Validation,      // validation loss against step
    Accuracy,        // validation accuracy against step (token tasks)
    Entropy,         // mean normalised attention entropy against step
    GradientRatio,   // first block's gradient norm over the last block's, smoothed, log axis
    Extrapolation,   // accuracy (loss for regression) at each evaluation length
    TrainValidation, // training loss (smoothed) and validation loss of each run together
};

std::vector<ComparisonChart> allComparisonCharts();
// "loss", "validation", "accuracy", "entropy", "gradient_ratio", "extrapolation".
QString comparisonChartStem(ComparisonChart chart);
// "Training loss", ...: for titles, menus and messages.
QString comparisonChartName(ComparisonChart chart);
// The charts at least one run has data for (the loss always).
std::vector<ComparisonChart> comparisonChartsFor(const ComparisonData &data);

// "3 runs differing in encoding  ·  task shift  ·  seed 0 ...": what the runs share.
QString comparisonCaption(const ComparisonData &data);

// Draws one chart with every run overlaid, legend naming each run.
void drawComparisonChart(ComparisonChart chart, QPainter &painter, const QRectF &rect,
                         const ComparisonData &data, const FigureStyle &style,
                         HoverMap *hovers = nullptr);

// The chart as a drawing for a PNG, SVG or PDF file (`data` must outlive it).
FigureDrawing comparisonDrawing(ComparisonChart chart, const ComparisonData &data);

} // namespace pelab
