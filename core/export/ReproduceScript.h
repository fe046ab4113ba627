// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QByteArray>
#include <QStringList>

namespace pelab {

// reproduce.py: the seed notebook's code, complete and parameterised by `config`, with short
// comments saying what each part is. Run with PyTorch, it prints the run's epoch lines.
// `printedLines` (optional) are the lines PE Lab printed, quoted at the top for comparison.
QByteArray reproduceScript(const TrainingConfig &config, const QStringList &printedLines = {});

// reproduce.ipynb: the same code as reproduce.py, one code cell per part, each after a
// markdown cell explaining it (nbformat 4.5, Python 3 kernel).
QByteArray reproduceNotebook(const TrainingConfig &config, const QStringList &printedLines = {});

} // namespace pelab
