// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingProgress.h"

#include <QObject>

class QAction;

namespace pelab {

// The run's actions (Start, Pause/Resume, Step, Stop, Reset) with their shortcuts, for the
// Run menu and the toolbar. Their enabled states and texts are derived in one place from the
// trainer's state, whether the config is valid and whether a run is on show.
class RunControls : public QObject {
    Q_OBJECT
public:
    explicit RunControls(QObject *parent = nullptr);

    QAction *startAction() const { return m_start; }
    QAction *pauseAction() const { return m_pause; } // Pause or Resume, by state
    QAction *stepAction() const { return m_step; }
    QAction *stopAction() const { return m_stop; }
    QAction *resetAction() const { return m_reset; }
    QList<QAction *> actions() const { return {m_start, m_pause, m_step, m_stop, m_reset}; }

    TrainerState state() const { return m_state; }
    void setState(TrainerState state);
    void setConfigValid(bool valid);
    void setRunShown(bool shown); // a run's results are in the views (Reset clears them)

signals:
    void startRequested();
    void pauseRequested();
    void resumeRequested();
    void stepRequested();
    void stopRequested();
    void resetRequested();

private:
    void update();

    QAction *m_start;
    QAction *m_pause;
    QAction *m_step;
    QAction *m_stop;
    QAction *m_reset;
    TrainerState m_state = TrainerState::Idle;
    bool m_configValid = true;
    bool m_runShown = false;
};

} // namespace pelab
