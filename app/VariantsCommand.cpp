// SPDX-License-Identifier: MIT
#include "VariantsCommand.h"

#include "AtomicWrite.h"
#include "CliSupport.h"
#include "CommandLine.h"
#include "LossGrowth.h"
#include "RunExport.h"
#include "export/ComparisonExport.h"
#include "figures/FigureWriter.h"
#include "figures/LineChart.h"
#include "run/ParallelRuns.h"
#include "run/RunSummary.h"

#include <QDir>

#include <cstdio>
#include <iterator>
#include <mutex>

namespace pelab {

namespace {

const QString comparisonFolder = QStringLiteral("comparison");

// An --out folder may be new, empty, or hold only what this comparison writes (an earlier
// run of the same --vary): anything else would end up mixed with these runs.
QString checkOutFolder(const QString &path, const QStringList &folders)
{
    const QDir dir(path);
    if (!dir.exists())
        return {};
    QStringList foreign;
    for (const QString &entry :
         dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name))
        if (!folders.contains(entry) && entry != comparisonFolder)
            foreign << entry;
    if (foreign.isEmpty())
        return {};
    return QStringLiteral("--out: %1 already holds %2, which this comparison would not replace; "
                          "give a new or empty folder")
        .arg(path, foreign.size() > 3 ? foreign.mid(0, 3).join(", ") + QStringLiteral(", ...")
                                      : foreign.join(", "));
}

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
        if (QString error = checkOutFolder(command.outDir, folders); !error.isEmpty())
            return fail(error, ExitBadInput);
        if (QString error = folder.claim(command.outDir); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
    }

    handleStopSignals();
    std::mutex printing;
    const int concurrent = std::min(parallelRunSlots(), int(configs.size()));
    if (!command.quiet) {
        std::printf("Training %zu runs, %d at a time, one thread each: %s\n", configs.size(), concurrent,
                    qUtf8Printable(names.join(QStringLiteral(", "))));
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
        const QList<FigureFormat> formats = figureFormats(command.figureFormats);
        const QDir out(command.outDir);
        // Every file is rendered before any is written, so a rendering error writes nothing.
        std::vector<std::pair<QString, std::vector<std::pair<QString, QByteArray>>>> sets;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            auto files = runFiles(runs[i].result.record);
            if (!formats.isEmpty()) {
                QString error;
                auto figures =
                    renderFigureFiles(figureDataFor(runs[i].result.record), formats, &error);
                if (!error.isEmpty()) {
                    folder.abandon();
                    return fail(names[int(i)] + QStringLiteral(": ") + error, ExitOutputFailed);
                }
                std::move(figures.begin(), figures.end(), std::back_inserter(files));
            }
            sets.emplace_back(folders[int(i)], std::move(files));
        }
        auto comparison = comparisonCsvFiles(data, states);
        if (!formats.isEmpty()) {
            QString error;
            auto figures = renderComparisonFiles(data, formats, &error);
            if (!error.isEmpty()) {
                folder.abandon();
                return fail(QStringLiteral("comparison: ") + error, ExitOutputFailed);
            }
            std::move(figures.begin(), figures.end(), std::back_inserter(comparison));
        }
        QStringList comparisonNames = comparisonCsvNames();
        for (const ComparisonChart chart : allComparisonCharts())
            for (const QString &format : figureFormatNames())
                comparisonNames << comparisonChartStem(chart) + QLatin1Char('.') + format;
        sets.emplace_back(comparisonFolder, std::move(comparison));
        for (const auto &[name, files] : sets) {
            const bool isComparison = name == comparisonFolder;
            if (QString error = writeFileSet(out.filePath(name), files, nullptr,
                                             isComparison ? comparisonNames : pelabOutputNames());
                !error.isEmpty())
                return fail(error, ExitOutputFailed);
        }
    }
    if (std::ferror(stdout) || std::fflush(stdout) != 0)
        return fail(QStringLiteral("cannot write the epoch lines to standard output"),
                    ExitOutputFailed);
    return diverged ? ExitDiverged : blewUp ? ExitBlewUp : ExitTrained;
}

} // namespace pelab
