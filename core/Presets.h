// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

namespace pelab {

struct Preset {
    QString id;    // as on the command line: "seed"
    QString title; // as in menus: "Seed notebook"
    QString summary;
    TrainingConfig config;
};

// "seed": the notebook's exact setup. "position-signal": a target that depends on position,
// so the embedding has something to learn.
const std::vector<Preset> &presets();
const Preset *findPreset(const QString &id);
// "seed, position-signal or copy-attention": the ids, for messages and --help.
QString presetIdList();

} // namespace pelab
