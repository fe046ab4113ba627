// SPDX-License-Identifier: MIT
// Each built-in lesson's wall time at full speed, as the window and `pelab lesson` run it
// (its runs side by side, one per core, one thread each; the cost lesson's measurements),
// against the 30-second budget a lesson has. Usage: bench_lessons [--rounds N] [ID...]
#include "lessons/BuiltinLessons.h"
#include "lessons/CostExplorer.h"
#include "lessons/LessonOutcome.h"
#include "run/ParallelRuns.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace pelab;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    int rounds = 2;
    if (const qsizetype at = arguments.indexOf(QStringLiteral("--rounds")); at >= 0) {
        rounds = std::max(1, arguments.value(at + 1).toInt());
        arguments.remove(at, 2);
    }
    constexpr double budget = 30;
    std::printf("%-22s %6s %10s %10s %8s  %s\n", "lesson", "runs", "best s", "worst s", "budget",
                "effects");
    int over = 0;
    for (const Lesson &lesson : builtinLessons()) {
        if (!arguments.isEmpty() && !arguments.contains(lesson.id) &&
            !arguments.contains(lesson.number))
            continue;
        double best = 1e300, worst = 0;
        bool shown = true;
        for (int round = 0; round < rounds; ++round) {
            QElapsedTimer timer;
            timer.start();
            LessonOutcome outcome;
            if (lesson.cost) {
                const CostResults results = runCostExplorer(*lesson.cost, lesson.settings);
                outcome = measureLesson(lesson, {}, &results);
            } else {
                const std::vector<ParallelRun> runs = runInParallel(lesson.configs());
                std::vector<const RunRecord *> records;
                for (const ParallelRun &run : runs)
                    records.push_back(&run.result.record);
                outcome = measureLesson(lesson, records);
            }
            const double seconds = double(timer.nsecsElapsed()) / 1e9;
            best = std::min(best, seconds);
            worst = std::max(worst, seconds);
            shown = shown && outcome.allShown();
        }
        over += worst > budget;
        std::printf("%-22s %6zu %10.1f %10.1f %8s  %s\n", qUtf8Printable(lesson.id),
                    lesson.runs.size(), best, worst, worst <= budget ? "met" : "OVER",
                    shown ? "all shown" : "NOT all shown");
        std::fflush(stdout);
    }
    std::printf("target: every lesson <= %.0f s at full speed on this machine\n", budget);
    return over > 0 ? 1 : 0;
}
