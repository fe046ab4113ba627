// SPDX-License-Identifier: MIT
#pragma once

#include "figures/ComparisonFigure.h"
#include "figures/FigureKind.h"

#include <QList>
#include <QStringList>

namespace pelab {

// The folder a comparison's overall files go in, beside one folder per run.
QString comparisonFolderName();

// A comparison may be written into a folder that is new, empty, or holds only what it
// writes (an earlier export of the same runs): anything else would end up mixed with these
// runs. Empty when it may, else a message naming the folder and what it holds.
QString checkComparisonFolder(const QString &path, const QStringList &runFolders);

// Writes `dir`/<runFolderName(run)>/ for every run of `data` (its files, as `pelab train
// --out`, and its figures in `formats`) and `dir`/comparison/ (comparisonCsvFiles, the
// overlaid charts and the small multiples in `formats`). Everything is rendered before
// anything is written, and each folder is written whole or not at all. Empty on success,
// else the message.
QString writeComparisonFolder(const QString &dir, const ComparisonData &data,
                              const QStringList &states, const QList<FigureFormat> &formats);

} // namespace pelab
