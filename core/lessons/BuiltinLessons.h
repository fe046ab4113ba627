// SPDX-License-Identifier: MIT
#pragma once

#include "lessons/Lesson.h"

#include <vector>

namespace pelab {

// The lessons PE Lab ships (lesson files compiled in as resources), in menu order.
const std::vector<Lesson> &builtinLessons();

// A built-in lesson by id ("vanishing-gradients") or number ("1"), else a lesson file at
// `nameOrPath`. Nothing, with the reasons, when neither reads.
LessonLoadResult findLesson(const QString &nameOrPath);

} // namespace pelab
