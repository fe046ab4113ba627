// SPDX-License-Identifier: MIT
#include "SessionController.h"

#include "FileDialogs.h"
#include "MessageBanner.h"
#include "RunRecorder.h"
#include "run/RunSet.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTimer>
#include <QWidget>

namespace pelab {

SessionController::SessionController(QWidget *window, RunSet *runs,
                                     ComparisonWorkspace::Hooks hooks)
    : QObject(window)
    , m_window(window)
    , m_runs(runs)
    , m_hooks(std::move(hooks))
    , m_save(new QAction(tr("Save &session\u2026"), this))
    , m_open(new QAction(tr("&Open session\u2026"), this))
    , m_autosave(new QTimer(this))
{
    m_save->setObjectName(QStringLiteral("saveSessionAction"));
    m_open->setObjectName(QStringLiteral("openSessionAction"));
    m_save->setStatusTip(tr("Save the settings and every run, with its history, in one file"));
    m_open->setStatusTip(tr("Add a saved session's runs to the comparison"));
    const QString filter = tr("PE Lab session (*.pelabsession)");
    connect(m_save, &QAction::triggered, this, [this, filter] {
        const QString path = FileDialogs::instance()->getSaveFileName(
            m_window, tr("Save session"), QStringLiteral("session.pelabsession"), filter);
        if (!path.isEmpty())
            saveSession(path);
    });
    connect(m_open, &QAction::triggered, this, [this, filter] {
        const QString path = FileDialogs::instance()->getOpenFileName(m_window, tr("Open session"),
                                                                      QString(), filter);
        if (!path.isEmpty())
            openSession(path);
    });

    if (QFileInfo::exists(autosavePath()))
        m_recoverable = autosavePath();
    bool ok = false;
    const int interval = qEnvironmentVariableIntValue("PELAB_AUTOSAVE_MS", &ok);
    m_autosave->setInterval(ok && interval > 0 ? interval : 5000);
    connect(m_autosave, &QTimer::timeout, this, [this] {
        if (m_changed)
            autosaveNow();
    });
    connect(runs, &RunSet::runsChanged, this, &SessionController::markChanged);
    connect(runs, &RunSet::runChanged, this, &SessionController::markChanged);
    if (m_hooks.currentRun)
        connect(m_hooks.currentRun, &RunRecorder::changed, this, &SessionController::markChanged);
}

QString SessionController::autosavePath()
{
    if (const QString path = qEnvironmentVariable("PELAB_AUTOSAVE_FILE"); !path.isEmpty())
        return path;
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/autosave.pelabsession");
}

void SessionController::setAutosaveInterval(int milliseconds)
{
    m_autosave->setInterval(milliseconds);
}

void SessionController::setAutosaveEnabled(bool enabled)
{
    m_autosaveEnabled = enabled;
    if (!enabled)
        m_autosave->stop();
}

void SessionController::markChanged()
{
    m_changed = true;
    if (!m_autosaveEnabled)
        return;
    // Not while an unclean exit's file waits to be restored: it would be overwritten.
    if (!m_autosave->isActive() && m_recoverable.isEmpty())
        m_autosave->start();
}

Session SessionController::currentSession() const
{
    Session session;
    session.settings = m_hooks.currentSettings();
    session.runs = m_runs->sessionRuns();
    if (const RunRecorder *own = m_hooks.currentRun; own && own->hasData()) {
        const bool going =
            own->state() == TrainerState::Running || own->state() == TrainerState::Paused;
        session.runs.push_back({tr("the window's run"), QColor(), true,
                                going ? TrainerState::Stopped : own->state(), own->record()});
    }
    return session;
}

bool SessionController::saveSession(const QString &path)
{
    const QString error = saveSessionFile(path, currentSession());
    if (m_hooks.banner) {
        if (error.isEmpty())
            m_hooks.banner->showMessage(MessageBanner::Kind::Info, tr("Session saved"),
                                        tr("Saved to %1").arg(QDir::toNativeSeparators(path)));
        else
            m_hooks.banner->showMessage(MessageBanner::Kind::Error, tr("Cannot save the session"),
                                        error);
    }
    return error.isEmpty();
}

bool SessionController::openSession(const QString &path)
{
    QString error;
    const std::optional<Session> session = loadSessionFile(path, &error);
    if (!session) {
        if (m_hooks.banner)
            m_hooks.banner->showMessage(MessageBanner::Kind::Error, tr("Cannot open the session"),
                                        error);
        return false;
    }
    m_hooks.loadSettings(session->settings);
    m_runs->addSessionRuns(session->runs);
    return true;
}

void SessionController::autosaveNow()
{
    if (!m_recoverable.isEmpty())
        return;
    const QString path = autosavePath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (saveSessionFile(path, currentSession()).isEmpty())
        m_changed = false;
}

bool SessionController::restoreRecoverable()
{
    if (m_recoverable.isEmpty())
        return false;
    const QString path = std::exchange(m_recoverable, QString());
    return openSession(path);
}

void SessionController::declineRecoverable()
{
    if (m_recoverable.isEmpty())
        return;
    const QString kept =
        QFileInfo(m_recoverable).absolutePath() + QStringLiteral("/previous-session.pelabsession");
    QFile::remove(kept);
    QFile::rename(std::exchange(m_recoverable, QString()), kept);
}

void SessionController::offerRecovery()
{
    if (m_recoverable.isEmpty())
        return;
    const QDateTime saved = QFileInfo(m_recoverable).lastModified();
    const auto answer = QMessageBox::question(
        m_window, tr("Restore the last session?"),
        tr("PE Lab did not close normally last time. Its runs were saved at %1. Restore "
           "them?\n\nIf not, the file is kept as previous-session.pelabsession beside it.")
            .arg(QLocale().toString(saved, QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer == QMessageBox::Yes)
        restoreRecoverable();
    else
        declineRecoverable();
}

void SessionController::discardAutosave()
{
    m_autosave->stop();
    if (m_recoverable.isEmpty())
        QFile::remove(autosavePath());
}

} // namespace pelab
