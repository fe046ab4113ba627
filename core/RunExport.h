// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "TrainingConfig.h"
#include "TrainingProgress.h"

#include <QByteArray>
#include <QStringList>

#include <utility>
#include <vector>

namespace pelab {

// One run's history: everything it produced, in one place, for the views and the exports.
// Built from the trainer's RunStart and snapshots (begin, then append each), so the window
// and the CLI keep the same record.
struct RunRecord {
    quint64 runId = 0;
    TrainingConfig config;
    std::vector<LossPoint> losses;
    Matrix embedding;        // the encoding table after the last step (empty if none)
    Matrix initialEmbedding; // before the first
    Matrix targetSignal;     // the position-signal task's sine, [seq_len, 1]
    QStringList gradGroups;
    std::vector<double> gradNorms; // one row of gradGroups.size() norms per loss
    std::vector<Evaluation> validation;
    std::vector<ProbePoint> probes; // without attention maps; step 0 is the initial probe
    Measurements latest;            // the newest probe in full, with "attention"
    Measurements encoding;          // the encoding's fixed pictures, from the start
    std::vector<Evaluation> extrapolation;
    std::vector<NamedArray> stateDict;
    // Time travel: the run after 0 steps and at the snapshot steps TrainingLoop schedules
    // (log-spaced, then regular), within its memory budget; in step order.
    std::vector<RunSnapshot> snapshots;
    // Learning rates set during the run (config.learningRate is the one it started with).
    std::vector<LearningRateChange> learningRateChanges;
    std::optional<OptimizerOverflow> optimizerOverflow;

    void begin(const RunStart &start);
    void append(const TrainingProgress &progress);
    // The newest snapshot taken at or before `step` (null before any).
    const RunSnapshot *snapshotAt(std::int64_t step) const;
};

// The record as it stood after `step` steps, for time travel: losses, gradient norms,
// validations and probes up to that step; the encoding table and attention of the newest
// snapshot at or before it; no extrapolation or tensors (measured at the end) unless `step`
// is the last.
RunRecord recordAtStep(const RunRecord &record, std::int64_t step);

// `step,loss,accuracy` (accuracy empty for regression).
QByteArray validationCsv(const std::vector<Evaluation> &validation);
// `length,loss,accuracy,accuracy_new_positions`.
QByteArray extrapolationCsv(const std::vector<Evaluation> &extrapolation);
// `step,layer,norm`: layer is the gradient group's name (input, encoding, block.0, ..., head).
QByteArray gradNormsCsv(const RunRecord &record);
// `step,layer,head,entropy` and `step,layer,relative_residual` from the probes.
QByteArray entropyCsv(const RunRecord &record);
QByteArray rankCsv(const RunRecord &record);

// `step,lr`: each learning rate set during the run and the first step that used it.
QByteArray learningRateCsv(const std::vector<LearningRateChange> &changes);
// `epoch,step,loss`, one row per step; every number round-trips exactly and is written the
// same way under any locale.
QByteArray lossCsv(const std::vector<LossPoint> &losses);
// `position,dim_0,...`, one row per position.
QByteArray embeddingsCsv(const Matrix &embedding);

// The seed's "Epoch N, Loss: X" line for each epoch the record finished.
QStringList printedEpochLines(const RunRecord &record);

// Every file an export writes, by name: loss.csv, validation.csv, extrapolation.csv,
// grad_norms.csv, state_dict.pt, config.json, reproduce.py, reproduce.ipynb; with attention
// layers attention.npy, entropy.csv and rank.csv; with an encoding table embeddings.csv,
// .npy, .pt and .json; lr_schedule.csv when the learning rate was changed during the run.
// runFileNames() lists every name an export may write.
std::vector<std::pair<QString, QByteArray>> runFiles(const RunRecord &record);
QStringList runFileNames();
// The names an export of a run with this config writes, in runFiles() order (lr_schedule.csv
// aside: it depends on the run, not the config).
QStringList runFileNames(const TrainingConfig &config);

// Writes runFiles(record) into `directory` (created if missing), all or none.
// Returns an empty string on success, else a message with the path and the reason.
QString writeRunFiles(const QString &directory, const RunRecord &record,
                      QStringList *written = nullptr);

} // namespace pelab
