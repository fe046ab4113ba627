// SPDX-License-Identifier: MIT
#pragma once

#include "lessons/Lesson.h"
#include "lessons/LessonOutcome.h"

#include <QImage>

namespace pelab {

// A lesson's one-page summary as PDF bytes (A4): its title and text, the figure as shown,
// what this run measured and which effects appeared, the caveat, and the settings of each
// run (with the seed they trained with).
QByteArray lessonSummaryPdf(const Lesson &lesson, const LessonOutcome &outcome,
                            const std::vector<TrainingConfig> &configs, const QImage &figure);

} // namespace pelab
