// SPDX-License-Identifier: MIT
#pragma once

#include "RunExport.h"
#include "lessons/Lesson.h"

#include <optional>
#include <vector>

namespace pelab {

// Whether a run showed one of the lesson's effects, and the numbers that decided it.
struct EffectResult {
    QString says;
    QString check;             // "grad_ratio(post) >= 1000"
    QString measured;          // "grad_ratio(post) = 9,512"
    std::optional<bool> shown; // nothing: a number it needs was not measured
};

// What a lesson's runs measured: its sentences filled with their numbers, and its effects.
struct LessonOutcome {
    QStringList sentences;
    std::vector<std::pair<QString, double>> lines; // the lesson's levels that could be measured
    std::vector<EffectResult> effects;
    bool allShown() const;
};

struct CostResults;

// `records` in the lesson's run order (null for a run that has no record); `cost`, the
// cost explorer's measurements for a lesson that has one.
LessonOutcome measureLesson(const Lesson &lesson, const std::vector<const RunRecord *> &records,
                            const CostResults *cost = nullptr);

} // namespace pelab
