// SPDX-License-Identifier: MIT
#include "HeadlessRun.h"

#include "PythonFloat.h"
#include "TrainingSession.h"

#include <cmath>

namespace pelab {

std::string epochLine(std::int64_t epoch, double lastLoss)
{
    return "Epoch " + std::to_string(epoch) + ", Loss: " + pythonFloatRepr(lastLoss);
}

HeadlessResult runHeadless(const TrainingConfig &config,
                           const std::function<void(std::int64_t, double)> &onEpoch)
{
    setTorchThreads(int(config.threads));
    TrainingSession session(config);
    HeadlessResult result;
    result.record.config = config;
    result.record.initialEmbedding = session.initialEmbedding();
    result.record.targetSignal = session.targetSignal();
    result.record.losses.reserve(std::size_t(config.totalSteps()));
    while (!session.isFinished()) {
        const StepResult step = session.step();
        result.record.losses.push_back({step.epoch, step.globalStep, step.loss});
        if (!std::isfinite(step.loss)) {
            result.failure = divergenceMessage(step, config.learningRate);
            break;
        }
        if (step.epochEnded && onEpoch)
            onEpoch(step.epoch, step.loss);
    }
    result.record.embedding = session.embedding();
    return result;
}

} // namespace pelab
