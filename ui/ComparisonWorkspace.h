// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QObject>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace pelab {

class ComparisonView;
class MessageBanner;
class RunRecorder;
class RunSet;
class RunsPanel;
class SessionController;
class StepGate;

// Comparing runs in the window: "Run variants" (the panel's settings with one field varied,
// trained side by side), the runs list, the overlaid charts, keeping the window's own run to
// compare with, and exporting the comparison. Its two docks appear with the first runs.
class ComparisonWorkspace : public QObject {
    Q_OBJECT
public:
    struct Hooks {
        std::function<TrainingConfig()> currentSettings;          // the panel's
        std::function<void(const TrainingConfig &)> loadSettings; // into the panel
        const RunRecorder *currentRun = nullptr;                  // the window's own run
        MessageBanner *banner = nullptr;
    };

    ComparisonWorkspace(QMainWindow *window, std::shared_ptr<StepGate> gate, Hooks hooks);

    RunSet *runs() const { return m_runs; }
    RunsPanel *panel() const { return m_panel; }
    ComparisonView *view() const { return m_view; }
    QDockWidget *runsDock() const { return m_runsDock; }
    QDockWidget *compareDock() const { return m_compareDock; }
    QAction *variantsAction() const { return m_variants; }
    // One click: the panel's settings with each of the five encodings, side by side.
    QAction *raceAction() const { return m_race; }
    QAction *keepAction() const { return m_keep; }
    QAction *exportAction() const { return m_export; }
    SessionController *sessions() const { return m_sessions; }

    // Run menu: Run variants, Keep this run; View menu: the docks; File: sessions and Export
    // comparison.
    void addToMenus(QMenu *file, QMenu *run, QMenu *view) const;

    // Opens "Run variants" on the panel's settings; started runs show in the docks.
    void openVariantsDialog();
    // Starts the runs (the docks come up); problems go to the banner. True when started.
    bool startRuns(const std::vector<TrainingConfig> &configs);
    // Keeps the window's ended run in the comparison.
    void keepCurrentRun();
    // Writes the shown runs' folders and the comparison's CSVs and charts (PNG) into
    // `folder`; problems go to the banner. True on success.
    bool exportComparison(const QString &folder);

private:
    void showDocks();
    void updateActions();

    QMainWindow *m_window;
    Hooks m_hooks;
    RunSet *m_runs;
    RunsPanel *m_panel;
    ComparisonView *m_view;
    QDockWidget *m_runsDock;
    QDockWidget *m_compareDock;
    QAction *m_variants;
    QAction *m_race;
    QAction *m_keep;
    QAction *m_export;
    SessionController *m_sessions;
};

} // namespace pelab
