// SPDX-License-Identifier: MIT
// The best losses a task allows, computed from the task itself: lines a lesson draws and the
// numbers its sentences compare a run with. Torch-free header.
#pragma once

#include "TrainingConfig.h"

#include <optional>

namespace pelab {

// The markov task's entropy rate in nats: the loss no model can beat on it (the chain's
// next symbol is random with exactly these odds). Nothing for other tasks.
std::optional<double> markovEntropyRate(const TrainingConfig &config);

// The loss of always predicting how often each target occurs in the run's training set
// (the entropy of its targets): what a model that ignores its input reaches. Token tasks.
std::optional<double> marginalLoss(const TrainingConfig &config);

} // namespace pelab
