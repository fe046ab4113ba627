// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "TrainingConfig.h"
#include "TrainingProgress.h"

#include <QByteArray>
#include <QStringList>

#include <vector>

namespace pelab {

// What a finished (or stopped) run leaves behind.
struct RunRecord {
    TrainingConfig config;
    std::vector<LossPoint> losses;
    Matrix embedding;
};

// `epoch,step,loss`, one row per step; every number round-trips exactly and is written the
// same way under any locale.
QByteArray lossCsv(const std::vector<LossPoint> &losses);
// `position,dim_0,...`, one row per position.
QByteArray embeddingsCsv(const Matrix &embedding);

// Writes loss.csv, embeddings.csv and config.json into `directory`, all or none.
// Returns an empty string on success, else a message with the path and the reason.
QString writeRunFiles(const QString &directory, const RunRecord &record,
                      QStringList *written = nullptr);

} // namespace pelab
