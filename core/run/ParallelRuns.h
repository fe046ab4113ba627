// SPDX-License-Identifier: MIT
#pragma once

#include "HeadlessRun.h"

#include <atomic>
#include <functional>
#include <vector>

namespace pelab {

// How many runs train at once: one per core (each with one intra-op thread), at least one.
int parallelRunSlots();
// At most this many runs are under way at once; the others wait their turn to start.
inline constexpr int maxLiveRuns = 6;

struct ParallelRun {
    HeadlessResult result;
    QString error; // training stopped on an exception (memory the estimate missed)
};

struct ParallelRunOptions {
    int concurrent = 0; // steps at once; 0: parallelRunSlots()
    // Called from the training threads (serialise what they share): run index, epoch, loss.
    std::function<void(int, std::int64_t, double)> onEpoch;
    const std::atomic<bool> *stop = nullptr; // every run ends before its next step
};

// Trains each config headless, side by side: every run on a thread of its own with one
// intra-op thread (config.threads is set to 1, as recorded in its result), taking turns so
// that at most `concurrent` steps compute at once and all runs advance together. Runs start
// in order while their estimated memory fits the machine's budget together. A run gives
// exactly the numbers it gives alone with one thread. At most maxLiveRuns are under way at
// once. Returns the results in config order.
std::vector<ParallelRun> runInParallel(std::vector<TrainingConfig> configs,
                                       const ParallelRunOptions &options = {});

} // namespace pelab
