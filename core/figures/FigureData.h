// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "RunExport.h"
#include "TrainingConfig.h"
#include "TrainingProgress.h"

#include <limits>
#include <optional>
#include <vector>

namespace pelab {

enum class LossScale {
    Auto, // logarithmic when the finite losses span more than two decades
    Linear,
    Log,
};

// How the embedding heatmap colours the table: by value, or by change since initialisation
// (now - initial, on a diverging map centred on 0). A view passes the colour range it shows
// (during a run it covers every frame so far and only widens); NaN: the data's own range.
struct TableDisplay {
    bool change = false;
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = std::numeric_limits<double>::quiet_NaN();
    // The part of the table shown (a view zoomed into a wide table): positions and dimensions
    // from the first ones given, that many of each; 0: all of them.
    int firstPosition = 0;
    int positions = 0;
    int firstDimension = 0;
    int dimensions = 0;
};

// The part of a rows x cols table that `display` shows, clamped to the table.
struct TableWindow {
    int firstPosition = 0;
    int positions = 0;
    int firstDimension = 0;
    int dimensions = 0;
    bool isWhole(int rows, int cols) const { return positions == rows && dimensions == cols; }
};
TableWindow tableWindow(const TableDisplay &display, int rows, int cols);

// How the loss chart shows the run: the window's chart passes its own settings, so an export
// is the chart on screen; the CLI's defaults are what the window shows when a run has ended.
struct LossDisplay {
    double smoothing = 0.9; // EMA weight of the smoothed curve, 0 (none) to 0.999
    // The steps shown; NaN: the steps done (the window's Follow).
    double fromStep = std::numeric_limits<double>::quiet_NaN();
    double toStep = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> learningRateChanges; // a red line after each of these steps
    bool highContrast = false;               // presentation mode's heavier lines, black text
};

// Everything a figure draws: plain data, so the window and the CLI build it from what they
// already hold (a RunRecord, or the trainer's snapshots) without touching tensors.
struct FigureData {
    TrainingConfig config;         // for the caption, the task and L
    std::vector<LossPoint> losses; // every step, in order (epoch means are derived)
    Matrix embedding;              // [seq_len, width], the learned embedding
    Matrix initialEmbedding;       // optional, [seq_len, width], before training
    Matrix targetSignal;           // optional, [seq_len, 1], the position-signal target
    LossScale lossScale = LossScale::Auto;
    LossDisplay loss;
    int probeSequence = 0; // which probe sequence's attention to draw (0: the first)
    TableDisplay table;
    std::optional<LinearHead> head; // the seed's linear layer (width-1 regression only)
    // A colour scale shared with other figures (small multiples of several runs, so a colour
    // means the same in each): attention's top probability, the gradients' log10 norm range.
    // NaN: the figure's own range. The table's is `table.low`/`high`.
    double colourLow = std::numeric_limits<double>::quiet_NaN();
    double colourHigh = std::numeric_limits<double>::quiet_NaN();
    bool caption = true; // false: no settings line under the figure (a small multiple)
    // The run's measurements for the family's figures (gradients, attention, rank,
    // extrapolation); not owned: whoever builds the data keeps the record alive while
    // drawing. Null: those figures say there is nothing to show.
    const RunRecord *run = nullptr;
};

// What a finished run's record shows.
FigureData figureDataFor(const RunRecord &record);

// Whether the loss figure uses a log axis: Log and Linear say so; Auto when the finite
// losses span more than two decades. Never without a positive loss.
bool lossUsesLogScale(const FigureData &data);

// Mean (and last) loss of each epoch present in `losses`, in order.
std::vector<EpochSummary> epochSummaries(const std::vector<LossPoint> &losses);

// The run in one line for a figure's caption:
// "task zeros · seed 0 · Adam · lr 0.01 · batch size 32 · 30 epochs · L = 10, d = 1".
QString figureCaption(const FigureData &data);
// The same for a config, leaving out the parts that show any of the `omit` keys (a
// comparison's shared settings, its varied ones named by the legend instead).
QString configCaption(const TrainingConfig &config, const QStringList &omit = {});

} // namespace pelab
