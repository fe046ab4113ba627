// SPDX-License-Identifier: MIT
#include "RunSet.h"

#include "ParallelRuns.h"
#include "RunRecorder.h"
#include "Trainer.h"
#include "TrainingConfig.h"
#include "Variants.h"
#include "figures/LineChart.h"

#include <algorithm>

namespace pelab {

struct RunSet::Entry {
    quint64 id = 0;
    QString automaticName;
    QString customName;
    QColor color;
    bool visible = true;
    TrainingConfig config;           // the settings it started with
    bool queued = false;             // waits for a live run to end before it starts
    Trainer *trainer = nullptr;      // live runs (owned; deleted later, it joins its thread)
    RunRecorder *recorder = nullptr; // the trainer's child
    RunRecord stored;                // kept runs
    TrainerState storedState = TrainerState::Finished;

    const RunRecord &record() const { return recorder ? recorder->record() : stored; }
    TrainerState state() const { return recorder ? recorder->state() : storedState; }
};

RunSet::RunSet(std::shared_ptr<StepGate> gate, QObject *parent)
    : QObject(parent)
    , m_gate(std::move(gate))
{}

RunSet::~RunSet()
{
    // Each trainer joins its thread as it goes (within a step).
    for (const auto &entry : m_entries)
        delete entry->trainer;
}

bool RunSet::startRuns(std::vector<TrainingConfig> configs, QStringList *errors)
{
    double bytes = 0;
    for (const auto &entry : m_entries)
        if (entry->trainer && entry->trainer->isActive())
            bytes += entry->config.estimatedBytes();
    const std::vector<TrainingConfig> all = [&] {
        std::vector<TrainingConfig> c;
        for (const auto &entry : m_entries)
            c.push_back(entry->config);
        c.insert(c.end(), configs.begin(), configs.end());
        return c;
    }();
    const QStringList names = runNames(all);
    QStringList problems;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        configs[i].threads = 1; // side by side, one intra-op thread each (and so recorded)
        const QString name = names[int(m_entries.size() + i)];
        for (const ConfigIssue &issue : configs[i].validate())
            problems << name + QStringLiteral(": ") + issue.message();
        bytes += configs[i].estimatedBytes();
    }
    const double budget = memoryBudgetBytes();
    if (problems.isEmpty() && budget > 0 && bytes > budget)
        problems << QStringLiteral("these runs would need about %1 of memory together with those "
                                   "going on; this machine allows %2 (half its memory): vary fewer "
                                   "values, make the runs smaller, or stop some runs first")
                        .arg(formatBytes(bytes), formatBytes(budget));
    if (!problems.isEmpty()) {
        if (errors)
            *errors << problems;
        return false;
    }
    for (const TrainingConfig &config : configs) {
        auto entry = std::make_unique<Entry>();
        entry->config = config;
        entry->trainer = new Trainer;
        entry->trainer->setStepGate(m_gate);
        entry->trainer->setPace(m_pace);
        entry->recorder = new RunRecorder(entry->trainer, entry->trainer);
        const quint64 id = add(std::move(entry));
        Entry *e = find(id);
        connect(e->recorder, &RunRecorder::changed, this, [this, id] { emit runChanged(id); });
        connect(e->trainer, &Trainer::stateChanged, this, [this, id] {
            startQueued();
            emit runChanged(id);
        });
        e->queued = true;
    }
    startQueued();
    renameAutomatically();
    emit runsChanged();
    return true;
}

quint64 RunSet::addRecord(const RunRecord &record, TrainerState state)
{
    auto entry = std::make_unique<Entry>();
    entry->stored = record;
    entry->storedState = state;
    entry->config = record.config;
    const quint64 id = add(std::move(entry));
    renameAutomatically();
    emit runsChanged();
    return id;
}

quint64 RunSet::add(std::unique_ptr<Entry> entry)
{
    entry->id = m_nextId++;
    entry->color = unusedColor();
    const quint64 id = entry->id;
    m_order.push_back(id);
    m_entries.push_back(std::move(entry));
    return id;
}

QColor RunSet::unusedColor() const
{
    for (int i = 0; i < 10; ++i) {
        const QColor color = seriesColor(i);
        if (std::none_of(m_entries.begin(), m_entries.end(),
                         [&](const auto &e) { return e->color == color; }))
            return color;
    }
    return seriesColor(int(m_entries.size()));
}

void RunSet::renameAutomatically()
{
    std::vector<TrainingConfig> configs;
    for (const quint64 id : m_order)
        configs.push_back(find(id)->config);
    const QStringList names = runNames(configs);
    for (std::size_t i = 0; i < m_order.size(); ++i)
        find(m_order[i])->automaticName = names[int(i)];
}

RunSet::Entry *RunSet::find(quint64 id) const
{
    for (const auto &entry : m_entries)
        if (entry->id == id)
            return entry.get();
    return nullptr;
}

bool RunSet::contains(quint64 id) const
{
    return find(id) != nullptr;
}

QString RunSet::name(quint64 id) const
{
    const Entry *e = find(id);
    return !e ? QString() : e->customName.isEmpty() ? e->automaticName : e->customName;
}

bool RunSet::hasCustomName(quint64 id) const
{
    const Entry *e = find(id);
    return e && !e->customName.isEmpty();
}

QColor RunSet::color(quint64 id) const
{
    const Entry *e = find(id);
    return e ? e->color : QColor();
}

bool RunSet::isVisible(quint64 id) const
{
    const Entry *e = find(id);
    return e && e->visible;
}

TrainerState RunSet::state(quint64 id) const
{
    const Entry *e = find(id);
    return e ? e->state() : TrainerState::Idle;
}

bool RunSet::isActive(quint64 id) const
{
    const Entry *e = find(id);
    return e && e->trainer && (e->queued || e->trainer->isActive());
}

bool RunSet::isQueued(quint64 id) const
{
    const Entry *e = find(id);
    return e && e->queued;
}

void RunSet::startQueued()
{
    // Starting a trainer reports its state at once, which comes back here: one pass at a time.
    if (m_startingQueued)
        return;
    m_startingQueued = true;
    const auto live = [this] {
        int n = 0;
        for (const auto &entry : m_entries)
            n += entry->trainer && !entry->queued && entry->trainer->isActive();
        return n;
    };
    for (const quint64 id : m_order) {
        Entry *e = find(id);
        if (!e->queued)
            continue;
        if (live() >= maxLiveRuns)
            break;
        e->queued = false;
        QStringList errors;
        e->trainer->start(e->config, false, &errors); // validated when added
        emit runChanged(id);
    }
    m_startingQueued = false;
}

bool RunSet::anyActive() const
{
    return std::any_of(m_order.begin(), m_order.end(), [this](quint64 id) { return isActive(id); });
}

const RunRecord &RunSet::record(quint64 id) const
{
    static const RunRecord none;
    const Entry *e = find(id);
    return e ? e->record() : none;
}

const TrainingConfig &RunSet::config(quint64 id) const
{
    static const TrainingConfig none;
    const Entry *e = find(id);
    return e ? e->config : none;
}

void RunSet::setVisible(quint64 id, bool visible)
{
    Entry *e = find(id);
    if (!e || e->visible == visible)
        return;
    e->visible = visible;
    emit runsChanged();
}

void RunSet::setColor(quint64 id, const QColor &color)
{
    Entry *e = find(id);
    if (!e || !color.isValid() || e->color == color)
        return;
    e->color = color;
    emit runsChanged();
}

std::vector<SessionRun> RunSet::sessionRuns() const
{
    std::vector<SessionRun> runs;
    for (const quint64 id : m_order) {
        const Entry *e = find(id);
        const TrainerState state = isActive(id) ? TrainerState::Stopped : e->state();
        RunRecord record = e->record();
        record.config = e->config; // also for a run still queued, whose record is empty
        runs.push_back({e->customName, e->color, e->visible, state, std::move(record)});
    }
    return runs;
}

void RunSet::addSessionRuns(const std::vector<SessionRun> &runs)
{
    for (const SessionRun &run : runs) {
        auto entry = std::make_unique<Entry>();
        entry->stored = run.record;
        entry->storedState = run.state;
        entry->config = run.record.config;
        entry->customName = run.name;
        entry->visible = run.visible;
        const quint64 id = add(std::move(entry));
        if (run.color.isValid())
            find(id)->color = run.color;
    }
    renameAutomatically();
    emit runsChanged();
}

void RunSet::rename(quint64 id, const QString &name)
{
    Entry *e = find(id);
    const QString trimmed = name.trimmed();
    if (!e || e->customName == trimmed)
        return;
    e->customName = trimmed == e->automaticName ? QString() : trimmed;
    emit runsChanged();
}

void RunSet::remove(quint64 id)
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [id](const auto &e) { return e->id == id; });
    if (it == m_entries.end())
        return;
    if (Trainer *trainer = (*it)->trainer) {
        trainer->disconnect(this);
        (*it)->recorder->disconnect(this);
        trainer->stop();
        trainer->deleteLater(); // joins its thread once the step in flight is done
    }
    m_entries.erase(it);
    m_order.erase(std::find(m_order.begin(), m_order.end(), id));
    renameAutomatically();
    emit runsChanged();
}

void RunSet::pause(quint64 id)
{
    if (Entry *e = find(id); e && e->trainer && e->trainer->state() == TrainerState::Running)
        e->trainer->pause();
}

void RunSet::resume(quint64 id)
{
    if (Entry *e = find(id); e && e->trainer && e->trainer->state() == TrainerState::Paused)
        e->trainer->resume();
}

void RunSet::stop(quint64 id)
{
    if (Entry *e = find(id); e && e->queued) {
        e->queued = false; // never started: ends as it is, with nothing trained
        e->stored.config = e->config;
        e->storedState = TrainerState::Stopped;
        e->recorder->disconnect(this);
        e->trainer->disconnect(this);
        e->trainer->deleteLater();
        e->trainer = nullptr;
        e->recorder = nullptr;
        emit runChanged(id);
        return;
    }
    if (Entry *e = find(id); e && e->trainer && e->trainer->isActive())
        e->trainer->stop();
}

void RunSet::pauseAll()
{
    for (const quint64 id : m_order)
        pause(id);
}

void RunSet::resumeAll()
{
    for (const quint64 id : m_order)
        resume(id);
}

void RunSet::stopAll()
{
    for (const quint64 id : m_order)
        stop(id);
}

void RunSet::setPace(double stepsPerSecond)
{
    m_pace = stepsPerSecond;
    for (const auto &entry : m_entries)
        if (entry->trainer)
            entry->trainer->setPace(stepsPerSecond);
}

QStringList RunSet::variedFields() const
{
    std::vector<TrainingConfig> configs;
    for (const quint64 id : m_order)
        configs.push_back(config(id));
    return differingFields(configs);
}

ComparisonData RunSet::comparison() const
{
    ComparisonData data;
    data.varied = variedFields();
    data.lossReferences = m_lossReferences;
    for (const quint64 id : m_order) {
        const Entry *e = find(id);
        if (e->visible)
            data.runs.push_back({name(id), e->color, &e->record()});
    }
    return data;
}

void RunSet::setLossReferences(std::vector<ChartReference> references)
{
    m_lossReferences = std::move(references);
    emit runsChanged();
}

} // namespace pelab
