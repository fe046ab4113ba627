// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QStringList>

namespace pelab {

// What `pelab ARGS` asks for. Parsing never exits or prints: the app decides.
struct CommandLine {
    enum class Mode { Gui, Train, Help, Version, Error };
    Mode mode = Mode::Gui;
    QStringList errors; // each names the option or file, the value and what is allowed

    // `pelab train`
    TrainingConfig config;
    QString outDir;
    QStringList figureFormats; // --figures: "png", "svg", "pdf" (lower case, no repeats)
    // The spec's output flags: --dump FILE (its JSON of every number), --quiet (no lines),
    // --bench N (milliseconds per step over N steps of one batch; trains nothing else).
    QString dumpFile;
    bool quiet = false;
    std::int64_t benchSteps = 0;

    // The window's automation flags.
    QString preset;
    QString configFile; // the window loads it instead of a preset
    bool autorun = false;
    QString screenshot;
    bool quitWhenDone = false;
};

// `arguments` excludes the program name.
CommandLine parseCommandLine(const QStringList &arguments);

QString helpText();
QString trainHelpText();

} // namespace pelab
