// SPDX-License-Identifier: MIT
#pragma once

#include "figures/ComparisonFigure.h"

#include <QByteArray>
#include <QStringList>

#include <utility>
#include <vector>

namespace pelab {

// A CSV field as RFC 4180 writes it: quoted when it holds a comma, quote or line break.
QByteArray csvField(const QString &text);

// One CSV of several runs' CSVs of the same columns: a "run" column first, then each run's
// rows in order under the first run's header. Runs with no rows add none.
QByteArray csvWithRunColumn(const std::vector<std::pair<QString, QByteArray>> &perRun);

// A comparison's CSVs, one per measurement any run has (loss.csv, validation.csv,
// extrapolation.csv, grad_norms.csv, entropy.csv, rank.csv), each with a run column, plus
// summary.csv: per run its varied settings, `state` (states[i]: "finished", "diverged"...),
// steps, final loss, the newest validation loss and accuracy, and the accuracy and loss at
// the longest evaluation length.
std::vector<std::pair<QString, QByteArray>> comparisonCsvFiles(const ComparisonData &data,
                                                               const QStringList &states);
// Every name comparisonCsvFiles() may write.
QStringList comparisonCsvNames();

} // namespace pelab
