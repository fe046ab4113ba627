// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QJsonValue>
#include <QStringList>

#include <optional>
#include <vector>

namespace pelab {

// One setting tried at several values, the rest of the settings shared: "encoding=learned,
// sinusoidal,none", "seed=0..4", "lr=1e-3,3e-3". Every variant keeps the base's seed and
// data unless the varied field is the seed, so their differences come from the setting alone.
struct Variation {
    QString field;            // the config key, e.g. "encoding"
    QList<QJsonValue> values; // in the order given, each valid for the field
};

// The most variants one comparison trains.
inline constexpr int maxVariants = 20;

// Parses "FIELD=V1,V2,...": FIELD is a config key or flag ("seq_len", "seq-len", "--seq-len");
// whole-number fields also take a range "A..B"; switches take true/false; a list field
// (eval_lengths) separates its values with ';' ("16,32;16,64"). Needs two to maxVariants
// distinct values. On error returns nothing and sets `error` to a message naming the field
// and what is allowed.
std::optional<Variation> parseVariation(const QString &text, QString *error);

// The base with the field set to each value, in order. Each is validated as a whole; the
// problems name the variant ("encoding=rope: ...").
std::vector<TrainingConfig> variantConfigs(const TrainingConfig &base, const Variation &variation,
                                           QStringList *errors);

// Each run's name, made from the settings that differ among `configs` (in config order):
// "encoding=rope", "lr=0.003 seed=1". Identical configs are told apart by "#2", "#3"; a
// single config is named "run".
QStringList runNames(const std::vector<TrainingConfig> &configs);

// The keys of the fields whose values are not the same in all `configs`.
QStringList differingFields(const std::vector<TrainingConfig> &configs);

// A folder name for a run's files: its name with '=' as '-' and spaces as '_', and anything
// outside [A-Za-z0-9._+-] as '_' ("encoding-rope", "lr-0.003_seed-1").
QString runFolderName(const QString &runName);

} // namespace pelab
