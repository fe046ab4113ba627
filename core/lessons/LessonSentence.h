// SPDX-License-Identifier: MIT
// A lesson's measured sentences: text with {expression[:format]} fields filled from a run.
#pragma once

#include "lessons/LessonExpression.h"

#include <vector>

namespace pelab {

// The {expression[:format]} fields of a sentence: ":N" N decimals with thousands
// separators, ":%" a percentage, ":e" scientific notation, nothing: 3 significant digits.
// Returns the fields' expressions, or sets `error`.
std::vector<LessonExpression> sentenceFields(const QString &sentence, QString *error);
// The sentence with each field replaced by its value ("n/a" when it cannot be measured).
QString fillSentence(const QString &sentence, const LessonExpression::Resolver &resolve);
// How a value is written in a sentence, for a field's format ("", "0", "2", "%", "e").
QString formatLessonNumber(double value, const QString &format);

} // namespace pelab
