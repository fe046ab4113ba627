// SPDX-License-Identifier: MIT
#include "RunRecorder.h"

#include "PythonFloat.h"
#include "Trainer.h"

#include <QStringList>

namespace pelab {

RunRecorder::RunRecorder(Trainer *trainer, QObject *parent)
    : QObject(parent)
    , m_trainer(trainer)
{
    connect(trainer, &Trainer::started, this, &RunRecorder::startRun);
    connect(trainer, &Trainer::progress, this, &RunRecorder::addProgress);
    connect(trainer, &Trainer::finished, this, [this] { endRun(TrainerState::Finished); });
    connect(trainer, &Trainer::stopped, this, [this] { endRun(TrainerState::Stopped); });
    connect(trainer, &Trainer::failed, this, [this] { endRun(TrainerState::Failed); });
    // Pause and resume only change how the run is described, not what it holds.
    connect(trainer, &Trainer::stateChanged, this, [this](TrainerState state) {
        if (m_listening && (state == TrainerState::Running || state == TrainerState::Paused))
            m_state = state;
    });
}

std::int64_t RunRecorder::stepsDone() const
{
    return m_record.losses.empty() ? 0 : m_record.losses.back().step;
}

void RunRecorder::clear()
{
    const bool hadData = hasData();
    m_record = {};
    m_state = TrainerState::Idle;
    m_listening = false;
    m_epochsCompleted = 0;
    notify(hadData);
}

void RunRecorder::startRun(const RunStart &start)
{
    const bool hadData = hasData();
    // The config the run started with: the trainer's own config follows later lr changes.
    m_record.begin(start);
    // Running, or Paused for a run started to be stepped through.
    m_state = m_trainer->isActive() ? m_trainer->state() : TrainerState::Running;
    m_listening = true;
    m_epochsCompleted = 0;
    notify(hadData);
}

void RunRecorder::addProgress(const TrainingProgress &progress)
{
    if (!m_listening)
        return;
    const bool hadData = hasData();
    m_record.append(progress);
    for (const EpochSummary &epoch : progress.epochs)
        m_epochsCompleted = std::max(m_epochsCompleted, epoch.epoch);
    notify(hadData);
}

void RunRecorder::endRun(TrainerState state)
{
    if (!m_listening)
        return;
    m_state = state;
    m_listening = false; // the run is over; nothing more belongs to it
    notify(hasData());
}

void RunRecorder::notify(bool hadData)
{
    emit changed();
    if (hadData != hasData())
        emit hasDataChanged(hasData());
}

namespace {

QString epochsText(std::int64_t epochs)
{
    return epochs == 1 ? QStringLiteral("1 epoch") : QStringLiteral("%1 epochs").arg(epochs);
}

QString progressText(const RunRecorder &recorder)
{
    const QString where = QStringLiteral("step %1 of %2 (%3 of %4 done)")
                              .arg(recorder.stepsDone())
                              .arg(recorder.totalSteps())
                              .arg(recorder.epochsCompleted())
                              .arg(epochsText(recorder.record().config.epochs));
    switch (recorder.state()) {
    case TrainerState::Stopped:
        return QStringLiteral("was stopped at %1").arg(where);
    case TrainerState::Failed:
        return QStringLiteral("failed at %1").arg(where);
    case TrainerState::Running:
    case TrainerState::Paused:
        return QStringLiteral("was still going when exported, at %1").arg(where);
    case TrainerState::Idle:
    case TrainerState::Finished:
        break;
    }
    return {};
}

} // namespace

QString reproductionNote(const RunRecorder &recorder)
{
    if (!recorder.hasData())
        return {};
    const TrainingConfig &config = recorder.record().config;
    const auto &changes = recorder.learningRateChanges();
    QString note;
    if (!recorder.isComplete())
        note = QStringLiteral("This run %1. config.json and reproduce.py replay the settings it "
                              "started with, %2 at lr %3")
                   .arg(progressText(recorder), epochsText(config.epochs),
                        formatPythonFloat(config.learningRate)) +
               (changes.empty() ? QString() : QStringLiteral(" and its learning rate changes")) +
               QStringLiteral(": reproduce.py goes on to epoch %1, and up to step %2 its numbers "
                              "match this run's.")
                   .arg(config.epochs)
                   .arg(recorder.stepsDone());
    if (!changes.empty()) {
        if (!note.isEmpty())
            note += QLatin1Char(' ');
        note += QStringLiteral("Its learning rate was changed during the run: %1. config.json "
                               "holds the settings it started with (lr %2); reproduce.py and "
                               "reproduce.ipynb replay the changes at those steps (--lr-at), so "
                               "their numbers are this run's.")
                    .arg(learningRateChangesText(changes), formatPythonFloat(config.learningRate));
    }
    return note;
}

} // namespace pelab
