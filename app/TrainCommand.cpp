// SPDX-License-Identifier: MIT
#include "TrainCommand.h"

#include "AtomicWrite.h"
#include "CliSupport.h"
#include "CommandLine.h"
#include "HeadlessRun.h"
#include "LossGrowth.h"
#include "RunExport.h"
#include "TrainingSession.h"
#include "VariantsCommand.h"
#include "config/ConfigFields.h"
#include "export/SpecDump.h"
#include "figures/FigureWriter.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <iterator>

namespace pelab {

int runTrainCommand(const CommandLine &command)
{
    if (command.variation)
        return runVariantsCommand(command);
    // Whether the run fits is a fact of this machine: checked before anything is allocated.
    if (const auto memory = command.config.memoryIssue()) {
        const FieldSpec *field = findField(memory->field);
        return fail(QStringLiteral("%1: %2 is not allowed; %3")
                        .arg(field ? QLatin1String(field->flag) : memory->field, memory->value,
                             memory->allowed),
                    2);
    }
    if (command.benchSteps > 0 && (!command.outDir.isEmpty() || !command.figureFormats.isEmpty()))
        return fail(QStringLiteral("--bench only times training steps and writes no files; "
                                   "leave out --out and --figures"),
                    2);
    if (command.benchSteps > 0) {
        setTorchThreads(int(command.config.threads));
        TrainingSession session(command.config);
        std::printf("ms/step %.3f\n", session.benchmark(int(command.benchSteps)));
        return 0;
    }
    // A --dump file that cannot be written is bad input, found before any training time.
    if (!command.dumpFile.isEmpty() && command.benchSteps == 0) {
        const QFileInfo dump(command.dumpFile);
        const QFileInfo parent(dump.absolutePath());
        if (dump.isDir())
            return fail(QStringLiteral("--dump: %1 is a folder; give a file name, e.g. "
                                       "--dump run.json")
                            .arg(command.dumpFile),
                        2);
        if (!parent.isDir() || !parent.isWritable())
            return fail(QStringLiteral("--dump: cannot write %1: the folder %2 %3")
                            .arg(command.dumpFile, parent.filePath(),
                                 parent.isDir() ? QStringLiteral("is not writable")
                                                : QStringLiteral("does not exist")),
                        2);
    }
    // Claim the output folder before training, so a bad --out costs no training time.
    const QString outDir = command.outDir;
    OutputFolder folder;
    if (!outDir.isEmpty()) {
        if (QString error = folder.claim(outDir); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, 2);
    }
    const auto removeCreatedOutDir = [&] { folder.abandon(); };

    HeadlessResult result;
    handleStopSignals();
    try {
        const bool quiet = command.quiet;
        result = runHeadless(
            command.config,
            [quiet](std::int64_t epoch, double loss) {
                if (quiet)
                    return;
                std::puts(epochLine(epoch, loss).c_str());
                std::fflush(stdout);
            },
            &stopRequested(), nullptr, command.learningRateChanges);
    } catch (const std::exception &error) {
        // Most likely memory the estimate did not foresee; never an abort with a backtrace.
        removeCreatedOutDir();
        return fail(QStringLiteral("training stopped: %1")
                        .arg(QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0)),
                    ExitTrainingError);
    }
    if (result.interrupted) {
        removeCreatedOutDir();
        const int signal = stopSignal();
        return fail(QStringLiteral("stopped by %1 after step %2; nothing was written")
                        .arg(stopSignalName(signal))
                        .arg(result.record.losses.empty() ? 0 : result.record.losses.back().step),
                    128 + signal);
    }
    // As the spec: the extrapolation lines, unless they go to --dump or --quiet asks for none.
    if (!command.quiet && command.dumpFile.isEmpty())
        for (const Evaluation &evaluation : result.record.extrapolation)
            std::puts(extrapolationLine(evaluation).c_str());
    if (!command.dumpFile.isEmpty()) {
        const QString error =
            writeFileAtomically(command.dumpFile, specDumpJson(result.record, result.trainSeconds));
        if (!error.isEmpty()) {
            removeCreatedOutDir();
            return fail(QStringLiteral("--dump: ") + error, ExitOutputFailed);
        }
    }
    if (!result.failure.isEmpty()) {
        removeCreatedOutDir();
        return fail(result.failure, ExitDiverged);
    }
    // Finite but blown up: the run completed and its files are written, but it says so, and
    // exits with a code of its own.
    const std::optional<BlowUp> found =
        blowUp(result.record.losses, result.record.optimizerOverflow);
    const auto &changes = result.record.learningRateChanges;
    const double finalRate =
        changes.empty() ? command.config.learningRate : changes.back().learningRate;
    if (found)
        std::fprintf(stderr, "pelab: warning: %s\n",
                     qUtf8Printable(blowUpMessage(*found, finalRate)));
    if (!outDir.isEmpty()) {
        // Data and figures go in one set: all of them are written, or none.
        std::vector<std::pair<QString, QByteArray>> files = runFiles(result.record);
        if (!command.figureFormats.isEmpty()) {
            QString error;
            auto figures = renderFigureFiles(figureDataFor(result.record),
                                             figureFormats(command.figureFormats), &error);
            if (!error.isEmpty()) {
                removeCreatedOutDir();
                return fail(error, ExitOutputFailed);
            }
            std::move(figures.begin(), figures.end(), std::back_inserter(files));
        }
        if (QString error = writeFileSet(outDir, files, nullptr, runOutputNames());
            !error.isEmpty()) {
            removeCreatedOutDir();
            return fail(error, ExitOutputFailed);
        }
    }
    if (std::ferror(stdout) || std::fflush(stdout) != 0)
        return fail(QStringLiteral("cannot write the epoch lines to standard output"),
                    ExitOutputFailed);
    return found ? ExitBlewUp : ExitTrained;
}

} // namespace pelab
