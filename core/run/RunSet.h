// SPDX-License-Identifier: MIT
#pragma once

#include "RunExport.h"
#include "TrainingProgress.h"
#include "figures/ComparisonFigure.h"
#include "run/SessionFile.h"

#include <QColor>
#include <QObject>

#include <memory>
#include <vector>

namespace pelab {

class RunRecorder;
class StepGate;
class Trainer;

// The runs of a comparison: variants racing side by side (each a Trainer of its own taking
// turns on a shared StepGate, one intra-op thread each), and ended runs kept to compare
// with. Each has an id, a name made from the settings that differ from the other runs (or
// one the user gave), a colour, and whether the comparison shows it.
class RunSet : public QObject {
    Q_OBJECT
public:
    explicit RunSet(std::shared_ptr<StepGate> gate, QObject *parent = nullptr);
    ~RunSet() override;

    // Starts one run per config (threads set to 1). False, with each problem naming its run,
    // when a config is invalid or the runs would not fit in memory with those going on.
    bool startRuns(std::vector<TrainingConfig> configs, QStringList *errors);
    // Keeps an ended run (the window's own) to compare with; returns its id.
    quint64 addRecord(const RunRecord &record, TrainerState state);

    const std::vector<quint64> &ids() const { return m_order; }
    int count() const { return int(m_order.size()); }
    bool contains(quint64 id) const;
    QString name(quint64 id) const;
    bool hasCustomName(quint64 id) const;
    QColor color(quint64 id) const;
    bool isVisible(quint64 id) const;
    TrainerState state(quint64 id) const;
    bool isActive(quint64 id) const;
    bool anyActive() const;
    // Waiting to start: at most maxLiveRuns (ParallelRuns.h) train at once (each a thread with its
    // own BLAS buffers and working memory), the others start in order as those end.
    bool isQueued(quint64 id) const;
    const RunRecord &record(quint64 id) const;
    // The settings the run started with.
    const TrainingConfig &config(quint64 id) const;

    void setVisible(quint64 id, bool visible);
    void setColor(quint64 id, const QColor &color);
    // An empty name gives the run its automatic name back.
    void rename(quint64 id, const QString &name);
    // Stops the run if it is going and forgets it.
    void remove(quint64 id);
    void pause(quint64 id);
    void resume(quint64 id);
    void stop(quint64 id);
    void pauseAll();
    void resumeAll();
    void stopAll();
    // At most this many steps a second for every run (0: full speed), as Trainer::setPace.
    void setPace(double stepsPerSecond);

    // The settings that differ among the runs (their keys, in config order).
    QStringList variedFields() const;
    // Every run with its name (empty when automatic), colour, visibility, state and history,
    // for a session file; a run still going is kept as Stopped at the step it reached.
    std::vector<SessionRun> sessionRuns() const;
    // Adds a session's runs (after the ones here) as kept runs.
    void addSessionRuns(const std::vector<SessionRun> &runs);

    // The visible runs, in order, for the comparison's charts and exports.
    ComparisonData comparison() const;
    // Levels the loss charts draw (a lesson's best possible loss); empty: none.
    void setLossReferences(std::vector<ChartReference> references);

signals:
    // A run was added, removed, renamed, recoloured, shown or hidden.
    void runsChanged();
    // A run's record or state changed (about 30 times a second while it trains).
    void runChanged(quint64 id);

private:
    struct Entry;
    Entry *find(quint64 id) const;
    quint64 add(std::unique_ptr<Entry> entry);
    void renameAutomatically();
    void startQueued();
    QColor unusedColor() const;

    std::shared_ptr<StepGate> m_gate;
    std::vector<std::unique_ptr<Entry>> m_entries;
    std::vector<quint64> m_order;
    quint64 m_nextId = 1;
    double m_pace = 0;
    std::vector<ChartReference> m_lossReferences;
    bool m_startingQueued = false;
};

} // namespace pelab
