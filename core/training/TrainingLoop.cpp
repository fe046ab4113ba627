// SPDX-License-Identifier: MIT
#include "training/TrainingLoop.h"

#include "TrainingSession.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace pelab {

namespace {

// Everything of a probe but the attention maps and probe tokens, which only the latest
// snapshot carries.
ProbePoint summary(std::int64_t step, const Measurements &full)
{
    ProbePoint point{step, full};
    point.values.remove(QStringLiteral("attention"));
    point.values.remove(QStringLiteral("attention_probes"));
    point.values.remove(QStringLiteral("probe_tokens"));
    return point;
}

} // namespace

TrainingLoop::TrainingLoop(const TrainingConfig &config, quint64 runId)
    : m_session(std::make_unique<TrainingSession>(config))
    , m_learningRate(config.learningRate)
{
    m_start.runId = runId;
    m_start.config = config;
    m_start.initialEmbedding = m_session->initialEmbedding();
    m_start.targetSignal = m_session->targetSignal();
    m_start.initialHead = m_session->linearHead();
    m_start.totalSteps = config.totalSteps();
    m_start.stepsPerEpoch = config.stepsPerEpoch();
    m_start.gradGroups = m_session->gradGroups();
    m_start.seedFastPath = m_session->usesSeedFastPath();
    m_start.attentionBytes = m_session->attentionBytes();
    m_start.encoding = m_session->encodingPictures();
    const double batch = double(std::min(config.batchSize, config.samples));
    const double probeSize = double(
        std::min<std::int64_t>(64, config.valSamples > 0 ? config.valSamples : config.samples));
    const auto atLeast = [](double steps) {
        return std::max<std::int64_t>(1, std::int64_t(std::ceil(steps)));
    };
    // A probe (a forward pass of up to 64 sequences, then the attention statistics in
    // double) costs about as much per sequence as a training step does (measured with
    // bench_family: 66 ms against a 66 ms step for 8 layers at batch 32), so a probe every
    // (probe size / batch) / 0.15 steps keeps it near 15% of training.
    m_probeEvery =
        std::max(atLeast(double(config.totalSteps()) / 200.0), atLeast(probeSize / batch / 0.15));
    if (config.layers > 0 || !config.isRegression()) {
        const Measurements full = m_session->probe();
        m_lastAttention = full.value(QStringLiteral("attention"));
        m_start.initialProbe = summary(0, full);
    }
    m_snapshots =
        snapshotSchedule(config, m_start.initialProbe.values.isEmpty() ? 0 : m_probeEvery);
    m_start.initialSnapshot = {0, m_start.initialEmbedding, m_start.initialHead, m_lastAttention,
                               0};
}

double TrainingLoop::snapshotBytes(const TrainingConfig &config)
{
    const double tableValues =
        config.encoding == EncodingKind::Learned || config.encoding == EncodingKind::Sinusoidal
            ? double(config.maxLength() * config.width)
            : 0.0;
    const double attentionValues =
        double(config.layers * config.heads) * double(config.seqLen) * double(config.seqLen);
    return (tableValues + attentionValues) * sizeof(double) + 256;
}

TrainingLoop::SnapshotSchedule TrainingLoop::snapshotSchedule(const TrainingConfig &config,
                                                              std::int64_t probeEvery)
{
    const std::int64_t total = std::max<std::int64_t>(1, config.totalSteps());
    const double count = std::min(200.0, std::floor(snapshotBudgetBytes / snapshotBytes(config)));
    if (count < 4)
        return {total, 0}; // the start and the end only
    // Three quarters regular, up to a quarter log-spaced before the regular ones start.
    SnapshotSchedule schedule;
    schedule.every =
        std::max<std::int64_t>(1, std::int64_t(std::ceil(double(total) / (count * 0.75 - 1))));
    if (probeEvery > 0)
        schedule.every = (schedule.every + probeEvery - 1) / probeEvery * probeEvery;
    schedule.logSpacedBelow =
        std::min<std::int64_t>(schedule.every, std::int64_t(1) << int(std::floor(count * 0.25)));
    return schedule;
}

bool TrainingLoop::isSnapshotStep(std::int64_t step) const
{
    const bool powerOfTwo = step > 0 && (step & (step - 1)) == 0;
    return (powerOfTwo && step < m_snapshots.logSpacedBelow) || step % m_snapshots.every == 0 ||
           step == m_start.totalSteps;
}

TrainingLoop::~TrainingLoop() = default;

bool TrainingLoop::isFinished() const
{
    return m_session->isFinished();
}

std::int64_t TrainingLoop::stepsDone() const
{
    return m_session->stepsDone();
}

void TrainingLoop::setLearningRate(double learningRate)
{
    m_learningRate = learningRate;
    m_session->setLearningRate(learningRate);
}

std::optional<LinearHead> TrainingLoop::linearHead() const
{
    return m_session->linearHead();
}

Matrix TrainingLoop::embedding() const
{
    return m_session->embedding();
}

bool TrainingLoop::step(TrainingProgress &progress, StepResult *out)
{
    const auto begin = std::chrono::steady_clock::now();
    StepResult result = m_session->step();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    m_secondsPerStep = m_secondsPerStep == 0 ? seconds : 0.95 * m_secondsPerStep + 0.05 * seconds;

    progress.losses.push_back({result.epoch, result.globalStep, result.loss});
    progress.gradNorms.insert(progress.gradNorms.end(), result.gradNorms.begin(),
                              result.gradNorms.end());
    progress.epoch = result.epoch;
    progress.stepInEpoch = result.stepInEpoch;
    progress.step = result.globalStep;
    progress.totalSteps = m_start.totalSteps;
    progress.learningRate = m_learningRate;
    progress.secondsPerStep = m_secondsPerStep;
    if (result.validation)
        progress.validation.push_back(*result.validation);
    if (result.optimizerOverflow)
        progress.optimizerOverflow = result.optimizerOverflow;
    const bool finite = std::isfinite(result.loss);
    if (!finite) {
        m_failure = divergenceMessage(result, m_learningRate);
    } else {
        m_epochLossSum += result.loss;
        if (result.epochEnded) {
            progress.epochs.push_back(
                {result.epoch, result.loss, m_epochLossSum / double(result.stepInEpoch)});
            m_epochLossSum = 0;
        }
        if (result.globalStep % m_probeEvery == 0 && !m_start.initialProbe.values.isEmpty())
            probe(progress);
        if (isSnapshotStep(result.globalStep))
            progress.snapshots.push_back({result.globalStep, m_session->embedding(),
                                          m_session->linearHead(), m_lastAttention,
                                          m_lastAttentionStep});
    }
    if (out)
        *out = std::move(result);
    return finite;
}

void TrainingLoop::probe(TrainingProgress &progress)
{
    const Measurements full = m_session->probe();
    m_lastProbe = m_session->stepsDone();
    progress.probes.push_back(summary(m_lastProbe, full));
    m_lastAttention = full.value(QStringLiteral("attention"));
    m_lastAttentionStep = m_lastProbe;
    progress.latest = full;
}

void TrainingLoop::finish(TrainingProgress &progress)
{
    if (m_failure.isEmpty()) {
        progress.extrapolation = m_session->extrapolate();
        if (m_lastProbe != m_session->stepsDone() && !m_start.initialProbe.values.isEmpty())
            probe(progress);
    }
    progress.embedding = m_session->embedding();
    progress.head = m_session->linearHead();
    progress.stateDict = m_session->stateDict();
}

} // namespace pelab
