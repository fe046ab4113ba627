// SPDX-License-Identifier: MIT
#pragma once

#include "LearningRateSchedule.h"
#include "TrainingConfig.h"

#include <QByteArray>
#include <QStringList>

namespace pelab {

// Both files are resources/python/pelab_family.py (embedded as :/python/pelab_family.py), the
// project's one Python source of the model family, with its RUN_ARGS line set to the run's
// flags (trainFlags(config), then --lr-at STEP=LR for each learning rate set during the run).
// Run with PyTorch and no arguments, they print the run's lines.
// `printedLines` (optional) are the lines PE Lab printed, quoted at the top for comparison.

// reproduce.py: a short header comment (what it is, PE Lab's lines, how to run it), then the
// source.
QByteArray reproduceScript(const TrainingConfig &config, const QStringList &printedLines = {},
                           const std::vector<LearningRateChange> &learningRateChanges = {});

// reproduce.ipynb (nbformat 4.5, Python 3 kernel): an introduction, then per `# %% [markdown]`
// marker of the source a markdown cell with its paragraph and a code cell with the code up to
// the next marker. Executed in order, the code cells print what reproduce.py prints.
QByteArray reproduceNotebook(const TrainingConfig &config, const QStringList &printedLines = {},
                             const std::vector<LearningRateChange> &learningRateChanges = {});

} // namespace pelab
