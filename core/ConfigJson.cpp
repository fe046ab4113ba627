// SPDX-License-Identifier: MIT
#include "ConfigJson.h"

#include "PythonFloat.h"
#include "config/ConfigFields.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

namespace pelab {

namespace {

constexpr int formatVersion = 2;

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

QString shown(const QJsonValue &value)
{
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    if (value.isDouble())
        return formatPythonFloat(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return typeName(value);
}

bool isWholeNumber(const QJsonValue &value)
{
    const double number = value.toDouble(std::nan(""));
    return value.isDouble() && number == std::floor(number);
}

// Checks one value's JSON type against its field; an error message, or empty when it fits.
QString typeError(const FieldSpec &field, const QJsonValue &value, const QString &source)
{
    const auto wrong = [&](const QString &expected) {
        return QStringLiteral("%1: \"%2\" must be %3, not %4")
            .arg(source, QLatin1String(field.key), expected, shown(value));
    };
    const auto tooBig = [&] {
        // Beyond 2^53 a JSON number is no longer exact: refuse rather than round.
        return QStringLiteral("%1: \"%2\" is far out of range; use a whole number below 2^53 "
                              "(see pelab train --help for its range)")
            .arg(source, QLatin1String(field.key));
    };
    switch (field.kind) {
    case FieldKind::Integer:
        if (!isWholeNumber(value))
            return wrong(QStringLiteral("a whole number"));
        if (std::abs(value.toDouble()) > 9007199254740991.0)
            return tooBig();
        return {};
    case FieldKind::Real:
        if (field.nullable && value.isNull())
            return {};
        return value.isDouble() ? QString()
                                : wrong(field.nullable ? QStringLiteral("a number or null")
                                                       : QStringLiteral("a number"));
    case FieldKind::Bool:
        return value.isBool() ? QString() : wrong(QStringLiteral("true or false"));
    case FieldKind::Choice: {
        if (value.isString() && field.choices.contains(value.toString()))
            return {};
        QStringList quoted;
        for (const QString &choice : field.choices)
            quoted << QLatin1Char('"') + choice + QLatin1Char('"');
        return wrong(QStringLiteral("one of ") + quoted.join(QStringLiteral(", ")));
    }
    case FieldKind::IntegerList: {
        if (!value.isArray())
            return wrong(QStringLiteral("a list of whole numbers, such as [16, 32]"));
        const QJsonArray items = value.toArray();
        for (const QJsonValue &item : items)
            if (!isWholeNumber(item) || std::abs(item.toDouble()) > 9007199254740991.0)
                return wrong(QStringLiteral("a list of whole numbers, such as [16, 32]"));
        if (items.size() > limits::maxEvalLengths)
            return QStringLiteral("%1: \"%2\" has %3 entries; give at most %4")
                .arg(source, QLatin1String(field.key))
                .arg(items.size())
                .arg(limits::maxEvalLengths);
        return {};
    }
    }
    return {};
}

// Reads the fields present in `object` into `config`, collecting every problem.
void readFields(const QJsonObject &object, const QString &source, TrainingConfig &config,
                QStringList &errors, bool legacyWeightDecay)
{
    for (const FieldSpec &field : configFields()) {
        const QJsonValue value = object.value(QLatin1String(field.key));
        if (value.isUndefined())
            continue;
        if (const QString error = typeError(field, value, source); !error.isEmpty()) {
            errors << error;
            continue;
        }
        field.set(config, value);
    }
    // Version 1 wrote weight_decay for every optimizer but only AdamW used it.
    if (legacyWeightDecay && config.optimizer != OptimizerKind::AdamW)
        config.weightDecay.reset();
}

QString lineAndColumn(const QByteArray &bytes, int offset)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// QJsonObject keeps only the last of repeated keys; a config that says "lr" twice is a
// mistake worth reporting. Scans every object of the (already valid) JSON text once, and
// compares keys as JSON decodes them, so "l\\u0072" is "lr".
QStringList repeatedKeys(const QByteArray &bytes)
{
    std::vector<QSet<QString>> seen; // one set per open object or array
    QStringList repeated;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '{' || c == '[') {
            seen.emplace_back();
        } else if (c == '}' || c == ']') {
            if (!seen.empty())
                seen.pop_back();
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; i < bytes.size() && bytes[i] != '"'; ++i)
                if (bytes[i] == '\\')
                    ++i;
            qsizetype next = i + 1;
            while (next < bytes.size() && QChar::isSpace(uchar(bytes[next])))
                ++next;
            if (seen.empty() || next >= bytes.size() || bytes[next] != ':')
                continue;
            const QByteArray raw = bytes.mid(start, i - start + 1);
            QString key = QString::fromUtf8(raw.mid(1, raw.size() - 2));
            if (raw.contains('\\'))
                key = QJsonDocument::fromJson("[" + raw + "]").array().at(0).toString();
            if (seen.back().contains(key)) {
                if (!repeated.contains(key))
                    repeated << key;
            } else {
                seen.back().insert(key);
            }
        }
    }
    return repeated;
}

} // namespace

QStringList configKeys()
{
    QStringList keys{QStringLiteral("version")};
    for (const FieldSpec &field : configFields())
        keys << QLatin1String(field.key);
    return keys;
}

QJsonObject configToJson(const TrainingConfig &config)
{
    QJsonObject object;
    object[QStringLiteral("version")] = formatVersion;
    for (auto section : {ConfigSection::Data, ConfigSection::Model, ConfigSection::Optimizer,
                         ConfigSection::Run}) {
        QJsonObject fields;
        for (const FieldSpec &field : configFields())
            if (field.section == section)
                fields[QLatin1String(field.key)] = field.get(config);
        object[sectionKey(section)] = fields;
    }
    return object;
}

QByteArray configToJsonBytes(const TrainingConfig &config)
{
    return QJsonDocument(configToJson(config)).toJson(QJsonDocument::Indented);
}

ConfigLoadResult configFromJson(const QJsonObject &object, const QString &source)
{
    ConfigLoadResult result;
    const QStringList sections{sectionKey(ConfigSection::Data), sectionKey(ConfigSection::Model),
                               sectionKey(ConfigSection::Optimizer),
                               sectionKey(ConfigSection::Run)};
    // "optimizer" is both a section and a field: a section is an object of settings.
    const bool sectioned = std::any_of(sections.begin(), sections.end(), [&](const QString &s) {
        return object.value(s).isObject();
    });

    std::int64_t version = sectioned ? 2 : 1;
    if (const QJsonValue v = object.value(QStringLiteral("version")); !v.isUndefined()) {
        if (!isWholeNumber(v) || v.toDouble() < 1 || v.toDouble() > formatVersion) {
            result.errors << QStringLiteral("%1: \"version\" is %2, but this PE Lab reads "
                                            "versions 1 and %3; it may come from a newer PE Lab")
                                 .arg(source, shown(v))
                                 .arg(formatVersion);
            return result;
        }
        version = std::int64_t(v.toDouble());
    }

    TrainingConfig config;
    if (version == 1) {
        const QStringList known = configKeys();
        for (auto it = object.begin(); it != object.end(); ++it)
            if (!known.contains(it.key()))
                result.errors << QStringLiteral("%1: unknown key \"%2\"; the known keys are %3")
                                     .arg(source, it.key(), known.join(QStringLiteral(", ")));
        // A flat file is version 1, written or not: its weight_decay keeps version 1's
        // meaning (AdamW only), so an old config trains as it did.
        readFields(object, source, config, result.errors, true);
    } else {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("version"))
                continue;
            if (!sections.contains(it.key())) {
                const FieldSpec *field = findField(it.key());
                result.errors << (field ? QStringLiteral("%1: \"%2\" belongs in the \"%3\" section")
                                              .arg(source, it.key(), sectionKey(field->section))
                                        : QStringLiteral(
                                              "%1: unknown key \"%2\"; a version 2 config has "
                                              "the sections %3")
                                              .arg(source, it.key(),
                                                   sections.join(QStringLiteral(", "))));
                continue;
            }
            if (!it.value().isObject()) {
                result.errors << QStringLiteral("%1: \"%2\" must be an object of settings, not "
                                                "%3")
                                     .arg(source, it.key(), shown(it.value()));
                continue;
            }
            const QJsonObject fields = it.value().toObject();
            for (auto f = fields.begin(); f != fields.end(); ++f) {
                const FieldSpec *field = findField(f.key());
                if (!field)
                    result.errors << QStringLiteral("%1: unknown key \"%2\" in \"%3\"")
                                         .arg(source, f.key(), it.key());
                else if (sectionKey(field->section) != it.key())
                    result.errors << QStringLiteral("%1: \"%2\" belongs in the \"%3\" "
                                                    "section, not \"%4\"")
                                         .arg(source, f.key(), sectionKey(field->section),
                                              it.key());
            }
            readFields(fields, source, config, result.errors, false);
        }
    }

    if (result.errors.isEmpty()) {
        for (const ConfigIssue &issue : config.validate())
            result.errors << source + QStringLiteral(": ") + issue.message();
    }
    if (result.errors.isEmpty())
        result.config = config;
    return result;
}

ConfigLoadResult configFromJsonBytes(const QByteArray &bytes, const QString &source)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    ConfigLoadResult result;
    if (error.error != QJsonParseError::NoError) {
        result.errors << QStringLiteral("%1: not valid JSON at %2: %3")
                             .arg(source, lineAndColumn(bytes, error.offset), error.errorString());
        return result;
    }
    if (const QStringList repeated = repeatedKeys(bytes); !repeated.isEmpty()) {
        for (const QString &key : repeated)
            result.errors
                << QStringLiteral("%1: \"%2\" is given more than once; keep one").arg(source, key);
        return result;
    }
    if (!document.isObject()) {
        result.errors << QStringLiteral("%1: expected a JSON object of settings, such as "
                                        "{\"epochs\": 3}")
                             .arg(source);
        return result;
    }
    return configFromJson(document.object(), source);
}

ConfigLoadResult loadConfigFile(const QString &path)
{
    // A config is a few hundred bytes: refuse devices, pipes and huge files up front.
    constexpr qint64 maxBytes = 1 << 20;
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        ConfigLoadResult result;
        result.errors
            << QStringLiteral("%1: not a regular file; give a config.json file").arg(path);
        return result;
    }
    if (info.size() > maxBytes) {
        ConfigLoadResult result;
        result.errors << QStringLiteral("%1: %2 bytes is too large for a config file (at most "
                                        "1 MiB)")
                             .arg(path)
                             .arg(info.size());
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ConfigLoadResult result;
        result.errors
            << QStringLiteral("%1: cannot read the config file: %2").arg(path, file.errorString());
        return result;
    }
    // Files of /proc say they are empty and can be endless: read one byte past the limit.
    const QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes) {
        ConfigLoadResult result;
        result.errors
            << QStringLiteral("%1: too large for a config file (at most 1 MiB)").arg(path);
        return result;
    }
    return configFromJsonBytes(bytes, path);
}

} // namespace pelab
