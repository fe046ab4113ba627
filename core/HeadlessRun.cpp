// SPDX-License-Identifier: MIT
#include "HeadlessRun.h"

#include "PythonFloat.h"
#include "TrainingSession.h"
#include "run/StepGate.h"
#include "training/TrainingLoop.h"

#include <chrono>
#include <cmath>
#include <optional>

namespace pelab {

std::string epochLine(std::int64_t epoch, double lastLoss)
{
    return "Epoch " + std::to_string(epoch) + ", Loss: " + pythonFloatRepr(lastLoss);
}

std::string extrapolationLine(const Evaluation &e)
{
    // json.dumps of the spec's dict: its key order, ", " and ": ", floats as repr, and
    // NaN / Infinity as Python's json module spells them.
    const auto number = [](double v) {
        if (std::isnan(v))
            return std::string("NaN");
        if (std::isinf(v))
            return std::string(v > 0 ? "Infinity" : "-Infinity");
        return pythonFloatRepr(v);
    };
    std::string line = "{\"length\": " + std::to_string(e.length) + ", \"loss\": " + number(e.loss);
    if (e.accuracy)
        line += ", \"accuracy\": " + number(*e.accuracy);
    if (e.accuracyNewPositions)
        line += ", \"accuracy_new_positions\": " + number(*e.accuracyNewPositions);
    return line + "}";
}

HeadlessResult runHeadless(const TrainingConfig &config,
                           const std::function<void(std::int64_t, double)> &onEpoch,
                           const std::atomic<bool> *stop, StepGate *gate,
                           const std::vector<LearningRateChange> &learningRateChanges)
{
    setTorchThreads(int(config.threads));
    HeadlessResult result;
    std::optional<TrainingLoop> loop;
    {
        const StepSlot slot(gate); // drawing the data and the initial probe is work too
        loop.emplace(config);
        result.record.begin(loop->start());
    }
    TrainingProgress progress;
    StepTurns turns(gate);
    const auto begin = std::chrono::steady_clock::now();
    while (!loop->isFinished()) {
        if (stop && stop->load()) {
            result.interrupted = true;
            break;
        }
        // A scheduled learning rate applies from its step on, as the window's lr box does.
        for (const LearningRateChange &change : learningRateChanges)
            if (change.step == loop->stepsDone() + 1 &&
                change.learningRate != loop->learningRate()) {
                loop->setLearningRate(change.learningRate);
                progress.learningRateChanges.push_back(change);
            }
        turns.beforeStep();
        const bool finite = loop->step(progress);
        turns.afterStep();
        if (!finite)
            result.failure = loop->failure();
        // Hand each step's data over at once: the record is what a snapshot would give.
        for (const EpochSummary &epoch : progress.epochs)
            if (onEpoch)
                onEpoch(epoch.epoch, epoch.lastLoss);
        result.record.append(progress);
        progress = TrainingProgress();
        if (!finite)
            break;
    }
    result.trainSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    turns.beforeStep();
    loop->finish(progress);
    turns.end();
    result.record.append(progress);
    return result;
}

} // namespace pelab
