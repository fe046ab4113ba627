// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace pelab {

enum class OptimizerKind { Adam, AdamW, Sgd };
enum class TaskKind { Zeros, PositionSignal, Shift, Reverse, Sort, Count, Markov };
enum class NormKind { Pre, Post, None };
enum class EncodingKind { Learned, Sinusoidal, None, Rope, Alibi };

QString optimizerName(OptimizerKind kind);
std::optional<OptimizerKind> optimizerFromName(const QString &name);
QString taskName(TaskKind kind);
std::optional<TaskKind> taskFromName(const QString &name);
QString normName(NormKind kind);
std::optional<NormKind> normFromName(const QString &name);
QString encodingName(EncodingKind kind);
std::optional<EncodingKind> encodingFromName(const QString &name);

// One problem with a configuration: which field, the offending value, and what is allowed.
struct ConfigIssue {
    QString field;
    QString value;
    QString allowed;

    QString message() const;
    bool operator==(const ConfigIssue &) const = default;
};

// Every hyperparameter of a run: the model family of the PyTorch model in
// resources/python/pelab_family.py, its task, its optimizer and how it runs. The defaults are the
// seed notebook's. Each field is declared once in config/ConfigFields.cpp (key, flag, range, help),
// which the CLI, config.json, validation and the window read.
struct TrainingConfig {
    // data and task
    TaskKind task = TaskKind::Zeros;
    std::int64_t samples = 1000;
    std::int64_t seqLen = 10;
    std::int64_t vocab = 10;               // token tasks: symbols 0..vocab-1
    std::int64_t shift = 2;                // shift task: y_t = x_{t-shift}
    std::int64_t valSamples = 0;           // held-out validation sequences (0: none)
    std::vector<std::int64_t> evalLengths; // extrapolation lengths, each >= seqLen
    std::int64_t evalSamples = 512;
    std::int64_t evalEvery = 0; // validate every N steps (0: at epoch ends)
    // model
    std::int64_t width = 1;
    std::int64_t layers = 0;
    std::int64_t heads = 1;
    std::int64_t mlpRatio = 4; // 0: no MLP sublayer
    NormKind norm = NormKind::Pre;
    bool residual = true;
    double dropout = 0;
    double qkGain = 1;
    bool causal = false;
    EncodingKind encoding = EncodingKind::Learned;
    double peInitStd = 1;
    // optimisation
    std::int64_t batchSize = 32;
    std::int64_t epochs = 3;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = 0.01;
    double momentum = 0.9; // SGD only
    // Unset: PyTorch's default for the optimizer (AdamW 0.01, Adam and SGD 0). Set: applies
    // to every optimizer (Adam and SGD add it to the gradient, AdamW decays the weights).
    std::optional<double> weightDecay;
    bool shuffle = true;
    std::int64_t seed = 0;
    std::int64_t threads = 1;

    // Every problem, in field order; empty when the config can run. Does not look at this
    // machine's memory (a config loads anywhere): see memoryIssue().
    std::vector<ConfigIssue> validate() const;
    bool isValid() const { return validate().empty(); }
    // The run would not fit in this machine's memory budget: checked when a run starts.
    std::optional<ConfigIssue> memoryIssue() const;
    // A valid config that cannot learn its task fully, and why, in one sentence (empty when
    // it can): causal attention on a task needing later tokens, a token task with no layers.
    QString advisory() const;

    bool isRegression() const
    {
        return task == TaskKind::Zeros || task == TaskKind::PositionSignal;
    }
    // Width 1, no layers, learned encoding, regression, no dropout: the seed notebook's
    // SimpleModel, trained on its hand-written fast path.
    bool isSeedShape() const;
    double effectiveWeightDecay() const;
    // "MSE" for the regression tasks, "cross-entropy" for the token tasks: what the loss is.
    QString lossName() const
    {
        return isRegression() ? QStringLiteral("MSE") : QStringLiteral("cross-entropy");
    }
    // Rows of the position table: the longest length the model sees.
    std::int64_t maxLength() const;
    std::int64_t numClasses() const; // token tasks: outputs of the head
    std::int64_t headWidth() const { return heads > 0 ? width / heads : 0; }

    std::int64_t stepsPerEpoch() const { return (samples + batchSize - 1) / batchSize; }
    std::int64_t totalSteps() const { return stepsPerEpoch() * epochs; }
    // Bytes the run needs at its peak: data, parameters and optimizer state, the largest
    // batch's activations (attention keeps several [batch, heads, L, L] tensors per layer for
    // backward), evaluation, and the per-step history.
    double estimatedBytes() const;
    double historyBytes() const;
    // Bytes naive attention keeps for backward in one training step.
    double attentionBytes() const;

    bool operator==(const TrainingConfig &) const = default;
};

// Limits, shared by validation, the CLI help and the window's editors.
namespace limits {
inline constexpr std::int64_t maxSamples = 1'000'000'000;
inline constexpr std::int64_t maxSeqLen = 1'000'000;     // without attention layers
inline constexpr std::int64_t maxAttentionLength = 4096; // with them, and for evaluation
inline constexpr std::int64_t maxBatchSize = 1'000'000;
inline constexpr std::int64_t maxEpochs = 10'000'000;
inline constexpr std::int64_t maxThreads = 256;
inline constexpr std::int64_t maxWidth = 512;
inline constexpr std::int64_t maxLayers = 24;
inline constexpr std::int64_t maxVocab = 100'000;
inline constexpr std::int64_t maxEvalSamples = 1'000'000;
inline constexpr std::int64_t maxEvalLengths = 16;
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
