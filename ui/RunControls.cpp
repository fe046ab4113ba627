// SPDX-License-Identifier: MIT
#include "RunControls.h"

#include <QAction>
#include <QApplication>
#include <QStyle>

namespace pelab {

namespace {

QAction *makeAction(QObject *parent, const char *objectName, const QString &text,
                    const QList<QKeySequence> &shortcuts, QStyle::StandardPixmap icon)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcuts(shortcuts);
    action->setIcon(QApplication::style()->standardIcon(icon));
    return action;
}

} // namespace

RunControls::RunControls(QObject *parent)
    : QObject(parent)
    , m_start(makeAction(this, "startAction", tr("&Start"),
                         {Qt::Key_F5, QKeySequence(Qt::CTRL | Qt::Key_Return)},
                         QStyle::SP_MediaPlay))
    , m_pause(makeAction(this, "pauseAction", tr("&Pause"), {Qt::Key_F6}, QStyle::SP_MediaPause))
    , m_step(
          makeAction(this, "stepAction", tr("S&tep"), {Qt::Key_F10}, QStyle::SP_MediaSkipForward))
    , m_stop(makeAction(this, "stopAction", tr("St&op"), {QKeySequence(Qt::SHIFT | Qt::Key_F5)},
                        QStyle::SP_MediaStop))
    , m_reset(makeAction(this, "resetAction", tr("&Reset"),
                         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
                         QStyle::SP_BrowserReload))
{
    m_step->setStatusTip(tr("Train on one batch, then hold"));
    m_reset->setStatusTip(tr("Stop and clear every view; the settings in the panel stay as they "
                             "are"));
    m_reset->setToolTip(m_reset->statusTip());
    connect(m_start, &QAction::triggered, this, &RunControls::startRequested);
    connect(m_pause, &QAction::triggered, this, [this] {
        if (m_state == TrainerState::Paused)
            emit resumeRequested();
        else
            emit pauseRequested();
    });
    connect(m_step, &QAction::triggered, this, &RunControls::stepRequested);
    connect(m_stop, &QAction::triggered, this, &RunControls::stopRequested);
    connect(m_reset, &QAction::triggered, this, &RunControls::resetRequested);
    update();
}

void RunControls::setState(TrainerState state)
{
    m_state = state;
    update();
}

void RunControls::setConfigValid(bool valid)
{
    m_configValid = valid;
    update();
}

void RunControls::setRunShown(bool shown)
{
    m_runShown = shown;
    update();
}

void RunControls::update()
{
    const bool active = m_state == TrainerState::Running || m_state == TrainerState::Paused;
    const bool paused = m_state == TrainerState::Paused;

    // During a run Start restarts it with the panel's config: how edits that need a restart
    // are applied.
    m_start->setText(active ? tr("Re&start") : tr("&Start"));
    m_start->setEnabled(m_configValid);
    m_start->setToolTip(m_configValid ? (active ? tr("Restart training with the settings in the "
                                                     "panel")
                                                : tr("Start training"))
                                      : tr("Fix the marked setting first"));

    m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
    m_pause->setIcon(
        QApplication::style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    m_pause->setEnabled(active);

    // Stepping holds a running run, or starts a new one held after its first batch.
    m_step->setEnabled(active || m_configValid);
    m_stop->setEnabled(active);
    m_reset->setEnabled(m_runShown || active);
}

} // namespace pelab
