// SPDX-License-Identifier: MIT
#pragma once

#include "RunExport.h"
#include "TrainingProgress.h"

#include <QObject>

#include <vector>

namespace pelab {

class Trainer;

// Keeps the trainer's current run as a RunRecord for export: every loss, the latest
// embedding, the initial one, the target and the config the run STARTED with, plus what an
// export has to be honest about: whether the run ended, how far it got, and every learning
// rate change (config.json keeps the start settings; reproduce.py replays the changes).
class RunRecorder : public QObject {
    Q_OBJECT
public:
    explicit RunRecorder(Trainer *trainer, QObject *parent = nullptr);

    // True once the run has done a step (and until clear() or the next run).
    bool hasData() const { return !m_record.losses.empty(); }
    const RunRecord &record() const { return m_record; }
    // Running or Paused while the run goes on, then Finished, Stopped or Failed; Idle
    // before any run and after clear().
    TrainerState state() const { return m_state; }
    bool isComplete() const { return m_state == TrainerState::Finished; }
    std::int64_t stepsDone() const;
    std::int64_t totalSteps() const { return m_record.config.totalSteps(); }
    std::int64_t epochsCompleted() const { return m_epochsCompleted; }
    const std::vector<LearningRateChange> &learningRateChanges() const
    {
        return m_record.learningRateChanges;
    }

    // Forgets the run, and ignores what the trainer still sends of it (a stopping run's
    // last snapshot), until the next one starts: what Reset in the window means.
    void clear();

signals:
    // Every time the record changes (about 30 a second while training).
    void changed();
    // Only when hasData() flips.
    void hasDataChanged(bool hasData);

private:
    void startRun(const RunStart &start);
    void addProgress(const TrainingProgress &progress);
    void endRun(TrainerState state);
    void notify(bool hadData);

    Trainer *m_trainer;
    RunRecord m_record;
    TrainerState m_state = TrainerState::Idle;
    bool m_listening = false;
    std::int64_t m_epochsCompleted = 0;
};

// What an export says when its config.json and reproduce.py do not replay this run
// exactly (a run stopped, failed or still going, or a learning rate changed mid-run): one
// paragraph, or empty when the run finished with the settings it started with.
QString reproductionNote(const RunRecorder &recorder);

} // namespace pelab
