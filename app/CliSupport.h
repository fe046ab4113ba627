// SPDX-License-Identifier: MIT
// What the headless commands share: stop signals, error lines, output names.
#pragma once

#include "figures/FigureKind.h"

#include <QList>
#include <QStringList>

#include <atomic>

namespace pelab {

// SIGINT and SIGTERM end a run between two steps: the flag is set by the handler, and the
// command removes what it created and exits with the shell's 128 + signal (130, 143).
void handleStopSignals();
const std::atomic<bool> &stopRequested();
int stopSignal();
QString stopSignalName(int signal); // "Ctrl+C (SIGINT)", "SIGTERM"

// Prints "pelab: MESSAGE" on stderr and returns `code`.
int fail(const QString &message, int code);

QList<FigureFormat> figureFormats(const QStringList &names);

} // namespace pelab
