// SPDX-License-Identifier: MIT
// The lesson file reader's tools: typed fields, unknown keys, settings, every problem with
// the line it is on. Only Lesson.cpp reads lesson files.
#pragma once

#include "ConfigJson.h"
#include "config/ConfigFields.h"
#include "lessons/JsonPositions.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>
#include <utility>

namespace pelab {

// Reads one lesson file, collecting every problem with the line it is on.
class LessonReader {
public:
    LessonReader(const QByteArray &bytes, const QString &source)
        : m_positions(bytes)
        , m_source(source)
    {}

    void error(const QString &path, const QString &message)
    {
        m_errors << QStringLiteral("%1:%2: %3%4")
                        .arg(m_source)
                        .arg(m_positions.line(path))
                        .arg(path.isEmpty() ? QString() : path + QStringLiteral(": "), message);
    }
    QStringList errors() const { return m_errors; }
    const JsonPositions &positions() const { return m_positions; }

    QString text(const QJsonObject &object, const QString &path, const QString &key, bool required)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined()) {
            if (required)
                error(path, QStringLiteral("\"%1\" is missing; it is required").arg(key));
            return {};
        }
        if (!value.isString() || value.toString().trimmed().isEmpty()) {
            error(jsonChild(path, key), QStringLiteral("must be a non-empty string"));
            return {};
        }
        return value.toString().trimmed();
    }

    // A string or an array of strings.
    QStringList texts(const QJsonObject &object, const QString &path, const QString &key,
                      bool required)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined()) {
            if (required)
                error(path, QStringLiteral("\"%1\" is missing; it is required").arg(key));
            return {};
        }
        if (value.isString())
            return {text(object, path, key, required)};
        QStringList list;
        if (!value.isArray()) {
            error(jsonChild(path, key), QStringLiteral("must be a string or a list of strings"));
            return list;
        }
        const QJsonArray array = value.toArray();
        for (int i = 0; i < array.size(); ++i) {
            if (!array[i].isString() || array[i].toString().trimmed().isEmpty())
                error(jsonChild(jsonChild(path, key), i),
                      QStringLiteral("must be a non-empty string"));
            else
                list << array[i].toString().trimmed();
        }
        return list;
    }

    void onlyKeys(const QJsonObject &object, const QString &path, const QStringList &known)
    {
        for (auto it = object.begin(); it != object.end(); ++it)
            if (!known.contains(it.key()))
                error(jsonChild(path, it.key()), QStringLiteral("unknown key; the keys here are %1")
                                                     .arg(known.join(QStringLiteral(", "))));
    }

    // Settings as config.json's keys (without its sections), checked one by one, so each
    // problem names its own line.
    QJsonObject settings(const QJsonObject &object, const QString &path)
    {
        const QJsonValue value = object.value(QStringLiteral("settings"));
        if (value.isUndefined())
            return {};
        const QString at = jsonChild(path, QStringLiteral("settings"));
        if (!value.isObject()) {
            error(at, QStringLiteral("must be an object of settings, such as {\"layers\": 2}"));
            return {};
        }
        const QJsonObject fields = value.toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (!findField(it.key()))
                error(jsonChild(at, it.key()),
                      QStringLiteral("unknown setting; the settings are config.json's keys: %1")
                          .arg(configKeys().mid(1).join(QStringLiteral(", "))));
            else
                m_settingPaths.insert(it.key(), jsonChild(at, it.key()));
        }
        return fields;
    }

    // The config of `merged` settings: problems go to the line of the setting they name,
    // or of the run. `runPaths` maps a setting to where the run gives it.
    std::optional<TrainingConfig> config(const QJsonObject &merged, const QString &runPath,
                                         const QHash<QString, QString> &runPaths)
    {
        QJsonObject sectioned{{QStringLiteral("version"), 2}};
        for (auto it = merged.begin(); it != merged.end(); ++it) {
            const FieldSpec *field = findField(it.key());
            if (!field)
                continue; // reported already
            const QString section = sectionKey(field->section);
            QJsonObject fields = sectioned.value(section).toObject();
            fields.insert(it.key(), it.value());
            sectioned.insert(section, fields);
        }
        const QString marker = QStringLiteral("\x01");
        const ConfigLoadResult result = configFromJson(sectioned, marker);
        for (QString message : result.errors) {
            message.remove(0, marker.size() + 2); // "\x01: "
            // The setting the message names, where this run or the shared settings give it.
            QString path = runPath;
            for (auto it = merged.begin(); it != merged.end(); ++it) {
                if (message.contains(QLatin1Char('"') + it.key() + QLatin1Char('"')) ||
                    message.startsWith(it.key() + QLatin1Char(' ')) ||
                    message.startsWith(it.key() + QLatin1Char(':'))) {
                    path = runPaths.value(it.key(), m_baseSettingPaths.value(it.key(), runPath));
                    break;
                }
            }
            error(path, message);
        }
        return result.config;
    }

    void keepBaseSettingPaths() { m_baseSettingPaths = std::exchange(m_settingPaths, {}); }
    QHash<QString, QString> takeSettingPaths() { return std::exchange(m_settingPaths, {}); }

private:
    JsonPositions m_positions;
    QString m_source;
    QStringList m_errors;
    QHash<QString, QString> m_settingPaths, m_baseSettingPaths;
};

} // namespace pelab
