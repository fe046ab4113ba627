// SPDX-License-Identifier: MIT
// Fuzz target: the lesson-file reader (pelab lesson FILE, Lessons > Open lesson file...), and
// the measured sentences and effects of an accepted lesson, evaluated against runs that
// recorded nothing (every number "not measured"). Any bytes must give a lesson or messages.
#include "lessons/Lesson.h"
#include "lessons/LessonOutcome.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const pelab::LessonLoadResult result = pelab::parseLesson(bytes, QStringLiteral("fuzz.json"));
    if (!result.lesson) {
        if (result.errors.isEmpty())
            std::abort(); // refused without saying why
        return 0;
    }
    // Every run an accepted lesson starts is a valid config.
    for (const pelab::TrainingConfig &config : result.lesson->configs())
        if (!config.isValid())
            std::abort();
    std::vector<pelab::RunRecord> records(result.lesson->configs().size());
    std::vector<const pelab::RunRecord *> pointers;
    for (const pelab::RunRecord &record : records)
        pointers.push_back(&record);
    const pelab::LessonOutcome outcome = pelab::measureLesson(*result.lesson, pointers);
    if (outcome.effects.size() != result.lesson->effects.size())
        std::abort();
    return 0;
}
