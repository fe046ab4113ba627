// SPDX-License-Identifier: MIT
#include "CliSupport.h"

#include <csignal>
#include <cstdio>

namespace pelab {

namespace {

std::atomic<bool> stopFlag{false};
std::atomic<int> stopSignalNumber{0};

void requestStop(int signal)
{
    stopSignalNumber.store(signal);
    stopFlag.store(true); // lock-free atomics: safe in a signal handler
}

} // namespace

void handleStopSignals()
{
    struct sigaction action = {};
    action.sa_handler = &requestStop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

const std::atomic<bool> &stopRequested()
{
    return stopFlag;
}

int stopSignal()
{
    return stopSignalNumber.load();
}

QString stopSignalName(int signal)
{
    return signal == SIGINT ? QStringLiteral("Ctrl+C (SIGINT)") : QStringLiteral("SIGTERM");
}

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

} // namespace pelab
