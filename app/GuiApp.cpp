// SPDX-License-Identifier: MIT
#include "GuiApp.h"

#include "CommandLine.h"
#include "ComparisonWorkspace.h"
#include "HyperparameterPanel.h"
#include "LessonCommand.h"
#include "LessonController.h"
#include "LossGrowth.h"
#include "MainWindow.h"
#include "Presets.h"
#include "SessionController.h"
#include "TrainCommand.h"
#include "Trainer.h"
#include "run/RunSet.h"

#include <QApplication>
#include <QIcon>
#include <QPixmap>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace pelab {

namespace {

// The coalescing timers of the views run every 30-50 ms: give them time to draw the last
// snapshot before the window is grabbed.
constexpr int settleMs = 300;

int trainHeadlessInstead(CommandLine command)
{
    QString what = QStringLiteral("the Seed notebook preset");
    if (!command.configFile.isEmpty()) {
        what = command.configFile;
    } else {
        const Preset *preset =
            findPreset(command.preset.isEmpty() ? QStringLiteral("seed") : command.preset);
        command.config = preset->config;
        what = QStringLiteral("the %1 preset").arg(preset->title);
    }
    if (!command.lesson.isEmpty()) {
        std::fprintf(stderr,
                     "pelab: no display (DISPLAY and WAYLAND_DISPLAY are unset), so running the "
                     "lesson headless instead; see pelab lesson --help\n");
        command.outDir.clear();
        return runLessonCommand(command);
    }
    std::fprintf(stderr,
                 "pelab: no display (DISPLAY and WAYLAND_DISPLAY are unset), so training %s "
                 "headless instead; see pelab --help\n",
                 qUtf8Printable(what));
    command.outDir.clear();
    return runTrainCommand(command);
}

// --autorun, --screenshot and --quit-when-done: run, capture, leave.
void automate(const CommandLine &command, MainWindow &window)
{
    const auto whenDone = [&command, &window](int exitCode) {
        QTimer::singleShot(settleMs, &window, [&command, &window, exitCode] {
            int code = exitCode;
            if (!command.screenshot.isEmpty() && !window.grab().save(command.screenshot, "PNG")) {
                std::fprintf(stderr, "pelab: --screenshot: could not write %s\n",
                             qUtf8Printable(command.screenshot));
                code = ExitOutputFailed;
            }
            if (command.quitWhenDone)
                QCoreApplication::exit(code);
        });
    };
    Trainer *trainer = window.trainer();
    if (!command.lesson.isEmpty()) {
        LessonController *lessons = window.lessons();
        if (!lessons->openLesson(command.lesson)) {
            whenDone(ExitBadInput);
            return;
        }
        if (!command.autorun) {
            if (!command.screenshot.isEmpty())
                whenDone(0);
            return;
        }
        // Done when the lesson states what it measured: 6 when an effect did not appear.
        QObject::connect(lessons, &LessonController::outcomeShown, &window, [lessons, whenDone] {
            whenDone(lessons->outcome()->allShown() ? ExitTrained : ExitEffectNotShown);
        });
        QTimer::singleShot(0, &window, [lessons, whenDone] {
            if (!lessons->runLesson())
                whenDone(ExitBadInput);
        });
    } else if (command.variation) {
        // The race: done when every run has ended, with the most serious run's code.
        RunSet *runs = window.comparison()->runs();
        auto done = std::make_shared<bool>(false);
        QObject::connect(runs, &RunSet::runChanged, &window, [runs, whenDone, done] {
            if (*done || runs->anyActive())
                return;
            *done = true;
            int code = ExitTrained;
            for (const quint64 id : runs->ids()) {
                if (runs->state(id) == TrainerState::Failed)
                    code = ExitDiverged;
                else if (code == ExitTrained &&
                         blowUp(runs->record(id).losses, runs->record(id).optimizerOverflow))
                    code = ExitBlewUp;
            }
            whenDone(code);
        });
        QTimer::singleShot(0, &window, [&command, &window] {
            QStringList errors;
            const auto configs =
                variantConfigs(window.panel()->config(), *command.variation, &errors);
            if (errors.isEmpty())
                window.comparison()->startRuns(configs);
        });
    } else if (command.autorun) {
        // As `pelab train`: a run that trained but blew up has an exit code of its own.
        QObject::connect(trainer, &Trainer::finished, &window, [whenDone, &window] {
            whenDone(window.lossBlewUp() ? ExitBlewUp : ExitTrained);
        });
        QObject::connect(trainer, &Trainer::stopped, &window, [whenDone] { whenDone(0); });
        QObject::connect(trainer, &Trainer::failed, &window, [whenDone] { whenDone(1); });
        QTimer::singleShot(0, &window, &MainWindow::startTraining);
    } else if (!command.screenshot.isEmpty()) {
        whenDone(0); // the window as it opens
    }
}

} // namespace

bool displayAvailable()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

int runGui(const CommandLine &given, int argc, char **argv)
{
    CommandLine command = given;
    if (!displayAvailable()) {
        if (command.screenshot.isEmpty()) {
            QCoreApplication app(argc, argv);
            return trainHeadlessInstead(command);
        }
        // A screenshot needs no screen: draw the window offscreen (nobody can see it, so
        // leave once it is written).
        std::fprintf(stderr, "pelab: no display (DISPLAY and WAYLAND_DISPLAY are unset), so "
                             "drawing the window offscreen for --screenshot\n");
        qputenv("QT_QPA_PLATFORM", "offscreen");
        command.quitWhenDone = true;
    }

    QApplication app(argc, argv);
    // Drawn offscreen by request (QT_QPA_PLATFORM or -platform offscreen or minimal): nobody
    // can see or close the window either, so a screenshot run leaves once the file is written.
    const QString platform = QGuiApplication::platformName();
    if (!command.screenshot.isEmpty() &&
        (platform == QLatin1String("offscreen") || platform == QLatin1String("minimal")))
        command.quitWhenDone = true;
    QApplication::setOrganizationName(QStringLiteral("PE Lab"));
    QApplication::setApplicationName(QStringLiteral("pelab"));
    QApplication::setApplicationDisplayName(QStringLiteral("PE Lab"));
    QApplication::setApplicationVersion(QStringLiteral(PELAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.pelab.PELab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/pelab.svg")));

    MainWindow window;
    // Automated runs (docs, checks) get the default layout and leave the user's settings be.
    const bool automated = !command.screenshot.isEmpty() || command.quitWhenDone;
    if (automated) {
        window.setSaveSettingsOnClose(false);
        window.comparison()->sessions()->setAutosaveEnabled(false);
    } else
        window.restoreSettings();
    if (!command.configFile.isEmpty())
        window.setConfig(command.config);
    else if (const Preset *preset = findPreset(command.preset))
        window.setConfig(preset->config);
    window.show();
    // An unclean exit last time (a crash, a kill) left its autosaved session: offer it back.
    if (!automated)
        QTimer::singleShot(0, &window,
                           [&window] { window.comparison()->sessions()->offerRecovery(); });

    automate(command, window);
    return app.exec();
}

} // namespace pelab
