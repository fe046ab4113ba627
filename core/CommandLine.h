// SPDX-License-Identifier: MIT
#pragma once

#include "LearningRateSchedule.h"
#include "TrainingConfig.h"
#include "run/Variants.h"

#include <QStringList>

#include <optional>

namespace pelab {

// What `pelab` exits with: each code means one thing (README and --help list them).
enum ExitCode : int {
    ExitTrained = 0,        // the run trained (and every file was written)
    ExitDiverged = 1,       // the loss became NaN or infinite
    ExitBadInput = 2,       // an option, value or config file is invalid
    ExitBlewUp = 3,         // trained, but the loss grew 100-fold or the optimizer state overflowed
    ExitOutputFailed = 4,   // a file, the screenshot or standard output could not be written
    ExitTrainingError = 5,  // training stopped on an error (memory the estimate missed)
    ExitEffectNotShown = 6, // a lesson's runs trained, but an effect it states did not appear
};

// What `pelab ARGS` asks for. Parsing never exits or prints: the app decides.
struct CommandLine {
    enum class Mode { Gui, Train, Lesson, Help, Version, Error };
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
    // --lr-at STEP=LR (repeatable): learning rates set during the run, in step order.
    std::vector<LearningRateChange> learningRateChanges;
    // --vary FIELD=V1,V2,...: train one run per value side by side (config is their base).
    std::optional<Variation> variation;

    // `pelab lesson NAME|FILE [--seed N]` (also --out, --quiet, --figures); --list names
    // the lessons. The window's --lesson opens one.
    QString lesson;
    std::optional<std::int64_t> lessonSeed;
    bool listLessons = false;

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
QString lessonHelpText();

} // namespace pelab
