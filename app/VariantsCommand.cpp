// SPDX-License-Identifier: MIT
#include "VariantsCommand.h"

#include "AtomicWrite.h"
#include "CliSupport.h"
#include "CommandLine.h"
#include "RaceRuns.h"
#include "export/ComparisonFolder.h"

#include <cstdio>

namespace pelab {

int runVariantsCommand(const CommandLine &command)
{
    QStringList errors;
    Race race;
    race.configs = variantConfigs(command.config, *command.variation, &errors);
    if (!errors.isEmpty())
        return fail(errors.join(QStringLiteral("\npelab: ")), ExitBadInput);
    race.names = runNames(race.configs);
    if (const int code = checkRaceMemory(race))
        return code;
    QStringList folders;
    for (const QString &name : race.names)
        folders << runFolderName(name);

    OutputFolder folder;
    if (!command.outDir.isEmpty()) {
        if (QString error = checkComparisonFolder(command.outDir, folders); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
        if (QString error = folder.claim(command.outDir); !error.isEmpty())
            return fail(QStringLiteral("--out: ") + error, ExitBadInput);
    }
    if (!runRace(race, command.quiet, folder))
        return race.exitCode;
    if (!command.quiet)
        printRaceSummary(race);

    if (!command.outDir.isEmpty()) {
        if (QString error = writeComparisonFolder(command.outDir, race.data, race.states,
                                                  figureFormats(command.figureFormats));
            !error.isEmpty()) {
            folder.abandon(); // removes the folders it created while they are empty
            return fail(error, ExitOutputFailed);
        }
    }
    if (std::ferror(stdout) || std::fflush(stdout) != 0)
        return fail(QStringLiteral("cannot write the epoch lines to standard output"),
                    ExitOutputFailed);
    return race.exitCode;
}

} // namespace pelab
