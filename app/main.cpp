// SPDX-License-Identifier: MIT
// pelab: the window, or the headless `pelab train` command. Wiring only.
#include "CommandLine.h"
#include "TrainCommand.h"
#include "TrainingSession.h"

#include <QCoreApplication>

#include <cstdio>

using namespace pelab;

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine command = parseCommandLine(arguments);
    const bool train = !arguments.isEmpty() && arguments.first() == QLatin1String("train");

    switch (command.mode) {
    case CommandLine::Mode::Help:
        std::fputs(qUtf8Printable(train ? trainHelpText() : helpText()), stdout);
        return 0;
    case CommandLine::Mode::Version:
        std::printf("pelab %s (Qt %s, LibTorch %s, BLAS %s)\n", PELAB_VERSION, qVersion(),
                    qUtf8Printable(torchVersion()), qUtf8Printable(blasName()));
        return 0;
    case CommandLine::Mode::Error:
        for (const QString &error : command.errors)
            std::fprintf(stderr, "pelab: %s\n", qUtf8Printable(error));
        return 2;
    case CommandLine::Mode::Train: {
        QCoreApplication app(argc, argv);
        return runTrainCommand(command);
    }
    case CommandLine::Mode::Gui:
        break;
    }
    QCoreApplication app(argc, argv);
    return runTrainCommand(command);
}
