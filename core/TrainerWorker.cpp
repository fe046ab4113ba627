// SPDX-License-Identifier: MIT
#include "TrainerWorker.h"

#include "TrainingSession.h"

#include <cmath>
#include <exception>

namespace pelab {

TrainerWorker::TrainerWorker(const TrainingConfig &config, std::shared_ptr<RunControl> control)
    : m_config(config)
    , m_control(std::move(control))
{}

TrainerWorker::~TrainerWorker() = default;

void TrainerWorker::run()
{
    try {
        setTorchThreads(int(m_config.threads));
        m_session = std::make_unique<TrainingSession>(m_config);
        RunStart start;
        start.config = m_config;
        start.initialEmbedding = m_session->initialEmbedding();
        start.targetSignal = m_session->targetSignal();
        start.totalSteps = m_config.totalSteps();
        start.stepsPerEpoch = m_config.stepsPerEpoch();
        emit started(start);
        trainUntilDone();
    } catch (const std::exception &error) {
        emit failed(QStringLiteral("Training stopped with an internal error: %1")
                        .arg(QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    m_session.reset();
}

void TrainerWorker::trainUntilDone()
{
    m_sinceSnapshot.start();
    m_pending.totalSteps = m_config.totalSteps();
    m_pending.learningRate = m_config.learningRate;
    while (!m_session->isFinished()) {
        bool held = false;
        const auto go = m_control->waitForNextStep([&] {
            flush(true);
            held = true;
        });
        if (go == RunControl::Go::Stop) {
            flush(false);
            emit stopped();
            return;
        }
        if (held)
            m_sinceSnapshot.restart(); // time spent paused is not training time
        if (const auto lr = m_control->takeLearningRate()) {
            m_session->setLearningRate(*lr);
            m_pending.learningRate = *lr;
        }
        const StepResult result = m_session->step();
        m_pending.losses.push_back({result.epoch, result.globalStep, result.loss});
        m_pending.epoch = result.epoch;
        m_pending.stepInEpoch = result.stepInEpoch;
        m_pending.step = result.globalStep;
        if (!std::isfinite(result.loss)) {
            flush(false);
            emit failed(divergenceMessage(result, m_pending.learningRate));
            return;
        }
        m_epochLossSum += result.loss;
        if (result.epochEnded) {
            const double mean = m_epochLossSum / double(result.stepInEpoch);
            m_epochLossSum = 0;
            m_pending.epochs.push_back({result.epoch, result.loss, mean});
            emit epochFinished(result.epoch, result.loss, mean);
        }
        if (m_sinceSnapshot.elapsed() >= snapshotIntervalMs)
            flush(false);
    }
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
    m_pending.embedding = m_session->embedding();
    emit progress(m_pending);
    m_pending.losses.clear();
    m_pending.epochs.clear();
    m_stepsAtSnapshot = m_pending.step;
    m_sinceSnapshot.restart();
}

} // namespace pelab
