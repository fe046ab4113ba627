// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingProgress.h"

#include <memory>

namespace pelab {

class TrainingSession;
struct StepResult;

// The one training loop, shared by the window's worker thread and the headless CLI: each
// step trains a batch, validates when the spec does, measures the probe batch on a fixed
// schedule, and appends all of it to a TrainingProgress; finish() adds the extrapolation
// figures and the model's tensors. A non-finite loss ends the run with a message. Runs on
// one thread (set its intra-op threads there before constructing).
class TrainingLoop {
public:
    explicit TrainingLoop(const TrainingConfig &config, quint64 runId = 0);
    ~TrainingLoop();
    TrainingLoop(const TrainingLoop &) = delete;
    TrainingLoop &operator=(const TrainingLoop &) = delete;

    // What views need before the first step (the initial table and probe, the groups...).
    const RunStart &start() const { return m_start; }
    bool isFinished() const;
    std::int64_t stepsDone() const;

    // Trains one step and appends its loss, gradient norms, validation and probe (when due)
    // to `progress`. Returns false when the loss is not finite: failure() says where.
    bool step(TrainingProgress &progress, StepResult *result = nullptr);
    // After the last step (or a stop): extrapolation at each evaluation length, a final
    // probe, the encoding table and the model's tensors.
    void finish(TrainingProgress &progress);
    // The current encoding table, for a snapshot.
    Matrix embedding() const;
    std::optional<LinearHead> linearHead() const;

    void setLearningRate(double learningRate);
    double learningRate() const { return m_learningRate; }
    QString failure() const { return m_failure; }
    // Steps between probe measurements: at most about 200 over the run, and rarely enough
    // that the probe (a forward pass of 64 sequences) costs about 15% of training.
    std::int64_t probeEvery() const { return m_probeEvery; }
    // Time travel's snapshots (the table and the newest attention): after 0 steps, at steps
    // 1, 2, 4, 8... below `logSpacedBelow`, every `every` steps (a multiple of probeEvery()
    // when the run probes, so the attention is of that very step) and at the last step: at
    // most about 200, and within snapshotBudgetBytes per run (when a single snapshot is more
    // than a quarter of it, only the start and the end are kept).
    struct SnapshotSchedule {
        std::int64_t every = 1;
        std::int64_t logSpacedBelow = 0;
    };
    static constexpr double snapshotBudgetBytes = 16.0 * 1024 * 1024;
    // The schedule for `config` (probeEvery: 0 for a run without probes).
    static SnapshotSchedule snapshotSchedule(const TrainingConfig &config, std::int64_t probeEvery);
    // What one snapshot of `config` holds, in bytes.
    static double snapshotBytes(const TrainingConfig &config);
    const SnapshotSchedule &snapshots() const { return m_snapshots; }
    bool isSnapshotStep(std::int64_t step) const;

private:
    void probe(TrainingProgress &progress);

    std::unique_ptr<TrainingSession> m_session;
    RunStart m_start;
    std::int64_t m_probeEvery = 1;
    std::int64_t m_lastProbe = 0;
    SnapshotSchedule m_snapshots;
    NdArray m_lastAttention; // the first probe sequence's, at m_lastAttentionStep
    std::int64_t m_lastAttentionStep = 0;
    double m_learningRate = 0;
    double m_epochLossSum = 0;
    double m_secondsPerStep = 0;
    QString m_failure;
};

} // namespace pelab
