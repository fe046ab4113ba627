// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace pelab {

// The outcome of reading a config: the config, or every problem found (never a partial one).
struct ConfigLoadResult {
    std::optional<TrainingConfig> config;
    QStringList errors;
};

QJsonObject configToJson(const TrainingConfig &config);
QByteArray configToJsonBytes(const TrainingConfig &config);

// Keys missing from the object keep the seed's defaults; unknown keys, wrong types and
// values that fail validation are errors. `source` names the file in messages.
ConfigLoadResult configFromJson(const QJsonObject &object, const QString &source);
ConfigLoadResult configFromJsonBytes(const QByteArray &bytes, const QString &source);
ConfigLoadResult loadConfigFile(const QString &path);

// The keys of config.json, in the order they are written.
QStringList configKeys();

} // namespace pelab
