// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingProgress.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class QThread;

namespace pelab {

class RunControl;
class StepGate;
class TrainerWorker;

// Runs training off the UI thread: each run is a TrainerWorker on a QThread of its own.
// Controls take effect between steps, within milliseconds; destroying a running Trainer
// stops and joins its thread. Signals arrive on the Trainer's thread.
class Trainer : public QObject {
    Q_OBJECT
public:
    explicit Trainer(QObject *parent = nullptr);
    ~Trainer() override;

    TrainerState state() const { return m_state; }
    bool isActive() const
    {
        return m_state == TrainerState::Running || m_state == TrainerState::Paused;
    }
    const TrainingConfig &config() const { return m_config; }

    // Starts a new run (ending any current one). Returns false, with the problems in
    // `errors`, when the config is invalid. A run started paused waits for step()/resume().
    bool start(const TrainingConfig &config, bool paused = false, QStringList *errors = nullptr);
    void pause();
    void resume();
    void step(); // one batch, then hold; starts a paused run from `config` when idle
    void stop();
    // Applies from the next step of the current run.
    void setLearningRate(double learningRate);
    // Slows training to at most this many steps a second (0: full speed), for this run and
    // the next ones, so a small model's learning can be watched.
    void setPace(double stepsPerSecond);
    double pace() const { return m_pace; }
    // Runs started from now on take turns on this gate's slots with other trainers' runs
    // (null: no gate).
    void setStepGate(std::shared_ptr<StepGate> gate) { m_gate = std::move(gate); }

signals:
    void started(const pelab::RunStart &start);
    void progress(const pelab::TrainingProgress &progress);
    void epochFinished(qint64 epoch, double lastLoss, double meanLoss);
    void finished();
    void stopped();
    void failed(const QString &message);
    void stateChanged(pelab::TrainerState state);

private:
    void setState(TrainerState state);
    void retireCurrentRun();
    void connectWorker(TrainerWorker *worker, quint64 runId);

    TrainingConfig m_config;
    TrainerState m_state = TrainerState::Idle;
    std::shared_ptr<RunControl> m_control;
    QThread *m_thread = nullptr;
    TrainerWorker *m_worker = nullptr;
    QList<QPointer<QThread>> m_retired; // earlier runs' threads, possibly still ending
    quint64 m_runId = 0;
    double m_pace = 0;
    std::shared_ptr<StepGate> m_gate;
};

} // namespace pelab
