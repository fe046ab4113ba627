// SPDX-License-Identifier: MIT
#pragma once

namespace pelab {
struct CommandLine;

// `pelab lesson NAME|FILE [--seed N] [--out DIR]`: trains the lesson's runs side by side and
// prints its sentences with the numbers measured, and whether each effect appeared.
// `pelab lesson --list` names the built-in lessons.
int runLessonCommand(const CommandLine &command);
} // namespace pelab
