// SPDX-License-Identifier: MIT
#pragma once

#include "FigureExportDialog.h"
#include "figures/FigureData.h"
#include "figures/FigureKind.h"

#include <QHash>
#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QStatusBar;
class QWidget;

namespace pelab {

class MessageBanner;
class RunRecorder;
class FigureView;
class LossChartView;
class Trainer;

// The window's export: the actions (File menu and right-click on each plot), the dialogs
// that choose where, and the messages that say what happened. The run itself comes from a
// RunRecorder on the trainer; the files from core (runFiles, the figure renderer), written
// all or nothing. When config.json and reproduce.py cannot replay the run exactly (it
// stopped early, or its learning rate changed mid-run), the export says so, in its message
// and in NOTES.txt next to the files.
class ExportController : public QObject {
    Q_OBJECT
public:
    ExportController(Trainer *trainer, QWidget *window);
    ~ExportController() override;

    RunRecorder *recorder() const { return m_recorder; }
    QAction *figureAction(FigureKind kind) const { return m_figureActions.value(int(kind)); }
    QAction *exportAllAction() const { return m_exportAll; }
    QAction *exportScriptAction() const { return m_exportScript; }

    // Adds "Export All...", "Export as PyTorch Script..." and an "Export Figure" submenu.
    void addToMenu(QMenu *menu);
    // Right-click on `view` offers "Export <figure>..." (and Export All). A FigureView (or a
    // view wrapping one) is also what that figure's export draws like: its data and colour
    // settings, its size (PNG pixels = 2 x the view, the dialog's first suggestion) and its
    // magnification (presentation mode). The loss chart's smoothing, log scale, steps in view
    // and learning-rate marks go into its export too.
    void attachContextMenu(QWidget *view, FigureKind kind);
    // Failures go to the banner; successes to the status bar, and to the banner as well
    // when they come with a note about reproducing the run.
    void showMessagesIn(MessageBanner *banner, QStatusBar *statusBar);

    // The actions' work once a folder is chosen; true on success, else failed() was emitted
    // (or the user, asked about files already there, cancelled). Files of an earlier export
    // are never replaced unasked: the question names them and offers a new folder.
    bool exportAll(const QString &folder);
    bool exportScript(const QString &folder);
    // Writes one figure; on failure returns false with the path and reason in `error` (empty
    // when the file exists and the user chose to keep it).
    bool exportFigure(FigureKind kind, const FigureExportChoice &choice, QString *error);

signals:
    // `note` is empty unless the exported config or script do not replay the run exactly.
    void exported(const QString &message, const QString &note);
    void failed(const QString &message);

private:
    QAction *makeAction(const QString &text, const char *objectName);
    void updateActions();
    void chooseFolderForAll();
    void chooseFolderForScript();
    void openFigureDialog(FigureKind kind);
    bool writeSet(QString folder, std::vector<std::pair<QString, QByteArray>> files,
                  const QString &what, bool withRunData);
    // A folder inside `parent` named after the time, not there yet: run-20261202-141503.
    static QString newRunFolder(const QString &parent);
    // The record's figure data with the views' settings: what every export draws.
    FigureData exportData() const;

    QWidget *m_window;
    RunRecorder *m_recorder;
    QAction *m_exportAll;
    QAction *m_exportScript;
    QHash<int, QAction *> m_figureActions;
    QString m_lastFolder;
    FigureFormat m_lastFormat = FigureFormat::Png;
    QHash<int, QSize> m_lastPixels;
    QHash<int, FigureView *> m_views;
    const LossChartView *m_lossChart = nullptr;
};

} // namespace pelab
