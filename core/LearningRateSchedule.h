// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace pelab {

// A learning rate set during a run (the window's lr box, or `pelab train --lr-at`): steps
// `step`, `step + 1`, ... use it (steps count from 1). config.json keeps the rate the run
// started with; a run's record keeps these, and reproduce.py replays them with --lr-at.
struct LearningRateChange {
    std::int64_t step = 0;
    double learningRate = 0;

    bool operator==(const LearningRateChange &) const = default;
};

// "STEP=LR" (`--lr-at 200=0.001`): STEP a whole number from 1, LR a positive finite number.
// Nothing and a message saying what is allowed when it is not.
std::optional<LearningRateChange> parseLearningRateChange(const QString &text, QString *error);

// Problems of a schedule for a run of `totalSteps` steps: a step past the run's end, a step
// given twice. Empty when it is fine.
QStringList learningRateScheduleProblems(const std::vector<LearningRateChange> &changes,
                                         std::int64_t totalSteps);

// The flags that replay `changes`: --lr-at STEP=LR for each, LR as Python writes it (exact).
QStringList learningRateFlags(const std::vector<LearningRateChange> &changes);

// "0.001 from step 200, then 0.0005 from step 400".
QString learningRateChangesText(const std::vector<LearningRateChange> &changes);

} // namespace pelab
