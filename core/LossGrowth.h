// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingProgress.h"

#include <QString>

#include <optional>
#include <vector>

namespace pelab {

// A loss that has grown by orders of magnitude but stayed finite: a learning rate too high
// for the run, which the divergence check (non-finite loss) does not catch. The run is not
// failed, but it is not learning either, and the window and the CLI say so.
struct LossGrowth {
    double factor = 1;     // latest loss level over the first
    double firstLoss = 0;  // the first step's loss (the model before any update)
    double latestLoss = 0; // mean of the latest steps' losses
    std::int64_t step = 0; // the latest step
};

// Growth by at least this factor (two orders of magnitude) is a blow-up.
constexpr double lossBlowUpFactor = 100;

// The growth when it is a blow-up, comparing the first step's loss with the mean of the
// latest 10 (so one noisy batch does not count); nothing otherwise or before 10 steps.
// Looks at 11 losses, whatever the run's length.
std::optional<LossGrowth> lossBlowUp(const std::vector<LossPoint> &losses);

// What shows that a run which stayed finite blew up: its loss grew a hundredfold or more, or
// the optimizer's state overflowed (its updates of that parameter became zero), or both.
struct BlowUp {
    std::optional<LossGrowth> growth;
    std::optional<OptimizerOverflow> overflow;
};
std::optional<BlowUp> blowUp(const std::vector<LossPoint> &losses,
                             const std::optional<OptimizerOverflow> &overflow);
// The warning for the CLI and the window's banner, and its short form for a chart.
QString blowUpMessage(const BlowUp &blowUp, double learningRate);
QString blowUpLabel(const BlowUp &blowUp);

// "The loss grew 2.08e+13-fold (from 0.284 at the first step to 5.91e+12 by step 160) ..."
QString lossBlowUpMessage(const LossGrowth &growth, double learningRate);
// The short form for a chart: "Loss grew 2.08e+13-fold: the learning rate is too high".
QString lossBlowUpLabel(const LossGrowth &growth);

} // namespace pelab
