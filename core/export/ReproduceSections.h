// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace pelab {

// One part of the reproduction script: a heading and a few sentences (a markdown cell in
// reproduce.ipynb, comments in reproduce.py) followed by its Python code (possibly none).
// Both files are rendered from the same sections, so they cannot drift apart.
struct ScriptSection {
    QString id; // stem of the notebook cell ids: letters, digits and '-'
    QString title;
    QString text; // paragraphs separated by blank lines; lines indented by 4 are verbatim
    QString code; // Python, without a trailing newline
};

// The seed notebook's code, made complete and filled in with `config`. `printedLines` are
// the epoch lines PE Lab printed for the run, quoted so the learner can compare.
std::vector<ScriptSection> reproduceSections(const TrainingConfig &config,
                                             const QStringList &printedLines = {});

} // namespace pelab
