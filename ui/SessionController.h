// SPDX-License-Identifier: MIT
#pragma once

#include "ComparisonWorkspace.h"
#include "run/SessionFile.h"

#include <QObject>

class QAction;
class QTimer;
class QWidget;

namespace pelab {

class RunSet;

// Sessions in the window: File > Save session and Open session (the panel's settings and
// every run of the comparison, with the window's own run, in one file), and crash recovery:
// while anything changes the session is autosaved (atomically, at most every few seconds) to
// autosavePath(); a clean exit removes it, so finding it at start means the last session
// ended without closing, and the window offers to restore it.
class SessionController : public QObject {
    Q_OBJECT
public:
    SessionController(QWidget *window, RunSet *runs, ComparisonWorkspace::Hooks hooks);

    QAction *saveAction() const { return m_save; }
    QAction *openAction() const { return m_open; }

    Session currentSession() const;
    // Problems go to the banner; true on success. Opening adds the file's runs to the
    // comparison (nothing here is lost) and puts its settings in the panel.
    bool saveSession(const QString &path);
    bool openSession(const QString &path);

    // $PELAB_AUTOSAVE_FILE, else autosave.pelabsession in the application's data folder.
    static QString autosavePath();
    void setAutosaveInterval(int milliseconds);
    // Automated windows (--screenshot, --quit-when-done) save nothing to recover.
    void setAutosaveEnabled(bool enabled);
    void autosaveNow();
    // The file an unclean exit left, if any (checked when the window opens).
    bool hasRecoverableSession() const { return !m_recoverable.isEmpty(); }
    // Restores it; declined, it is kept as previous-session.pelabsession, not offered again.
    bool restoreRecoverable();
    void declineRecoverable();
    // Asks (a dialog) whether to restore, when there is something to restore.
    void offerRecovery();
    // A clean exit: the autosave goes.
    void discardAutosave();

private:
    void markChanged();

    QWidget *m_window;
    RunSet *m_runs;
    ComparisonWorkspace::Hooks m_hooks;
    QAction *m_save;
    QAction *m_open;
    QTimer *m_autosave;
    QString m_recoverable;
    bool m_changed = false;
    bool m_autosaveEnabled = true;
};

} // namespace pelab
