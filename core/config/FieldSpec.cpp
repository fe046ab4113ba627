// SPDX-License-Identifier: MIT
// What a field declaration knows how to do with a value: say what is allowed, check it,
// parse it from the command line and format it back.
#include "config/ConfigFields.h"

#include "PythonFloat.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace pelab {

namespace {

QString formatNumber(double v)
{
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return QString::number(qint64(v));
    return formatPythonFloat(v);
}

} // namespace

QString FieldSpec::allowed() const
{
    switch (kind) {
    case FieldKind::Integer:
        return QStringLiteral("use a whole number from %1 to %2")
            .arg(formatNumber(minimum), formatNumber(maximum));
    case FieldKind::IntegerList:
        return QStringLiteral("use whole numbers from %1 to %2, comma-separated")
            .arg(formatNumber(minimum), formatNumber(maximum));
    case FieldKind::Real:
        if (std::isinf(maximum))
            return minimumExclusive ? QStringLiteral("use a finite number greater than %1, "
                                                     "such as 0.01")
                                          .arg(formatNumber(minimum))
                                    : QStringLiteral("use a finite number of at least %1")
                                          .arg(formatNumber(minimum));
        return QStringLiteral("use a number from %1 %2 %3")
            .arg(formatNumber(minimum),
                 maximumExclusive ? QStringLiteral("up to (not including)") : QStringLiteral("to"),
                 formatNumber(maximum));
    case FieldKind::Bool:
        return QStringLiteral("use true or false");
    case FieldKind::Choice:
        return QStringLiteral("use one of %1").arg(choices.join(QStringLiteral(", ")));
    }
    return {};
}

QString FieldSpec::metavar() const
{
    switch (kind) {
    case FieldKind::Integer:
        return QStringLiteral("N");
    case FieldKind::Real:
        return QStringLiteral("X");
    case FieldKind::Choice:
        return QStringLiteral("NAME");
    case FieldKind::IntegerList:
        return QStringLiteral("LIST");
    case FieldKind::Bool:
        break;
    }
    return {};
}

QString FieldSpec::format(const QJsonValue &value) const
{
    switch (kind) {
    case FieldKind::Integer:
        return QString::number(qint64(value.toDouble()));
    case FieldKind::Real:
        return value.isNull() ? QStringLiteral("none") : formatPythonFloat(value.toDouble());
    case FieldKind::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case FieldKind::Choice:
        return value.toString();
    case FieldKind::IntegerList: {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items << QString::number(qint64(item.toDouble()));
        return items.join(QLatin1Char(','));
    }
    }
    return {};
}

std::optional<ConfigIssue> FieldSpec::check(const QJsonValue &value) const
{
    const auto issue = [&](const QString &shown) {
        return ConfigIssue{QString::fromLatin1(key), shown, allowed()};
    };
    const auto inRange = [&](double v) {
        if (!std::isfinite(v))
            return false;
        if (minimumExclusive ? v <= minimum : v < minimum)
            return false;
        return maximumExclusive ? v < maximum : v <= maximum;
    };
    switch (kind) {
    case FieldKind::Integer:
        if (!inRange(value.toDouble()))
            return issue(formatNumber(value.toDouble()));
        return std::nullopt;
    case FieldKind::Real:
        if (nullable && value.isNull())
            return std::nullopt;
        if (!inRange(value.toDouble())) {
            ConfigIssue i = issue(formatPythonFloat(value.toDouble()));
            if (!std::isfinite(value.toDouble()) && !i.allowed.contains(QLatin1String("finite")))
                i.allowed = QStringLiteral("use a finite number; ") + i.allowed;
            return i;
        }
        return std::nullopt;
    case FieldKind::IntegerList:
        for (const QJsonValue &item : value.toArray())
            if (!inRange(item.toDouble()))
                return issue(format(value));
        return std::nullopt;
    case FieldKind::Choice:
        if (!choices.contains(value.toString()))
            return issue(QLatin1Char('"') + value.toString() + QLatin1Char('"'));
        return std::nullopt;
    case FieldKind::Bool:
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<QJsonValue> FieldSpec::parse(const QString &text, QString *error) const
{
    static const QRegularExpression digits(QStringLiteral("^\\s*[+-]?\\d+\\s*$"));
    const auto wholeNumber = [&](const QString &t) -> std::optional<qint64> {
        bool ok = false;
        const qint64 v = t.trimmed().toLongLong(&ok);
        if (ok && std::abs(double(v)) <= 9007199254740991.0)
            return v;
        if (digits.match(t).hasMatch())
            *error = QStringLiteral("%1 is far out of range; %2").arg(t.trimmed(), allowed());
        else
            *error = QStringLiteral("\"%1\" is not a whole number").arg(t);
        return std::nullopt;
    };
    switch (kind) {
    case FieldKind::Integer:
        if (auto v = wholeNumber(text))
            return QJsonValue(*v);
        return std::nullopt;
    case FieldKind::IntegerList: {
        QJsonArray items;
        for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const auto v = wholeNumber(part);
            if (!v)
                return std::nullopt;
            items.append(*v);
        }
        if (items.size() > limits::maxEvalLengths) {
            *error = QStringLiteral("%1 lengths are too many; give at most %2")
                         .arg(items.size())
                         .arg(limits::maxEvalLengths);
            return std::nullopt;
        }
        return QJsonValue(items);
    }
    case FieldKind::Real: {
        double v = 0;
        bool outOfRange = false;
        if (nullable && text.trimmed() == QLatin1String("none"))
            return QJsonValue(QJsonValue::Null);
        if (parseDouble(text, &v, &outOfRange))
            return QJsonValue(v);
        *error = outOfRange ? QStringLiteral("%1 is beyond what a number can hold; %2")
                                  .arg(text.trimmed(), allowed())
                            : QStringLiteral("\"%1\" is not a number (write it like 0.01 or "
                                             "1e-3)")
                                  .arg(text);
        return std::nullopt;
    }
    case FieldKind::Choice:
        if (choices.contains(text))
            return QJsonValue(text);
        *error = QStringLiteral("\"%1\" is not allowed; %2").arg(text, allowed());
        return std::nullopt;
    case FieldKind::Bool:
        break;
    }
    return std::nullopt;
}

} // namespace pelab
