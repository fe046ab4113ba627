// SPDX-License-Identifier: MIT
#include "LearningRateSchedule.h"

#include "PythonFloat.h"

#include <cmath>
#include <set>

namespace pelab {

std::optional<LearningRateChange> parseLearningRateChange(const QString &text, QString *error)
{
    const auto refuse = [&](const QString &why) -> std::optional<LearningRateChange> {
        if (error)
            *error = QStringLiteral("\"%1\" is not allowed; %2").arg(text, why);
        return std::nullopt;
    };
    const QStringList parts = text.trimmed().split(QLatin1Char('='));
    if (parts.size() != 2)
        return refuse(QStringLiteral("use STEP=LR, e.g. --lr-at 200=0.001"));
    bool stepOk = false;
    bool rateOk = false;
    const qlonglong step = parts[0].trimmed().toLongLong(&stepOk);
    const double rate = parts[1].trimmed().toDouble(&rateOk);
    if (!stepOk || step < 1)
        return refuse(QStringLiteral("STEP must be a whole number of steps from 1 (the first "
                                     "step that uses the new rate)"));
    if (!rateOk || !std::isfinite(rate) || rate <= 0)
        return refuse(QStringLiteral("LR must be a positive number, e.g. 0.001"));
    return LearningRateChange{step, rate};
}

QStringList learningRateScheduleProblems(const std::vector<LearningRateChange> &changes,
                                         std::int64_t totalSteps)
{
    QStringList problems;
    std::set<std::int64_t> seen;
    for (const LearningRateChange &change : changes) {
        if (change.step > totalSteps)
            problems << QStringLiteral("--lr-at: step %1 is past the run's end; this run has %2 "
                                       "steps (epochs x batches per epoch)")
                            .arg(change.step)
                            .arg(totalSteps);
        if (!seen.insert(change.step).second)
            problems << QStringLiteral("--lr-at: step %1 is given twice; give one rate per step")
                            .arg(change.step);
    }
    return problems;
}

QStringList learningRateFlags(const std::vector<LearningRateChange> &changes)
{
    QStringList flags;
    for (const LearningRateChange &change : changes)
        flags
            << QStringLiteral("--lr-at")
            << QStringLiteral("%1=%2").arg(change.step).arg(formatPythonFloat(change.learningRate));
    return flags;
}

QString learningRateChangesText(const std::vector<LearningRateChange> &changes)
{
    QStringList each;
    for (const LearningRateChange &change : changes)
        each << QStringLiteral("%1 from step %2")
                    .arg(formatPythonFloat(change.learningRate))
                    .arg(change.step);
    return each.join(QStringLiteral(", then "));
}

} // namespace pelab
