// SPDX-License-Identifier: MIT
#include "Variants.h"

#include "config/ConfigFields.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pelab {

namespace {

const FieldSpec *fieldNamed(QString name)
{
    name = name.trimmed();
    if (name.startsWith(QLatin1String("--")))
        return findFieldByFlag(name);
    if (const FieldSpec *field = findField(name))
        return field;
    return findField(QString(name).replace(QLatin1Char('-'), QLatin1Char('_')));
}

std::optional<QJsonValue> parseSwitch(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("on") || t == QLatin1String("yes") ||
        t == QLatin1String("1"))
        return QJsonValue(true);
    if (t == QLatin1String("false") || t == QLatin1String("off") || t == QLatin1String("no") ||
        t == QLatin1String("0"))
        return QJsonValue(false);
    return std::nullopt;
}

// "A..B" of a whole-number field, expanded; nothing when `text` is not a range.
std::optional<QStringList> expandRange(const QString &text, QString *error)
{
    static const QRegularExpression range(QStringLiteral("^\\s*(\\d+)\\s*\\.\\.\\s*(\\d+)\\s*$"));
    const QRegularExpressionMatch match = range.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 first = match.captured(1).toLongLong();
    const qint64 last = match.captured(2).toLongLong();
    if (last < first || last - first + 1 > maxVariants) {
        *error = QStringLiteral("the range %1 is not allowed; give A..B with A <= B and at most "
                                "%2 values")
                     .arg(text.trimmed())
                     .arg(maxVariants);
        return QStringList();
    }
    QStringList values;
    for (qint64 v = first; v <= last; ++v)
        values << QString::number(v);
    return values;
}

} // namespace

std::optional<Variation> parseVariation(const QString &text, QString *error)
{
    const int equals = text.indexOf(QLatin1Char('='));
    const QString name = equals < 0 ? text : text.left(equals);
    const FieldSpec *field = fieldNamed(name);
    const QString usage = QStringLiteral("give FIELD=V1,V2,... (e.g. encoding=learned,rope or "
                                         "seed=0..4)");
    if (equals < 0 || name.trimmed().isEmpty()) {
        *error = QStringLiteral("\"%1\" is not allowed; %2").arg(text, usage);
        return std::nullopt;
    }
    if (!field) {
        *error = QStringLiteral("\"%1\" is not a setting; use a config key such as encoding, "
                                "seed, lr, layers or seq_len")
                     .arg(name.trimmed());
        return std::nullopt;
    }
    const QString key = QLatin1String(field->key);
    if (key == QLatin1String("threads")) {
        *error = QStringLiteral("threads cannot be varied: variants run side by side with one "
                                "thread each");
        return std::nullopt;
    }
    const QString list = text.mid(equals + 1);
    QStringList items;
    QString rangeError;
    if (field->kind == FieldKind::IntegerList)
        items = list.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    else if (const auto range =
                 field->kind == FieldKind::Integer ? expandRange(list, &rangeError) : std::nullopt)
        items = *range;
    else
        items = list.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (!rangeError.isEmpty()) {
        *error = key + QStringLiteral(": ") + rangeError;
        return std::nullopt;
    }

    Variation variation{key, {}};
    for (const QString &item : items) {
        std::optional<QJsonValue> value;
        QString problem;
        if (field->kind == FieldKind::Bool) {
            value = parseSwitch(item);
            if (!value)
                problem = QStringLiteral("\"%1\" is not allowed; use true or false").arg(item);
        } else {
            value = field->parse(item.trimmed(), &problem);
        }
        if (value) {
            if (const auto issue = field->check(*value)) {
                problem = QStringLiteral("%1 is not allowed; %2").arg(issue->value, issue->allowed);
                value.reset();
            }
        }
        if (!value) {
            *error = key + QStringLiteral(": ") + problem;
            return std::nullopt;
        }
        if (variation.values.contains(*value)) {
            *error = QStringLiteral("%1: %2 is given twice; give each value once")
                         .arg(key, field->format(*value));
            return std::nullopt;
        }
        variation.values << *value;
    }
    if (variation.values.size() < 2 || variation.values.size() > maxVariants) {
        *error = QStringLiteral("%1: %2 values given; give 2 to %3 different values (%4)")
                     .arg(key)
                     .arg(variation.values.size())
                     .arg(maxVariants)
                     .arg(usage);
        return std::nullopt;
    }
    return variation;
}

std::vector<TrainingConfig> variantConfigs(const TrainingConfig &base, const Variation &variation,
                                           QStringList *errors)
{
    const FieldSpec *field = findField(variation.field);
    std::vector<TrainingConfig> configs;
    if (!field) {
        *errors << QStringLiteral("\"%1\" is not a setting").arg(variation.field);
        return configs;
    }
    for (const QJsonValue &value : variation.values) {
        TrainingConfig config = base;
        field->set(config, value);
        const QString name = variation.field + QLatin1Char('=') + field->format(value);
        for (const ConfigIssue &issue : config.validate()) {
            const FieldSpec *spec = findField(issue.field);
            *errors << QStringLiteral("%1: %2: %3 is not allowed; %4")
                           .arg(name, spec ? QLatin1String(spec->key) : issue.field, issue.value,
                                issue.allowed);
        }
        configs.push_back(config);
    }
    return configs;
}

QStringList differingFields(const std::vector<TrainingConfig> &configs)
{
    QStringList keys;
    for (const FieldSpec &field : configFields()) {
        for (std::size_t i = 1; i < configs.size(); ++i) {
            if (field.get(configs[i]) != field.get(configs[0])) {
                keys << QLatin1String(field.key);
                break;
            }
        }
    }
    return keys;
}

QStringList runNames(const std::vector<TrainingConfig> &configs)
{
    const QStringList keys = differingFields(configs);
    QStringList names;
    for (const TrainingConfig &config : configs) {
        QStringList parts;
        for (const QString &key : keys) {
            const FieldSpec *field = findField(key);
            parts << key + QLatin1Char('=') + field->format(field->get(config));
        }
        names << (parts.isEmpty() ? QStringLiteral("run") : parts.join(QLatin1Char(' ')));
    }
    // Identical settings: number the repeats so every name is unique.
    for (int i = 0; i < names.size(); ++i) {
        int repeat = 1;
        for (int j = 0; j < i; ++j)
            if (names[j] == names[i] || names[j].startsWith(names[i] + QStringLiteral(" #")))
                ++repeat;
        if (repeat > 1)
            names[i] += QStringLiteral(" #%1").arg(repeat);
    }
    return names;
}

QString runFolderName(const QString &runName)
{
    QString folder;
    for (const QChar c : runName) {
        if (c == QLatin1Char('='))
            folder += QLatin1Char('-');
        else if (c.isLetterOrNumber() && c.unicode() < 128)
            folder += c;
        else if (c == QLatin1Char('.') || c == QLatin1Char('+') || c == QLatin1Char('-'))
            folder += c;
        else
            folder += QLatin1Char('_');
    }
    if (folder.startsWith(QLatin1Char('.')))
        folder.prepend(QLatin1Char('_'));
    return folder.isEmpty() ? QStringLiteral("run") : folder;
}

} // namespace pelab
