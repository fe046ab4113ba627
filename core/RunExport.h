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

// What a finished (or stopped) run leaves behind.
struct RunRecord {
    TrainingConfig config;
    std::vector<LossPoint> losses;
    Matrix embedding;        // after the last step
    Matrix initialEmbedding; // before the first
    Matrix targetSignal;     // the position-signal task's sine, [seq_len, 1]
};

// `epoch,step,loss`, one row per step; every number round-trips exactly and is written the
// same way under any locale.
QByteArray lossCsv(const std::vector<LossPoint> &losses);
// `position,dim_0,...`, one row per position.
QByteArray embeddingsCsv(const Matrix &embedding);

// The seed's "Epoch N, Loss: X" line for each epoch the record finished.
QStringList printedEpochLines(const RunRecord &record);

// Every file an export writes, by name, in the order of runFileNames(): loss.csv,
// embeddings.csv/.npy/.pt/.json, config.json, reproduce.py and reproduce.ipynb.
std::vector<std::pair<QString, QByteArray>> runFiles(const RunRecord &record);
QStringList runFileNames();

// Writes runFiles(record) into `directory` (created if missing), all or none.
// Returns an empty string on success, else a message with the path and the reason.
QString writeRunFiles(const QString &directory, const RunRecord &record,
                      QStringList *written = nullptr);

} // namespace pelab
