// SPDX-License-Identifier: MIT
#include "Trainer.h"

#include <atomic>

#include "TrainerWorker.h"

#include <QPointer>
#include <QThread>

namespace pelab {

QString trainerStateName(TrainerState state)
{
    switch (state) {
    case TrainerState::Idle:
        return QStringLiteral("Ready");
    case TrainerState::Running:
        return QStringLiteral("Running");
    case TrainerState::Paused:
        return QStringLiteral("Paused");
    case TrainerState::Finished:
        return QStringLiteral("Finished");
    case TrainerState::Stopped:
        return QStringLiteral("Stopped");
    case TrainerState::Failed:
        return QStringLiteral("Failed");
    }
    return {};
}

Trainer::Trainer(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<pelab::RunStart>();
    qRegisterMetaType<pelab::TrainingProgress>();
    qRegisterMetaType<pelab::TrainerState>();
}

Trainer::~Trainer()
{
    retireCurrentRun();
    // Destroying a Trainer joins every thread it started: each was told to stop, and ends
    // within one step (or once a dataset being allocated is there).
    for (const QPointer<QThread> &thread : std::as_const(m_retired)) {
        if (thread) {
            thread->wait();
            delete thread.data();
        }
    }
}

bool Trainer::start(const TrainingConfig &config, bool paused, QStringList *errors)
{
    auto issues = config.validate();
    // A config loads anywhere; whether it fits is a fact of this machine, checked here.
    if (issues.empty())
        if (auto memory = config.memoryIssue())
            issues.push_back(*memory);
    if (!issues.empty()) {
        if (errors)
            for (const ConfigIssue &issue : issues)
                *errors << issue.message();
        return false;
    }
    retireCurrentRun();
    m_config = config;
    m_control = std::make_shared<RunControl>();
    m_control->setPace(m_pace);
    if (paused)
        m_control->pause();
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("pelab-trainer"));
    static std::atomic<quint64> runCounter{0};
    m_runId = ++runCounter; // unique in the process, so runs of several trainers never mix
    m_worker = new TrainerWorker(config, m_control, m_runId, m_gate);
    m_worker->moveToThread(m_thread);
    connectWorker(m_worker, m_runId);
    connect(m_thread, &QThread::started, m_worker, &TrainerWorker::run);
    setState(paused ? TrainerState::Paused : TrainerState::Running);
    m_thread->start();
    return true;
}

void Trainer::connectWorker(TrainerWorker *worker, quint64 runId)
{
    // Signals of a run that was replaced may still be queued: drop them.
    const auto current = [this, runId] { return runId == m_runId; };
    connect(worker, &TrainerWorker::started, this, [this, current](const RunStart &start) {
        if (current())
            emit started(start);
    });
    connect(worker, &TrainerWorker::progress, this, [this, current](const TrainingProgress &p) {
        if (current())
            emit progress(p);
    });
    connect(worker, &TrainerWorker::epochFinished, this,
            [this, current](qint64 epoch, double last, double mean) {
                if (current())
                    emit epochFinished(epoch, last, mean);
            });
    connect(worker, &TrainerWorker::finished, this, [this, current] {
        if (!current())
            return;
        setState(TrainerState::Finished);
        emit finished();
    });
    connect(worker, &TrainerWorker::stopped, this, [this, current] {
        if (!current())
            return;
        setState(TrainerState::Stopped);
        emit stopped();
    });
    connect(worker, &TrainerWorker::failed, this, [this, current](const QString &message) {
        if (!current())
            return;
        setState(TrainerState::Failed);
        emit failed(message);
    });
}

void Trainer::pause()
{
    if (m_state != TrainerState::Running)
        return;
    m_control->pause();
    setState(TrainerState::Paused);
}

void Trainer::resume()
{
    if (m_state != TrainerState::Paused)
        return;
    m_control->resume();
    setState(TrainerState::Running);
}

void Trainer::step()
{
    if (!isActive()) {
        start(m_config, true);
    }
    if (!isActive())
        return;
    m_control->requestStep();
    setState(TrainerState::Paused);
}

void Trainer::stop()
{
    if (!isActive())
        return;
    m_control->stop();
}

void Trainer::setLearningRate(double learningRate)
{
    m_config.learningRate = learningRate;
    if (m_control)
        m_control->setLearningRate(learningRate);
}

void Trainer::setPace(double stepsPerSecond)
{
    m_pace = stepsPerSecond;
    if (m_control)
        m_control->setPace(stepsPerSecond);
}

void Trainer::setState(TrainerState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void Trainer::retireCurrentRun()
{
    if (!m_thread)
        return;
    // Never wait here: this is the UI thread, and a run may be inside a long step or a large
    // allocation. The old run's signals are ignored from now on (its runId is stale), and its
    // objects delete themselves when its thread ends.
    m_control->stop();
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->quit();
    m_retired.removeAll(nullptr);
    m_retired << m_thread;
    m_worker = nullptr;
    m_thread = nullptr;
}

} // namespace pelab
