// SPDX-License-Identifier: MIT
#include "TrainerWorker.h"

#include "TrainingSession.h"
#include "run/StepGate.h"
#include "training/TrainingLoop.h"

#include <malloc.h>

#include <cmath>
#include <exception>

namespace pelab {

TrainerWorker::TrainerWorker(const TrainingConfig &config, std::shared_ptr<RunControl> control,
                             quint64 runId, std::shared_ptr<StepGate> gate)
    : m_config(config)
    , m_control(std::move(control))
    , m_runId(runId)
    , m_gate(std::move(gate))
{}

TrainerWorker::~TrainerWorker() = default;

void TrainerWorker::run()
{
    try {
        setTorchThreads(int(m_config.threads));
        StepTurns turns(m_gate.get());
        turns.beforeStep(); // drawing the data and the first probe is work too
        m_loop = std::make_unique<TrainingLoop>(m_config, m_runId);
        RunStart start = m_loop->start();
        turns.end();
        emit started(start);
        trainUntilDone(turns);
    } catch (const std::exception &error) {
        emit failed(QStringLiteral("Training stopped with an internal error: %1")
                        .arg(QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    m_loop.reset();
    // Give the run's memory back to the system (glibc keeps it in this thread's arena), so
    // runs one after another, as a comparison's queue starts them, do not add up.
    malloc_trim(0);
}

void TrainerWorker::trainUntilDone(StepTurns &turns)
{
    m_sinceSnapshot.start();
    m_pending.totalSteps = m_config.totalSteps();
    m_pending.learningRate = m_config.learningRate;
    while (!m_loop->isFinished()) {
        bool held = false;
        // A paused or paced run waits without its slot: other runs use the cores meanwhile.
        if (m_control->isPaced())
            turns.end();
        const auto go = m_control->waitForNextStep([&] {
            turns.end();
            flush(true);
            held = true;
        });
        if (go == RunControl::Go::Stop) {
            // Without waiting for a slot, so Stop answers at once.
            m_loop->finish(m_pending);
            flush(false);
            emit stopped();
            return;
        }
        turns.beforeStep();
        if (held)
            m_sinceSnapshot.restart(); // time spent paused is not training time
        if (const auto lr = m_control->takeLearningRate(); lr && *lr != m_pending.learningRate) {
            // Recorded with the step that first uses it, so an export replays it exactly.
            m_loop->setLearningRate(*lr);
            m_pending.learningRate = *lr;
            m_pending.learningRateChanges.push_back({m_pending.step + 1, *lr});
        }
        const std::size_t epochsBefore = m_pending.epochs.size();
        const bool finite = m_loop->step(m_pending);
        turns.afterStep();
        if (!finite) {
            turns.beforeStep();
            m_loop->finish(m_pending);
            flush(false);
            emit failed(m_loop->failure());
            return;
        }
        if (m_pending.epochs.size() > epochsBefore) {
            const EpochSummary &epoch = m_pending.epochs.back();
            emit epochFinished(epoch.epoch, epoch.lastLoss, epoch.meanLoss);
        }
        if (m_sinceSnapshot.elapsed() >= snapshotIntervalMs)
            flush(false);
    }
    turns.beforeStep();
    m_loop->finish(m_pending);
    turns.end();
    flush(false);
    emit finished();
}

void TrainerWorker::flush(bool paused)
{
    const qint64 elapsedNs = m_sinceSnapshot.nsecsElapsed();
    const std::int64_t steps = m_pending.step - m_stepsAtSnapshot;
    if (steps > 0 && elapsedNs > 5'000'000) {
        const double rate = double(steps) * 1e9 / double(elapsedNs);
        // Smoothed over about a second of snapshots, so the readout is steady.
        m_stepsPerSecond = m_stepsPerSecond == 0 ? rate : 0.8 * m_stepsPerSecond + 0.2 * rate;
    }
    m_pending.stepsPerSecond = m_stepsPerSecond;
    m_pending.paused = paused;
    if (m_pending.stateDict.empty()) {
        m_pending.embedding = m_loop->embedding();
        m_pending.head = m_loop->linearHead();
    }
    emit progress(m_pending);
    // Start the next snapshot empty, but still saying where the run is.
    TrainingProgress next;
    next.epoch = m_pending.epoch;
    next.stepInEpoch = m_pending.stepInEpoch;
    next.step = m_pending.step;
    next.totalSteps = m_pending.totalSteps;
    next.learningRate = m_pending.learningRate;
    next.secondsPerStep = m_pending.secondsPerStep;
    m_pending = std::move(next);
    const std::int64_t step = m_pending.step;
    m_stepsAtSnapshot = step;
    m_sinceSnapshot.restart();
}

} // namespace pelab
