// SPDX-License-Identifier: MIT
#include "ComparisonWorkspace.h"

#include "ComparisonView.h"
#include "FileDialogs.h"
#include "LossGrowth.h"
#include "MessageBanner.h"
#include "RunRecorder.h"
#include "RunsPanel.h"
#include "SessionController.h"
#include "VariantsDialog.h"
#include "export/ComparisonFolder.h"
#include "run/RunSet.h"
#include "run/Variants.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>

namespace pelab {

ComparisonWorkspace::ComparisonWorkspace(QMainWindow *window, std::shared_ptr<StepGate> gate,
                                         Hooks hooks)
    : QObject(window)
    , m_window(window)
    , m_hooks(std::move(hooks))
    , m_runs(new RunSet(std::move(gate), this))
    , m_panel(new RunsPanel(m_runs))
    , m_view(new ComparisonView(m_runs))
    , m_runsDock(new QDockWidget(tr("Runs"), window))
    , m_compareDock(new QDockWidget(tr("Compare"), window))
    , m_variants(new QAction(tr("Run &variants\u2026"), this))
    , m_race(new QAction(tr("Race &encodings"), this))
    , m_keep(new QAction(tr("&Keep this run to compare"), this))
    , m_export(new QAction(tr("Export &comparison\u2026"), this))
{
    m_runsDock->setObjectName(QStringLiteral("runsDock"));
    m_runsDock->setWidget(m_panel);
    window->addDockWidget(Qt::RightDockWidgetArea, m_runsDock);
    m_compareDock->setObjectName(QStringLiteral("compareDock"));
    m_compareDock->setWidget(m_view);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_compareDock);
    m_runsDock->hide();
    m_compareDock->hide();

    m_variants->setObjectName(QStringLiteral("runVariantsAction"));
    m_variants->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_variants->setStatusTip(tr("Train the current settings with one field varied (all five "
                                "encodings, seeds 0..4...), side by side"));
    m_race->setObjectName(QStringLiteral("raceEncodingsAction"));
    m_race->setToolTip(tr("Train the current settings with each of the five positional "
                          "encodings side by side, and watch them diverge"));
    m_race->setStatusTip(m_race->toolTip());
    m_keep->setObjectName(QStringLiteral("keepRunAction"));
    m_keep->setStatusTip(tr("Add the run shown in the window to the comparison"));
    m_export->setObjectName(QStringLiteral("exportComparisonAction"));
    m_export->setStatusTip(tr("Write each shown run's files and the comparison's CSVs and "
                              "charts into a folder"));
    connect(m_variants, &QAction::triggered, this, &ComparisonWorkspace::openVariantsDialog);
    connect(m_keep, &QAction::triggered, this, &ComparisonWorkspace::keepCurrentRun);
    connect(m_race, &QAction::triggered, this, [this] {
        QString error;
        const auto encodings =
            parseVariation(QStringLiteral("encoding=learned,sinusoidal,none,rope,alibi"), &error);
        QStringList errors;
        const auto configs = variantConfigs(m_hooks.currentSettings(), *encodings, &errors);
        if (!errors.isEmpty()) {
            if (m_hooks.banner)
                m_hooks.banner->showMessage(MessageBanner::Kind::Error,
                                            tr("Cannot race the encodings"),
                                            errors.join(QLatin1Char('\n')));
            return;
        }
        startRuns(configs);
    });
    connect(m_export, &QAction::triggered, this, [this] {
        const QString folder = FileDialogs::instance()->getExistingDirectory(
            m_window, tr("Export the comparison into a folder"));
        if (!folder.isEmpty())
            exportComparison(folder);
    });
    connect(m_panel, &RunsPanel::variantsRequested, this, &ComparisonWorkspace::openVariantsDialog);
    connect(m_panel, &RunsPanel::addSettingsRequested, this,
            [this] { startRuns({m_hooks.currentSettings()}); });
    connect(m_panel, &RunsPanel::loadSettingsRequested, this,
            [this](const TrainingConfig &config) { m_hooks.loadSettings(config); });
    m_sessions = new SessionController(window, m_runs, m_hooks);
    connect(m_runs, &RunSet::runsChanged, this, [this] {
        if (m_runs->count() > 0)
            showDocks(); // an opened session's runs, too
    });
    connect(m_runs, &RunSet::runsChanged, this, &ComparisonWorkspace::updateActions);
    if (m_hooks.currentRun)
        connect(m_hooks.currentRun, &RunRecorder::changed, this,
                &ComparisonWorkspace::updateActions);
    updateActions();
}

void ComparisonWorkspace::addToMenus(QMenu *file, QMenu *run, QMenu *view) const
{
    file->addAction(m_sessions->openAction());
    file->addAction(m_sessions->saveAction());
    file->addAction(m_export);
    run->addSeparator();
    run->addAction(m_race);
    run->addAction(m_variants);
    run->addAction(m_keep);
    view->addAction(m_runsDock->toggleViewAction());
    view->addAction(m_compareDock->toggleViewAction());
}

void ComparisonWorkspace::updateActions()
{
    const RunRecorder *current = m_hooks.currentRun;
    m_keep->setEnabled(current && current->hasData() && current->state() != TrainerState::Running &&
                       current->state() != TrainerState::Paused);
    m_export->setEnabled(m_runs->count() > 0);
}

void ComparisonWorkspace::openVariantsDialog()
{
    VariantsDialog dialog(m_hooks.currentSettings(), m_window);
    if (dialog.exec() == QDialog::Accepted)
        startRuns(dialog.configs());
}

bool ComparisonWorkspace::startRuns(const std::vector<TrainingConfig> &configs)
{
    QStringList errors;
    if (!m_runs->startRuns(configs, &errors)) {
        if (m_hooks.banner)
            m_hooks.banner->showMessage(MessageBanner::Kind::Error, tr("Cannot start the runs"),
                                        errors.join(QLatin1Char('\n')));
        return false;
    }
    showDocks();
    return true;
}

void ComparisonWorkspace::keepCurrentRun()
{
    const RunRecorder *current = m_hooks.currentRun;
    if (!current || !current->hasData())
        return;
    m_runs->addRecord(current->record(), current->state());
    showDocks();
}

bool ComparisonWorkspace::exportComparison(const QString &folder)
{
    const ComparisonData data = m_runs->comparison();
    QString error;
    if (data.runs.empty()) {
        error = tr("No run is shown: tick the runs to export in the Runs list.");
    } else {
        QStringList folders, states;
        for (const quint64 id : m_runs->ids())
            if (m_runs->isVisible(id)) {
                folders << runFolderName(m_runs->name(id));
                // As `pelab train --vary` writes it: a run that finished but blew up says so.
                const RunRecord &record = m_runs->record(id);
                const bool blewUp = m_runs->state(id) == TrainerState::Finished &&
                                    blowUp(record.losses, record.optimizerOverflow);
                states << (blewUp ? QStringLiteral("blew up")
                                  : trainerStateName(m_runs->state(id)).toLower());
            }
        error = checkComparisonFolder(folder, folders);
        if (error.isEmpty())
            error = writeComparisonFolder(folder, data, states, {FigureFormat::Png});
    }
    if (m_hooks.banner) {
        if (error.isEmpty())
            m_hooks.banner->showMessage(
                MessageBanner::Kind::Info, tr("Comparison exported"),
                tr("%n run(s) and the comparison written to %1", nullptr, int(data.runs.size()))
                    .arg(folder));
        else
            m_hooks.banner->showMessage(MessageBanner::Kind::Error,
                                        tr("Cannot export the comparison"), error);
    }
    return error.isEmpty();
}

void ComparisonWorkspace::showDocks()
{
    if (!m_runsDock->isVisible()) {
        m_runsDock->show();
        m_runsDock->raise();
    }
    if (!m_compareDock->isVisible()) {
        m_compareDock->show();
        m_compareDock->raise();
    }
}

} // namespace pelab
