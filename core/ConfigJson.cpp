// SPDX-License-Identifier: MIT
#include "ConfigJson.h"

#include "PythonFloat.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

namespace pelab {

namespace {

constexpr int formatVersion = 1;

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

// Reads fields one by one, collecting every type error rather than stopping at the first.
class FieldReader {
public:
    FieldReader(const QJsonObject &object, const QString &source)
        : m_object(object)
        , m_source(source)
    {}

    void integer(const char *key, std::int64_t *out)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || number != std::floor(number)) {
            wrongType(key, value, QStringLiteral("a whole number"));
            return;
        }
        // Beyond 2^53 a JSON number is no longer exact: refuse rather than round.
        if (std::abs(number) > 9007199254740991.0) {
            errors << QStringLiteral("%1: \"%2\" is far out of range; use a whole number "
                                     "below 2^53 (see pelab train --help for its range)")
                          .arg(m_source, QLatin1String(key));
            return;
        }
        *out = std::int64_t(number);
    }

    void real(const char *key, double *out)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        if (!value.isDouble()) {
            wrongType(key, value, QStringLiteral("a number"));
            return;
        }
        *out = value.toDouble();
    }

    void boolean(const char *key, bool *out)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        if (!value.isBool()) {
            wrongType(key, value, QStringLiteral("true or false"));
            return;
        }
        *out = value.toBool();
    }

    template <typename Enum, typename Parse>
    void choice(const char *key, Enum *out, Parse parse, const QString &allowed)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        const auto parsed = parse(value.toString());
        if (!value.isString() || !parsed) {
            wrongType(key, value, allowed);
            return;
        }
        *out = *parsed;
    }

    QStringList errors;

private:
    void wrongType(const char *key, const QJsonValue &value, const QString &expected)
    {
        errors << QStringLiteral("%1: \"%2\" must be %3, not %4")
                      .arg(m_source, QLatin1String(key), expected, shown(value));
    }

    const QJsonObject &m_object;
    QString m_source;
};

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
// mistake worth reporting. Scans the top level of the (already valid) JSON text.
QStringList repeatedTopLevelKeys(const QByteArray &bytes)
{
    QStringList seen;
    QStringList repeated;
    int depth = 0;
    for (int i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == '"') {
            const int start = i + 1;
            for (++i; i < bytes.size() && bytes[i] != '"'; ++i)
                if (bytes[i] == '\\')
                    ++i;
            int next = i + 1;
            while (next < bytes.size() && QChar::isSpace(uchar(bytes[next])))
                ++next;
            if (depth == 1 && next < bytes.size() && bytes[next] == ':') {
                const QString key = QString::fromUtf8(bytes.mid(start, i - start));
                if (seen.contains(key) && !repeated.contains(key))
                    repeated << key;
                seen << key;
            }
        }
    }
    return repeated;
}

} // namespace

QStringList configKeys()
{
    return {QStringLiteral("version"),      QStringLiteral("samples"), QStringLiteral("seq_len"),
            QStringLiteral("batch_size"),   QStringLiteral("shuffle"), QStringLiteral("epochs"),
            QStringLiteral("optimizer"),    QStringLiteral("lr"),      QStringLiteral("momentum"),
            QStringLiteral("weight_decay"), QStringLiteral("seed"),    QStringLiteral("task"),
            QStringLiteral("threads")};
}

QJsonObject configToJson(const TrainingConfig &config)
{
    QJsonObject object;
    object[QStringLiteral("version")] = formatVersion;
    object[QStringLiteral("samples")] = qint64(config.samples);
    object[QStringLiteral("seq_len")] = qint64(config.seqLen);
    object[QStringLiteral("batch_size")] = qint64(config.batchSize);
    object[QStringLiteral("shuffle")] = config.shuffle;
    object[QStringLiteral("epochs")] = qint64(config.epochs);
    object[QStringLiteral("optimizer")] = optimizerName(config.optimizer);
    object[QStringLiteral("lr")] = config.learningRate;
    object[QStringLiteral("momentum")] = config.momentum;
    object[QStringLiteral("weight_decay")] = config.weightDecay;
    object[QStringLiteral("seed")] = qint64(config.seed);
    object[QStringLiteral("task")] = taskName(config.task);
    object[QStringLiteral("threads")] = qint64(config.threads);
    return object;
}

QByteArray configToJsonBytes(const TrainingConfig &config)
{
    return QJsonDocument(configToJson(config)).toJson(QJsonDocument::Indented);
}

ConfigLoadResult configFromJson(const QJsonObject &object, const QString &source)
{
    ConfigLoadResult result;
    const QStringList known = configKeys();
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(it.key()))
            result.errors << QStringLiteral("%1: unknown key \"%2\"; the known keys are %3")
                                 .arg(source, it.key(), known.join(QStringLiteral(", ")));

    TrainingConfig config;
    FieldReader read(object, source);
    std::int64_t version = formatVersion;
    read.integer("version", &version);
    if (version != formatVersion)
        result.errors << QStringLiteral("%1: \"version\" is %2, but this PE Lab reads version %3")
                             .arg(source)
                             .arg(version)
                             .arg(formatVersion);
    read.integer("samples", &config.samples);
    read.integer("seq_len", &config.seqLen);
    read.integer("batch_size", &config.batchSize);
    read.boolean("shuffle", &config.shuffle);
    read.integer("epochs", &config.epochs);
    read.choice("optimizer", &config.optimizer, optimizerFromName,
                QStringLiteral("one of \"adam\", \"adamw\", \"sgd\""));
    read.real("lr", &config.learningRate);
    read.real("momentum", &config.momentum);
    read.real("weight_decay", &config.weightDecay);
    read.integer("seed", &config.seed);
    read.choice("task", &config.task, taskFromName,
                QStringLiteral("one of \"zeros\", \"position-signal\""));
    read.integer("threads", &config.threads);
    result.errors << read.errors;

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
    if (const QStringList repeated = repeatedTopLevelKeys(bytes); !repeated.isEmpty()) {
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
    return configFromJsonBytes(file.readAll(), path);
}

} // namespace pelab
