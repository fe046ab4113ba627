// SPDX-License-Identifier: MIT
// What `pelab train --vary` and `pelab lesson` share: runs trained side by side, their
// lines printed under their names, and the exit code of the most serious outcome.
#pragma once

#include "figures/ComparisonFigure.h"
#include "run/ParallelRuns.h"

#include <QStringList>

#include <vector>

namespace pelab {

class OutputFolder;

struct Race {
    std::vector<TrainingConfig> configs; // threads are set to 1 when the race starts
    QStringList names;
    QStringList states; // per run: finished, diverged, blew up
    std::vector<ParallelRun> runs;
    ComparisonData data; // the runs' records, in order (points into `runs`)
    int exitCode = 0;
};

// Checks each run's memory estimate; a problem is reported (naming the run) and gives
// ExitBadInput. Zero when all may start.
int checkRaceMemory(Race &race);

// Trains the race's runs side by side (stop signals end them between two steps), printing
// each epoch line prefixed with the run's name unless `quiet`, then the extrapolation
// lines and the warnings. Returns false (the failure reported, `folder` abandoned, and
// race.exitCode set) when the runs were stopped or training failed: nothing may be written.
bool runRace(Race &race, bool quiet, OutputFolder &folder);

// The table that ends the output: state, steps, final loss, validation accuracy, accuracy
// at the longest evaluation length.
void printRaceSummary(const Race &race);

} // namespace pelab
