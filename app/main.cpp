// SPDX-License-Identifier: MIT
// pelab: the window, or the headless `pelab train` and `pelab lesson` commands. Wiring only.
#include "CommandLine.h"
#include "GuiApp.h"
#include "LessonCommand.h"
#include "LossFigure.h"
#include "TrainCommand.h"
#include "TrainingSession.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>

using namespace pelab;

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine command = parseCommandLine(arguments);
    const QString first = arguments.isEmpty() ? QString() : arguments.first();

    switch (command.mode) {
    case CommandLine::Mode::Help:
        std::fputs(qUtf8Printable(first == QLatin1String("train")    ? trainHelpText()
                                  : first == QLatin1String("lesson") ? lessonHelpText()
                                                                     : helpText()),
                   stdout);
        return 0;
    case CommandLine::Mode::Version:
        std::printf("pelab %s (Qt %s, LibTorch %s, BLAS %s, optimizer loops %s)\n", PELAB_VERSION,
                    qVersion(), qUtf8Printable(torchVersion()), qUtf8Printable(blasName()),
                    fastOptimizersVerified() ? "fused (verified)" : "ATen (reference)");
        return 0;
    case CommandLine::Mode::Error:
        for (const QString &error : command.errors)
            std::fprintf(stderr, "pelab: %s\n", qUtf8Printable(error));
        return 2;
    case CommandLine::Mode::Train: {
        if (!command.figureFormats.isEmpty()) {
            // The loss figure is the window's chart, drawn offscreen: widgets need a
            // QApplication, which never needs a display here.
            qputenv("QT_QPA_PLATFORM", "offscreen");
            QApplication app(argc, argv);
            registerLossFigure();
            return runTrainCommand(command);
        }
        QCoreApplication app(argc, argv);
        return runTrainCommand(command);
    }
    case CommandLine::Mode::Lesson: {
        if (!command.figureFormats.isEmpty()) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            QApplication app(argc, argv);
            registerLossFigure();
            return runLessonCommand(command);
        }
        QCoreApplication app(argc, argv);
        return runLessonCommand(command);
    }
    case CommandLine::Mode::Gui:
        return runGui(command, argc, argv);
    }
    QCoreApplication app(argc, argv);
    return runTrainCommand(command);
}
