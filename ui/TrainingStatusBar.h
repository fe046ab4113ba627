// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingProgress.h"

#include <QElapsedTimer>
#include <QStatusBar>

class QLabel;
class QProgressBar;
class QTimer;

namespace pelab {

// The bottom line of the window: the run's state, how far it is (epoch and step), how fast
// it trains and when it will be done. A failure shows here too, with what to do about it.
class TrainingStatusBar : public QStatusBar {
    Q_OBJECT
public:
    explicit TrainingStatusBar(QWidget *parent = nullptr);

    void reset(const RunStart &start);
    void clear(); // back to "Ready", nothing to show
    void setState(TrainerState state);
    void setProgress(const TrainingProgress &progress);
    void showFailure(const QString &message);
    // A run going badly but on (a blowing-up loss): the message beside the figures, the state
    // kept.
    void showWarning(const QString &message);

    // "1:05", "2:03:04"
    static QString formatDuration(double seconds);

    static constexpr int refreshIntervalMs = 200;

private:
    void showLastProgress();
    void updateEta();

    QLabel *m_state;
    QProgressBar *m_progress;
    QLabel *m_rate;
    QLabel *m_eta;
    QTimer *m_refresh;
    TrainerState m_trainerState = TrainerState::Idle;
    TrainingProgress m_last;
    std::int64_t m_stepsPerEpoch = 0;
    std::int64_t m_epochs = 0;
    QElapsedTimer m_runTime;
};

} // namespace pelab
