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
    if (config.layers > 0 || !config.isRegression())
        m_start.initialProbe = summary(0, m_session->probe());
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
