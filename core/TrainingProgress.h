// SPDX-License-Identifier: MIT
#pragma once

#include "LearningRateSchedule.h"
#include "Matrix.h"
#include "RunData.h"
#include "TrainingConfig.h"

#include <QMetaType>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace pelab {

struct LossPoint {
    std::int64_t epoch = 0; // 1-based
    std::int64_t step = 0;  // 1-based, counted over the whole run
    double loss = 0;
};

struct EpochSummary {
    std::int64_t epoch = 0;
    double lastLoss = 0; // what the seed prints: the epoch's last batch loss
    double meanLoss = 0; // mean of the epoch's batch losses
};

// What a view needs to set itself up for a run, sent once when it starts.
struct RunStart {
    quint64 runId = 0; // unique within the process
    TrainingConfig config;
    QStringList gradGroups;    // names of the gradient-norm groups, in order
    bool seedFastPath = false; // trained on the seed's hand-written backward
    double attentionBytes = 0; // what attention keeps for backward in one step
    ProbePoint initialProbe;   // measurements before the first step
    Measurements encoding;     // the encoding's fixed pictures (TrainingSession.h)
    Matrix initialEmbedding;   // [seq_len, width]
    Matrix targetSignal;       // the position-signal task's target profile, [seq_len, 1]
    std::optional<LinearHead> initialHead; // width-1 regression only
    RunSnapshot initialSnapshot;           // after 0 steps, for time travel
    std::int64_t totalSteps = 0;
    std::int64_t stepsPerEpoch = 0;
};

// A throttled snapshot of a running trainer (about 30 a second at most). It carries every
// step's loss since the previous snapshot, so a view that appends them misses nothing.
struct TrainingProgress {
    std::int64_t epoch = 0;
    std::int64_t stepInEpoch = 0;
    std::int64_t step = 0; // steps done in the run
    std::int64_t totalSteps = 0;
    std::vector<LossPoint> losses;
    std::vector<EpochSummary> epochs;      // epochs completed since the previous snapshot
    Matrix embedding;                      // the encoding table after `step` (empty if none)
    std::optional<LinearHead> head;        // with the embedding, for width-1 regression
    std::vector<double> gradNorms;         // per step in `losses`, one norm per gradient group
    std::vector<Evaluation> validation;    // validations since the previous snapshot
    std::vector<ProbePoint> probes;        // probe measurements since then, without "attention"
    std::vector<RunSnapshot> snapshots;    // time travel's snapshots taken since then
    Measurements latest;                   // the newest probe in full (empty if none new)
    std::vector<Evaluation> extrapolation; // the final snapshot: each evaluation length
    std::vector<NamedArray> stateDict;     // the final snapshot: the model's tensors
    double secondsPerStep = 0;
    double stepsPerSecond = 0;
    double learningRate = 0;
    // Learning rates set since the previous snapshot, each with the first step that used it.
    std::vector<LearningRateChange> learningRateChanges;
    std::optional<OptimizerOverflow> optimizerOverflow; // when it happened since the previous
    bool paused = false;                                // the worker is holding between steps
};

enum class TrainerState { Idle, Running, Paused, Finished, Stopped, Failed };
QString trainerStateName(TrainerState state);

} // namespace pelab

Q_DECLARE_METATYPE(pelab::RunStart)
Q_DECLARE_METATYPE(pelab::TrainingProgress)
Q_DECLARE_METATYPE(pelab::TrainerState)
