// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace pelab {

enum class OptimizerKind { Adam, AdamW, Sgd };
enum class TaskKind { Zeros, PositionSignal };

QString optimizerName(OptimizerKind kind);
std::optional<OptimizerKind> optimizerFromName(const QString &name);
QString taskName(TaskKind kind);
std::optional<TaskKind> taskFromName(const QString &name);

// One problem with a configuration: which field, the offending value, and what is allowed.
struct ConfigIssue {
    QString field;
    QString value;
    QString allowed;

    QString message() const;
    bool operator==(const ConfigIssue &) const = default;
};

// Every hyperparameter of a run, with the seed notebook's values as defaults.
struct TrainingConfig {
    std::int64_t samples = 1000;
    std::int64_t seqLen = 10;
    std::int64_t batchSize = 32;
    bool shuffle = true;
    std::int64_t epochs = 3;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = 0.01;
    double momentum = 0.9;     // SGD only
    double weightDecay = 0.01; // AdamW only (Adam and SGD use PyTorch's default, 0)
    std::int64_t seed = 0;
    TaskKind task = TaskKind::Zeros;
    std::int64_t threads = 1;

    // Every problem, in field order; empty when the config can run.
    std::vector<ConfigIssue> validate() const;
    bool isValid() const { return validate().empty(); }

    std::int64_t stepsPerEpoch() const { return (samples + batchSize - 1) / batchSize; }
    std::int64_t totalSteps() const { return stepsPerEpoch() * epochs; }
    // Bytes the run needs: dataset, shuffled order, one batch and its activations, the
    // model, and the loss history of every step.
    double estimatedBytes() const;
    double historyBytes() const;

    bool operator==(const TrainingConfig &) const = default;
};

// Limits, shared by validation, the CLI help and the window's editors.
namespace limits {
inline constexpr std::int64_t maxSamples = 1'000'000'000;
inline constexpr std::int64_t maxSeqLen = 1'000'000;
inline constexpr std::int64_t maxBatchSize = 1'000'000;
inline constexpr std::int64_t maxEpochs = 10'000'000;
inline constexpr std::int64_t maxThreads = 256;
// Seeds travel through JSON numbers (doubles), so they stop at 2^53 - 1.
inline constexpr std::int64_t maxSeed = (std::int64_t(1) << 53) - 1;
// Runs are refused, before allocating, when they would need more than this share of RAM.
inline constexpr double memoryShare = 0.5;
} // namespace limits

// Bytes of physical memory, or 0 when unknown.
double physicalMemoryBytes();
// The most a run may use: a share of RAM (or of the container's limit, if lower).
double memoryBudgetBytes();
// "1.5 GiB", "40.0 TiB": a byte count for people.
QString formatBytes(double bytes);

} // namespace pelab
