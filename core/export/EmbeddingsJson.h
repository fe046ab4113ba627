// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "TrainingConfig.h"

#include <QByteArray>

namespace pelab {

// The learned embedding as JSON: {"shape": [L, d], "values": [[...], ...], ...} with one
// row per position, each number the shortest decimal that reads back to the same float32
// (non-finite values, which JSON cannot hold, as null), plus the run's config and the
// library versions that produced it.
QByteArray embeddingsJson(const Matrix &embedding, const TrainingConfig &config);

} // namespace pelab
