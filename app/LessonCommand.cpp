// SPDX-License-Identifier: MIT
#include "LessonCommand.h"

#include "AtomicWrite.h"
#include "CliSupport.h"
#include "CommandLine.h"
#include "RaceRuns.h"
#include "export/ComparisonFolder.h"
#include "lessons/BuiltinLessons.h"
#include "lessons/CostExplorer.h"
#include "lessons/LessonOutcome.h"
#include "run/Variants.h"

#include <QDir>

#include <cstdio>

namespace pelab {

namespace {

int listLessons()
{
    for (const Lesson &lesson : builtinLessons())
        std::printf("%-3s %-22s %s\n", qUtf8Printable(lesson.number), qUtf8Printable(lesson.id),
                    qUtf8Printable(lesson.summary.isEmpty() ? lesson.title : lesson.summary));
    return std::fflush(stdout) == 0 ? ExitTrained : ExitOutputFailed;
}

// What the lesson measured, as printed and as DIR/lesson.txt holds it.
QString outcomeText(const Lesson &lesson, const LessonOutcome &outcome, std::int64_t seed)
{
    QString text =
        QStringLiteral("%1 (seed %2)\n\nMeasured in this run:\n").arg(lesson.heading()).arg(seed);
    for (const QString &sentence : outcome.sentences)
        text += QStringLiteral("  ") + sentence + QLatin1Char('\n');
    if (!outcome.effects.empty())
        text += QStringLiteral("\nEffects the lesson states:\n");
    for (const EffectResult &effect : outcome.effects) {
        const QString mark = !effect.shown   ? QStringLiteral("not measured")
                             : *effect.shown ? QStringLiteral("shown")
                                             : QStringLiteral("NOT shown");
        text += QStringLiteral("  %1: %2 (%3; %4)\n")
                    .arg(mark, effect.says, effect.check, effect.measured);
    }
    if (!lesson.caveat.isEmpty())
        text +=
            QStringLiteral("\nWhat this run does not show: ") + lesson.caveat + QLatin1Char('\n');
    return text;
}

// `length,seconds,peak_bytes` and the family's `length,ms_per_step`, as cost.csv holds them.
QByteArray costCsv(const CostResults &results)
{
    QByteArray csv = "kind,length,ms,peak_bytes\n";
    for (const AttentionCostPoint &p : results.attention)
        csv += "attention," + QByteArray::number(p.length) + ',' +
               QByteArray::number(p.seconds * 1000, 'g', 6) + ',' +
               QByteArray::number(p.peakBytes, 'f', 0) + '\n';
    for (const auto &[length, ms] : results.family)
        csv += "family_step," + QByteArray::number(length) + ',' + QByteArray::number(ms, 'g', 6) +
               ",\n";
    return csv;
}

// The cost explorer: measures, prints its table, and returns the outcome.
int runCostLesson(const CommandLine &command, const Lesson &lesson)
{
    OutputFolder folder;
    if (!command.outDir.isEmpty()) {
        if (QString error = checkComparisonFolder(
                command.outDir, {QStringLiteral("cost.csv"), QStringLiteral("lesson.txt")});
            !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
        if (QString error = folder.claim(command.outDir); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
    }
    handleStopSignals();
    if (!command.quiet)
        std::printf("%s\n", qUtf8Printable(lesson.heading()));
    TrainingConfig settings = lesson.settings;
    if (command.lessonSeed)
        settings.seed = *command.lessonSeed;
    const CostResults results = runCostExplorer(
        *lesson.cost, settings,
        [&](const QString &line) {
            if (!command.quiet) {
                std::printf("%s\n", qUtf8Printable(line));
                std::fflush(stdout);
            }
        },
        &stopRequested());
    if (results.stopped) {
        folder.abandon();
        return fail(
            QStringLiteral("stopped by %1; nothing was written").arg(stopSignalName(stopSignal())),
            128 + stopSignal());
    }
    if (!command.quiet) {
        std::printf("\n%8s %12s %14s\n", "length", "attention ms", "peak MiB");
        for (const AttentionCostPoint &p : results.attention)
            std::printf("%8lld %12.3f %14.2f\n", static_cast<long long>(p.length), p.seconds * 1000,
                        p.peakBytes / double(1 << 20));
        for (const QString &skipped : results.skipped)
            std::printf("skipped %s\n", qUtf8Printable(skipped));
        if (!results.family.empty())
            std::printf("\n%8s %12s\n", "length", "step ms");
        for (const auto &[length, ms] : results.family)
            std::printf("%8lld %12.3f\n", static_cast<long long>(length), ms);
    }
    const LessonOutcome outcome = measureLesson(lesson, {}, &results);
    const QString text = outcomeText(lesson, outcome, settings.seed);
    std::printf("%s%s", command.quiet ? "" : "\n", qUtf8Printable(text));
    if (!command.outDir.isEmpty()) {
        const QDir dir(command.outDir);
        QString error =
            writeFileAtomically(dir.filePath(QStringLiteral("cost.csv")), costCsv(results));
        if (error.isEmpty())
            error = writeFileAtomically(dir.filePath(QStringLiteral("lesson.txt")), text.toUtf8());
        if (!error.isEmpty()) {
            folder.abandon();
            return fail(error, ExitOutputFailed);
        }
    }
    if (std::ferror(stdout) || std::fflush(stdout) != 0)
        return fail(QStringLiteral("cannot write to standard output"), ExitOutputFailed);
    return outcome.allShown() ? ExitTrained : ExitEffectNotShown;
}

} // namespace

int runLessonCommand(const CommandLine &command)
{
    if (command.listLessons)
        return listLessons();
    const LessonLoadResult loaded = findLesson(command.lesson);
    if (!loaded.lesson)
        return fail(loaded.errors.join(QStringLiteral("\npelab: ")), ExitBadInput);
    const Lesson &lesson = *loaded.lesson;
    if (lesson.cost)
        return runCostLesson(command, lesson);

    Race race;
    race.configs = lesson.configs(command.lessonSeed);
    race.names = lesson.runIds();
    if (const int code = checkRaceMemory(race))
        return code;
    QStringList entries;
    for (const QString &id : race.names)
        entries << runFolderName(id);
    entries << QStringLiteral("lesson.txt");
    OutputFolder folder;
    if (!command.outDir.isEmpty()) {
        if (QString error = checkComparisonFolder(command.outDir, entries); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
        if (QString error = folder.claim(command.outDir); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
    }
    if (!command.quiet) {
        std::printf("%s\n", qUtf8Printable(lesson.heading()));
        if (!lesson.question.isEmpty())
            std::printf("Question: %s\n", qUtf8Printable(lesson.question));
        for (int i = 0; i < int(lesson.runs.size()); ++i)
            std::printf("  %s: %s\n", qUtf8Printable(lesson.runs[std::size_t(i)].id),
                        qUtf8Printable(lesson.runs[std::size_t(i)].name));
    }
    if (!runRace(race, command.quiet, folder))
        return race.exitCode;

    std::vector<const RunRecord *> records;
    for (const ParallelRun &run : race.runs)
        records.push_back(&run.result.record);
    const LessonOutcome outcome = measureLesson(lesson, records);
    const QString text = outcomeText(lesson, outcome, race.configs.front().seed);
    std::printf("%s%s", command.quiet ? "" : "\n", qUtf8Printable(text));

    if (!command.outDir.isEmpty()) {
        QString error = writeComparisonFolder(command.outDir, race.data, race.states,
                                              figureFormats(command.figureFormats));
        if (error.isEmpty())
            error = writeFileAtomically(QDir(command.outDir).filePath(QStringLiteral("lesson.txt")),
                                        text.toUtf8());
        if (!error.isEmpty()) {
            folder.abandon();
            return fail(error, ExitOutputFailed);
        }
    }
    if (std::ferror(stdout) || std::fflush(stdout) != 0)
        return fail(QStringLiteral("cannot write to standard output"), ExitOutputFailed);
    if (race.exitCode != ExitTrained)
        return race.exitCode;
    return outcome.allShown() ? ExitTrained : ExitEffectNotShown;
}

} // namespace pelab
