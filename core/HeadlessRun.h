// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>

#include "RunExport.h"

#include <functional>

namespace pelab {

// The seed's text for an epoch: "Epoch 1, Loss: 0.27368152141571045".
std::string epochLine(std::int64_t epoch, double lastLoss);

// The spec's line for an extrapolation result: json.dumps({"length": 32, "loss": ...}).
std::string extrapolationLine(const Evaluation &evaluation);

struct HeadlessResult {
    RunRecord record;
    QString failure;          // empty when every epoch ran
    double trainSeconds = 0;  // the training loop, validation included (as the spec times it)
    bool interrupted = false; // `stop` was set: the run ended between two steps
};

class StepGate;

// Trains `config` to the end on the calling thread (no event loop needed), calling
// `onEpoch(epoch, lastLoss)` after each epoch. Stops at the first non-finite loss, and
// before the next step once `stop` (a signal handler's flag) is set. With a gate, each step
// holds one of its slots (runs side by side share the cores in turn). `learningRateChanges`
// (pelab train --lr-at) set the learning rate from their steps on, and are recorded.
HeadlessResult runHeadless(const TrainingConfig &config,
                           const std::function<void(std::int64_t, double)> &onEpoch = {},
                           const std::atomic<bool> *stop = nullptr, StepGate *gate = nullptr,
                           const std::vector<LearningRateChange> &learningRateChanges = {});

} // namespace pelab
