// SPDX-License-Identifier: MIT
#include "TrainCommand.h"

#include "AtomicWrite.h"
#include "CommandLine.h"
#include "HeadlessRun.h"
#include "RunExport.h"
#include "figures/FigureWriter.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <iterator>

namespace pelab {

namespace {

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "pelab: %s\n", qUtf8Printable(message));
    return code;
}

QList<FigureFormat> figureFormats(const QStringList &names)
{
    QList<FigureFormat> formats;
    for (const QString &name : names)
        if (const auto format = figureFormatFromName(name))
            formats << *format;
    return formats;
}

} // namespace

int runTrainCommand(const CommandLine &command)
{
    // Claim the output folder before training, so a bad --out costs no training time.
    const QString outDir = command.outDir;
    const bool outExisted = !outDir.isEmpty() && QFileInfo(outDir).isDir();
    if (!outDir.isEmpty()) {
        if (QString error = ensureDirectory(outDir); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, 2);
    }
    const auto removeCreatedOutDir = [&] {
        if (!outDir.isEmpty() && !outExisted)
            QDir().rmdir(outDir);
    };

    const HeadlessResult result = runHeadless(command.config, [](std::int64_t epoch, double loss) {
        std::puts(epochLine(epoch, loss).c_str());
        std::fflush(stdout);
    });
    if (!result.failure.isEmpty()) {
        removeCreatedOutDir();
        return fail(result.failure, 1);
    }
    if (!outDir.isEmpty()) {
        // Data and figures go in one set: all of them are written, or none.
        std::vector<std::pair<QString, QByteArray>> files = runFiles(result.record);
        if (!command.figureFormats.isEmpty()) {
            QString error;
            auto figures = renderFigureFiles(figureDataFor(result.record),
                                             figureFormats(command.figureFormats), &error);
            if (!error.isEmpty()) {
                removeCreatedOutDir();
                return fail(error, 1);
            }
            std::move(figures.begin(), figures.end(), std::back_inserter(files));
        }
        if (QString error = writeFileSet(outDir, files); !error.isEmpty()) {
            removeCreatedOutDir();
            return fail(error, 1);
        }
    }
    return 0;
}

} // namespace pelab
