// SPDX-License-Identifier: MIT
#pragma once

#include "RunControl.h"
#include "TrainingProgress.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace pelab {

class StepGate;
class StepTurns;
class TrainingLoop;

// Runs one training run on the thread it lives on. run() loops until the run ends; the UI
// thread steers it only through the shared RunControl, polled between steps.
class TrainerWorker : public QObject {
    Q_OBJECT
public:
    // With a gate, the run's work takes turns on its slots with other runs (StepGate.h).
    TrainerWorker(const TrainingConfig &config, std::shared_ptr<RunControl> control,
                  quint64 runId = 0, std::shared_ptr<StepGate> gate = nullptr);
    ~TrainerWorker() override;

    // Milliseconds between snapshots: about 30 a second.
    static constexpr qint64 snapshotIntervalMs = 33;

public slots:
    void run();

signals:
    void started(const pelab::RunStart &start);
    void progress(const pelab::TrainingProgress &progress);
    void epochFinished(qint64 epoch, double lastLoss, double meanLoss);
    void finished();
    void stopped();
    void failed(const QString &message);

private:
    void trainUntilDone(StepTurns &turns);
    void flush(bool paused);

    TrainingConfig m_config;
    std::shared_ptr<RunControl> m_control;
    quint64 m_runId;
    std::shared_ptr<StepGate> m_gate;
    std::unique_ptr<TrainingLoop> m_loop;
    TrainingProgress m_pending;
    QElapsedTimer m_sinceSnapshot;
    std::int64_t m_stepsAtSnapshot = 0;
    double m_stepsPerSecond = 0;
};

} // namespace pelab
