// SPDX-License-Identifier: MIT
#include "RaceRuns.h"

#include "AtomicWrite.h"
#include "CliSupport.h"
#include "CommandLine.h"
#include "HeadlessRun.h"
#include "LossGrowth.h"
#include "figures/LineChart.h"
#include "run/RunSummary.h"

#include <cstdio>
#include <mutex>

namespace pelab {

namespace {

QString cell(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 4) : QStringLiteral("-");
}

} // namespace

int checkRaceMemory(Race &race)
{
    for (TrainingConfig &config : race.configs)
        config.threads = 1; // side by side, one intra-op thread each (and so recorded)
    for (std::size_t i = 0; i < race.configs.size(); ++i)
        if (const auto memory = race.configs[i].memoryIssue())
            return fail(QStringLiteral("%1: %2: %3 is not allowed; %4")
                            .arg(race.names[int(i)], memory->field, memory->value, memory->allowed),
                        ExitBadInput);
    return 0;
}

bool runRace(Race &race, bool quiet, OutputFolder &folder)
{
    handleStopSignals();
    std::mutex printing;
    const int concurrent = std::min(parallelRunSlots(), int(race.configs.size()));
    if (!quiet) {
        std::printf("Training %zu runs, %d at a time, one thread each: %s\n", race.configs.size(),
                    concurrent, qUtf8Printable(race.names.join(QStringLiteral(", "))));
        std::fflush(stdout);
    }
    ParallelRunOptions options;
    options.concurrent = concurrent;
    options.stop = &stopRequested();
    options.onEpoch = [&](int run, std::int64_t epoch, double loss) {
        if (quiet)
            return;
        const std::lock_guard lock(printing);
        std::printf("[%s] %s\n", qUtf8Printable(race.names[run]), epochLine(epoch, loss).c_str());
        std::fflush(stdout);
    };
    race.runs = runInParallel(race.configs, options);

    if (stopRequested().load()) {
        folder.abandon();
        race.exitCode = fail(
            QStringLiteral("stopped by %1; nothing was written").arg(stopSignalName(stopSignal())),
            128 + stopSignal());
        return false;
    }
    for (std::size_t i = 0; i < race.runs.size(); ++i) {
        if (!race.runs[i].error.isEmpty()) {
            folder.abandon();
            race.exitCode = fail(QStringLiteral("%1: training stopped: %2")
                                     .arg(race.names[int(i)], race.runs[i].error),
                                 ExitTrainingError);
            return false;
        }
    }

    race.data = {};
    race.data.varied = differingFields(race.configs);
    race.states.clear();
    bool diverged = false, blewUp = false;
    for (std::size_t i = 0; i < race.runs.size(); ++i) {
        const HeadlessResult &result = race.runs[i].result;
        const QString &name = race.names[int(i)];
        race.data.runs.push_back({name, seriesColor(int(i)), &result.record});
        if (!result.failure.isEmpty()) {
            diverged = true;
            race.states << QStringLiteral("diverged");
            std::fprintf(stderr, "pelab: %s: %s\n", qUtf8Printable(name),
                         qUtf8Printable(result.failure));
        } else if (const auto found =
                       blowUp(result.record.losses, result.record.optimizerOverflow)) {
            blewUp = true;
            race.states << QStringLiteral("blew up");
            std::fprintf(stderr, "pelab: warning: %s: %s\n", qUtf8Printable(name),
                         qUtf8Printable(blowUpMessage(*found, race.configs[i].learningRate)));
        } else {
            race.states << QStringLiteral("finished");
        }
        if (!quiet)
            for (const Evaluation &evaluation : result.record.extrapolation)
                std::printf("[%s] %s\n", qUtf8Printable(name),
                            extrapolationLine(evaluation).c_str());
    }
    race.exitCode = diverged ? ExitDiverged : blewUp ? ExitBlewUp : ExitTrained;
    return true;
}

void printRaceSummary(const Race &race)
{
    const ComparisonData &data = race.data;
    int width = 3;
    for (const ComparedRun &run : data.runs)
        width = std::max(width, int(run.name.size()));
    std::printf("\n%s  %-9s %8s %12s %12s %12s\n",
                qUtf8Printable(QStringLiteral("run").leftJustified(width)), "state", "steps",
                "final loss", "val acc", "acc longest");
    for (std::size_t i = 0; i < data.runs.size(); ++i) {
        const RunSummary s = summarizeRun(*data.runs[i].record);
        const QString longest =
            s.longestLength
                ? QStringLiteral("%1 @%2").arg(cell(s.longestAccuracy)).arg(*s.longestLength)
                : QStringLiteral("-");
        std::printf("%s  %-9s %8lld %12s %12s %12s\n",
                    qUtf8Printable(data.runs[i].name.leftJustified(width)),
                    qUtf8Printable(race.states[int(i)]), static_cast<long long>(s.steps),
                    qUtf8Printable(cell(s.finalLoss)), qUtf8Printable(cell(s.validationAccuracy)),
                    qUtf8Printable(longest));
    }
}

} // namespace pelab
