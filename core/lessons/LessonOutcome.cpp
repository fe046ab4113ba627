// SPDX-License-Identifier: MIT
#include "LessonOutcome.h"

#include "lessons/CostExplorer.h"
#include "lessons/LessonMetrics.h"

namespace pelab {

bool LessonOutcome::allShown() const
{
    return std::all_of(effects.begin(), effects.end(),
                       [](const EffectResult &e) { return e.shown.value_or(false); });
}

LessonOutcome measureLesson(const Lesson &lesson, const std::vector<const RunRecord *> &records,
                            const CostResults *cost)
{
    QHash<QString, const RunRecord *> byId;
    for (std::size_t i = 0; i < lesson.runs.size() && i < records.size(); ++i)
        if (records[i])
            byId.insert(lesson.runs[i].id, records[i]);
    // Each metric is measured once (marginal_loss draws the training set again).
    QHash<QString, std::optional<double>> cache;
    const LessonExpression::Resolver resolve = [&](const MetricCall &call) {
        const QString key = call.text();
        if (const auto it = cache.constFind(key); it != cache.constEnd())
            return *it;
        const auto value = isCostMetric(call.name)
                               ? (cost ? measureCostMetric(call, *cost) : std::nullopt)
                               : measureMetric(call, byId);
        cache.insert(key, value);
        return value;
    };

    LessonOutcome outcome;
    for (const QString &sentence : lesson.measured)
        outcome.sentences << fillSentence(sentence, resolve);
    for (const LessonLine &line : lesson.lines)
        if (const auto value = line.value.evaluate(resolve))
            outcome.lines.emplace_back(line.label, *value);
    for (const LessonEffect &effect : lesson.effects) {
        EffectResult result{effect.says, effect.check.text(), {}, effect.check.holds(resolve)};
        QStringList values;
        for (const LessonExpression &side : {effect.check.left, effect.check.right})
            for (const MetricCall &call : side.calls()) {
                const auto value = resolve(call);
                values << call.text() + QStringLiteral(" = ") +
                              (value ? formatLessonNumber(*value, {}) : QStringLiteral("n/a"));
            }
        result.measured = values.join(QStringLiteral("; "));
        outcome.effects.push_back(result);
    }
    return outcome;
}

} // namespace pelab
