// SPDX-License-Identifier: MIT
#include "VariantsCommand.h"

#include "AtomicWrite.h"
#include "CliSupport.h"
#include "CommandLine.h"
#include "LossGrowth.h"
#include "RunExport.h"
#include "export/ComparisonFolder.h"
#include "figures/FigureWriter.h"
#include "figures/LineChart.h"
#include "run/ParallelRuns.h"
#include "run/RunSummary.h"

#include <cstdio>
#include <mutex>

namespace pelab {

namespace {

QString cell(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 4) : QStringLiteral("-");
}

void printSummary(const ComparisonData &data, const QStringList &states)
{
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
                    qUtf8Printable(states[int(i)]), static_cast<long long>(s.steps),
                    qUtf8Printable(cell(s.finalLoss)), qUtf8Printable(cell(s.validationAccuracy)),
                    qUtf8Printable(longest));
    }
}

} // namespace

int runVariantsCommand(const CommandLine &command)
{
    QStringList errors;
    std::vector<TrainingConfig> configs =
        variantConfigs(command.config, *command.variation, &errors);
    if (!errors.isEmpty())
        return fail(errors.join(QStringLiteral("\npelab: ")), ExitBadInput);
    for (TrainingConfig &config : configs)
        config.threads = 1; // side by side, one intra-op thread each (and so recorded)
    const QStringList names = runNames(configs);
    for (std::size_t i = 0; i < configs.size(); ++i)
        if (const auto memory = configs[i].memoryIssue())
            return fail(QStringLiteral("%1: %2: %3 is not allowed; %4")
                            .arg(names[int(i)], memory->field, memory->value, memory->allowed),
                        ExitBadInput);
    QStringList folders;
    for (const QString &name : names)
        folders << runFolderName(name);

    OutputFolder folder;
    if (!command.outDir.isEmpty()) {
        if (QString error = checkComparisonFolder(command.outDir, folders); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
        if (QString error = folder.claim(command.outDir); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
    }

    handleStopSignals();
    std::mutex printing;
    const int concurrent = std::min(parallelRunSlots(), int(configs.size()));
    if (!command.quiet) {
        std::printf("Training %zu runs, %d at a time, one thread each: %s\n", configs.size(),
                    concurrent, qUtf8Printable(names.join(QStringLiteral(", "))));
        std::fflush(stdout);
    }
    ParallelRunOptions options;
    options.concurrent = concurrent;
    options.stop = &stopRequested();
    options.onEpoch = [&](int run, std::int64_t epoch, double loss) {
        if (command.quiet)
            return;
        const std::lock_guard lock(printing);
        std::printf("[%s] %s\n", qUtf8Printable(names[run]), epochLine(epoch, loss).c_str());
        std::fflush(stdout);
    };
    const std::vector<ParallelRun> runs = runInParallel(configs, options);

    if (stopRequested().load()) {
        folder.abandon();
        return fail(
            QStringLiteral("stopped by %1; nothing was written").arg(stopSignalName(stopSignal())),
            128 + stopSignal());
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (!runs[i].error.isEmpty()) {
            folder.abandon();
            return fail(
                QStringLiteral("%1: training stopped: %2").arg(names[int(i)], runs[i].error),
                ExitTrainingError);
        }
    }

    ComparisonData data;
    data.varied = differingFields(configs);
    QStringList states;
    bool diverged = false, blewUp = false;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const HeadlessResult &result = runs[i].result;
        data.runs.push_back({names[int(i)], seriesColor(int(i)), &result.record});
        if (!result.failure.isEmpty()) {
            diverged = true;
            states << QStringLiteral("diverged");
            std::fprintf(stderr, "pelab: %s: %s\n", qUtf8Printable(names[int(i)]),
                         qUtf8Printable(result.failure));
        } else if (const auto growth = lossBlowUp(result.record.losses)) {
            blewUp = true;
            states << QStringLiteral("blew up");
            std::fprintf(stderr, "pelab: warning: %s: %s\n", qUtf8Printable(names[int(i)]),
                         qUtf8Printable(lossBlowUpMessage(*growth, configs[i].learningRate)));
        } else {
            states << QStringLiteral("finished");
        }
        if (!command.quiet)
            for (const Evaluation &evaluation : result.record.extrapolation)
                std::printf("[%s] %s\n", qUtf8Printable(names[int(i)]),
                            extrapolationLine(evaluation).c_str());
    }
    if (!command.quiet)
        printSummary(data, states);

    if (!command.outDir.isEmpty()) {
        if (QString error = writeComparisonFolder(command.outDir, data, states,
                                                  figureFormats(command.figureFormats));
            !error.isEmpty()) {
            folder.abandon(); // removes the folders it created while they are empty
            return fail(error, ExitOutputFailed);
        }
    }
    if (std::ferror(stdout) || std::fflush(stdout) != 0)
        return fail(QStringLiteral("cannot write the epoch lines to standard output"),
                    ExitOutputFailed);
    return diverged ? ExitDiverged : blewUp ? ExitBlewUp : ExitTrained;
}

} // namespace pelab
