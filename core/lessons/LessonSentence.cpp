// SPDX-License-Identifier: MIT
#include "lessons/LessonSentence.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace pelab {

namespace {

// A sentence's fields: {expression} or {expression:format}.
const QRegularExpression &fieldPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{([^{}:]+)(?::([^{}]*))?\\}"));
    return pattern;
}

} // namespace

std::vector<LessonExpression> sentenceFields(const QString &sentence, QString *error)
{
    std::vector<LessonExpression> fields;
    static const QRegularExpression format(QStringLiteral("^(|[0-9]|%|e)$"));
    auto it = fieldPattern().globalMatch(sentence);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (!format.match(match.captured(2)).hasMatch()) {
            *error = QStringLiteral("\"{%1}\": the format after \":\" must be a number of "
                                    "decimals (0-9), %% or e")
                         .arg(match.captured(0).mid(1, match.captured(0).size() - 2));
            return {};
        }
        auto expression = LessonExpression::parse(match.captured(1), error);
        if (!expression)
            return {};
        fields.push_back(*expression);
    }
    QString rest = sentence;
    rest.remove(fieldPattern());
    if (rest.contains(QLatin1Char('{')) || rest.contains(QLatin1Char('}'))) {
        *error = QStringLiteral("a \"{\" or \"}\" does not enclose a field such as "
                                "{train_loss(run):2}");
        return {};
    }
    return fields;
}

QString formatLessonNumber(double value, const QString &format)
{
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    if (!std::isfinite(value))
        return QStringLiteral("n/a");
    if (format == QLatin1String("%"))
        return english.toString(value * 100, 'f', 0) + QLatin1Char('%');
    if (format == QLatin1String("e"))
        return QString::number(value, 'e', 1);
    if (!format.isEmpty())
        return english.toString(value, 'f', format.toInt());
    // Three significant digits, without exponent for ordinary sizes.
    if (value != 0 && (std::abs(value) < 1e-3 || std::abs(value) >= 1e6))
        return QString::number(value, 'e', 2);
    const int magnitude = value == 0 ? 0 : int(std::floor(std::log10(std::abs(value))));
    return english.toString(value, 'f', std::max(0, 2 - magnitude));
}

QString fillSentence(const QString &sentence, const LessonExpression::Resolver &resolve)
{
    QString filled;
    qsizetype at = 0;
    auto it = fieldPattern().globalMatch(sentence);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        filled += sentence.mid(at, match.capturedStart() - at);
        QString ignored;
        const auto expression = LessonExpression::parse(match.captured(1), &ignored);
        const auto value = expression ? expression->evaluate(resolve) : std::nullopt;
        filled += value ? formatLessonNumber(*value, match.captured(2)) : QStringLiteral("n/a");
        at = match.capturedEnd();
    }
    return filled + sentence.mid(at);
}

} // namespace pelab
