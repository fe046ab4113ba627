// SPDX-License-Identifier: MIT
#include "TrainingConfig.h"

#include "CgroupMemory.h"
#include "PythonFloat.h"
#include "config/ConfigFields.h"

#include <QFile>

#include <algorithm>
#include <cmath>
#include <unistd.h>

namespace pelab {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const QString &name, QString (*toName)(Enum), const Enum (&all)[N])
{
    for (Enum kind : all)
        if (toName(kind) == name)
            return kind;
    return std::nullopt;
}

constexpr OptimizerKind allOptimizers[] = {OptimizerKind::Adam, OptimizerKind::AdamW,
                                           OptimizerKind::Sgd};
constexpr TaskKind allTasks[] = {TaskKind::Zeros,   TaskKind::PositionSignal, TaskKind::Shift,
                                 TaskKind::Reverse, TaskKind::Sort,           TaskKind::Count,
                                 TaskKind::Markov};
constexpr NormKind allNorms[] = {NormKind::Pre, NormKind::Post, NormKind::None};
constexpr EncodingKind allEncodings[] = {EncodingKind::Learned, EncodingKind::Sinusoidal,
                                         EncodingKind::None, EncodingKind::Rope,
                                         EncodingKind::Alibi};

} // namespace

QString optimizerName(OptimizerKind kind)
{
    switch (kind) {
    case OptimizerKind::Adam:
        return QStringLiteral("adam");
    case OptimizerKind::AdamW:
        return QStringLiteral("adamw");
    case OptimizerKind::Sgd:
        return QStringLiteral("sgd");
    }
    return {};
}

std::optional<OptimizerKind> optimizerFromName(const QString &name)
{
    return fromName(name, optimizerName, allOptimizers);
}

QString taskName(TaskKind kind)
{
    switch (kind) {
    case TaskKind::Zeros:
        return QStringLiteral("zeros");
    case TaskKind::PositionSignal:
        return QStringLiteral("position-signal");
    case TaskKind::Shift:
        return QStringLiteral("shift");
    case TaskKind::Reverse:
        return QStringLiteral("reverse");
    case TaskKind::Sort:
        return QStringLiteral("sort");
    case TaskKind::Count:
        return QStringLiteral("count");
    case TaskKind::Markov:
        return QStringLiteral("markov");
    }
    return {};
}

std::optional<TaskKind> taskFromName(const QString &name)
{
    return fromName(name, taskName, allTasks);
}

QString normName(NormKind kind)
{
    switch (kind) {
    case NormKind::Pre:
        return QStringLiteral("pre");
    case NormKind::Post:
        return QStringLiteral("post");
    case NormKind::None:
        return QStringLiteral("none");
    }
    return {};
}

std::optional<NormKind> normFromName(const QString &name)
{
    return fromName(name, normName, allNorms);
}

QString encodingName(EncodingKind kind)
{
    switch (kind) {
    case EncodingKind::Learned:
        return QStringLiteral("learned");
    case EncodingKind::Sinusoidal:
        return QStringLiteral("sinusoidal");
    case EncodingKind::None:
        return QStringLiteral("none");
    case EncodingKind::Rope:
        return QStringLiteral("rope");
    case EncodingKind::Alibi:
        return QStringLiteral("alibi");
    }
    return {};
}

std::optional<EncodingKind> encodingFromName(const QString &name)
{
    return fromName(name, encodingName, allEncodings);
}

QString ConfigIssue::message() const
{
    return QStringLiteral("%1: %2 is not allowed; %3").arg(field, value, allowed);
}

bool TrainingConfig::isSeedShape() const
{
    return width == 1 && layers == 0 && encoding == EncodingKind::Learned && isRegression() &&
           dropout == 0;
}

double TrainingConfig::effectiveWeightDecay() const
{
    if (weightDecay)
        return *weightDecay;
    return optimizer == OptimizerKind::AdamW ? 0.01 : 0.0;
}

std::int64_t TrainingConfig::maxLength() const
{
    std::int64_t longest = seqLen;
    for (std::int64_t length : evalLengths)
        longest = std::max(longest, length);
    return longest;
}

std::int64_t TrainingConfig::numClasses() const
{
    if (isRegression())
        return 1;
    return task == TaskKind::Count ? maxLength() + 1 : vocab;
}

std::vector<ConfigIssue> TrainingConfig::validate() const
{
    std::vector<ConfigIssue> issues;
    for (const FieldSpec &field : configFields())
        if (auto issue = field.check(field.get(*this)))
            issues.push_back(*issue);
    const auto has = [&](const char *key) {
        return std::any_of(issues.begin(), issues.end(),
                           [&](const ConfigIssue &i) { return i.field == QLatin1String(key); });
    };

    // Rules between fields, once each field is in its own range.
    if (layers > 0 && !has("seq_len") && !has("layers") && seqLen > limits::maxAttentionLength)
        issues.push_back({QStringLiteral("seq_len"), QString::number(seqLen),
                          QStringLiteral("with attention layers use at most %1 (attention "
                                         "keeps L x L scores per head), or set layers to 0")
                              .arg(limits::maxAttentionLength)});
    if (layers > 0 && !has("heads") && !has("width") && width % heads != 0) {
        QStringList divisors;
        for (std::int64_t h = 1; h <= width && divisors.size() < 8; ++h)
            if (width % h == 0)
                divisors << QString::number(h);
        issues.push_back({QStringLiteral("heads"),
                          QStringLiteral("%1 with width %2").arg(heads).arg(width),
                          QStringLiteral("the heads must divide the width; use one of %1")
                              .arg(divisors.join(QStringLiteral(", ")))});
    } else if (layers > 0 && !has("heads") && !has("width") && encoding == EncodingKind::Rope &&
               headWidth() % 2 != 0) {
        issues.push_back({QStringLiteral("encoding"),
                          QStringLiteral("rope with head width %1 (width %2 / heads %3)")
                              .arg(headWidth())
                              .arg(width)
                              .arg(heads),
                          QStringLiteral("RoPE rotates pairs of dimensions, so width / heads "
                                         "must be even; change the width or the heads, or use "
                                         "another encoding")});
    }
    if (task == TaskKind::Shift && !has("shift") && !has("seq_len") && shift >= seqLen)
        issues.push_back({QStringLiteral("shift"),
                          QStringLiteral("%1 with seq_len %2").arg(shift).arg(seqLen),
                          QStringLiteral("the shift must be below the sequence length; use 0 "
                                         "to %1")
                              .arg(seqLen - 1)});
    if (!has("eval_lengths") && !has("seq_len")) {
        for (std::int64_t length : evalLengths)
            if (length < seqLen) {
                issues.push_back({QStringLiteral("eval_lengths"), QString::number(length),
                                  QStringLiteral("evaluation lengths measure extrapolation, "
                                                 "so each must be at least seq_len (%1)")
                                      .arg(seqLen)});
                break;
            }
    }
    return issues;
}

std::optional<ConfigIssue> TrainingConfig::memoryIssue() const
{
    if (!isValid())
        return std::nullopt;
    const double budget = memoryBudgetBytes();
    const double need = estimatedBytes();
    if (budget <= 0 || need <= budget)
        return std::nullopt;
    const QString needText = formatBytes(need);
    if (historyBytes() > need / 2)
        return ConfigIssue{QStringLiteral("epochs"),
                           QStringLiteral("%1 with batch_size %2").arg(epochs).arg(batchSize),
                           QStringLiteral("the run would keep %1 steps of history and need "
                                          "about %2 of memory; this machine allows %3 (half its "
                                          "memory); use fewer epochs or a larger batch size")
                               .arg(double(totalSteps()), 0, 'g', 3)
                               .arg(needText, formatBytes(budget))};
    // estimatedBytes() counts attention's kept tensors and their gradients (x 1.5).
    if (layers > 0 && 1.5 * attentionBytes() > need / 2)
        return ConfigIssue{QStringLiteral("batch_size"),
                           QStringLiteral("%1 with seq_len %2, %3 heads and %4 layers")
                               .arg(batchSize)
                               .arg(seqLen)
                               .arg(heads)
                               .arg(layers),
                           QStringLiteral("attention would keep %1 for backward and the run "
                                          "would need about %2 of memory; this machine allows "
                                          "%3 (half its memory); use a smaller batch, a shorter "
                                          "sequence, fewer heads or fewer layers")
                               .arg(formatBytes(attentionBytes()), needText, formatBytes(budget))};
    return ConfigIssue{QStringLiteral("samples"),
                       QStringLiteral("%1 with seq_len %2").arg(samples).arg(seqLen),
                       QStringLiteral("the run would need about %1 of memory and this machine "
                                      "allows %2 (half its memory); use fewer samples, a "
                                      "shorter sequence or fewer evaluation samples")
                           .arg(needText, formatBytes(budget))};
}

double TrainingConfig::historyBytes() const
{
    // Every step's (epoch, step, loss) and its CSV text, and each step's gradient norm per
    // layer (the input, the table, every block, the head) with its CSV row.
    const double groups = double(layers) + 4;
    return double(stepsPerEpoch()) * double(epochs) * (24 + 32 + groups * 40);
}

double TrainingConfig::attentionBytes() const
{
    if (layers == 0)
        return 0;
    const double batch = double(std::min(batchSize, samples));
    const double scores = batch * double(heads) * double(seqLen) * double(seqLen) * 4;
    // Kept per layer for backward: the scaled scores, the biased and masked ones, the
    // probabilities (and with dropout its mask and output), plus the matmul operand copies.
    const double kept = 4 + (encoding == EncodingKind::Alibi ? 1 : 0) + (dropout > 0 ? 2 : 0);
    return double(layers) * kept * scores;
}

double TrainingConfig::estimatedBytes() const
{
    constexpr double floatBytes = 4;
    const bool regression = isRegression();
    // Inputs and targets: floats for regression, int64 tokens otherwise.
    const double perElement = regression ? 2 * floatBytes : 2 * 8;
    double bytes = double(samples) * double(seqLen) * perElement;
    bytes += double(valSamples) * double(seqLen) * perElement;
    for (std::int64_t length : evalLengths)
        bytes += double(evalSamples) * double(length) * perElement;
    if (task == TaskKind::Markov)
        bytes += double(vocab) * double(vocab) * floatBytes * 3;
    if (shuffle)
        bytes += 2 * 8 * double(samples);

    const double d = double(width);
    const double classes = double(numClasses());
    const double rows = double(maxLength());
    double params = regression ? (width > 1 ? 2 * d : 0) : double(vocab) * d;
    if (encoding == EncodingKind::Learned || encoding == EncodingKind::Sinusoidal)
        params += rows * d;
    const double mlp = double(mlpRatio) * d;
    params += double(layers) * (4 * d * d + 4 * d + 4 * d + (mlp > 0 ? 2 * d * mlp + mlp + d : 0));
    params += 2 * d + d * classes + classes;
    bytes += params * floatBytes * 5; // value, gradient, accumulated .grad, two moments

    // One training step: per layer about 12 [batch, L, d] activations (plus the MLP's) and
    // the attention scores; the head's logits with their log-softmax and gradients.
    const double batch = double(std::min(batchSize, samples));
    const double tokens = batch * double(seqLen);
    bytes += tokens * d * floatBytes * (8 + double(layers) * (12 + 3 * double(mlpRatio)));
    bytes += attentionBytes() * 1.5; // kept tensors, and the backward's gradients of them
    bytes += tokens * classes * floatBytes * 4;

    // Evaluation runs a whole held-out set at once, without gradients, a layer at a time.
    double evalPeak = 0;
    const auto evaluation = [&](double n, double length) {
        const double t = n * length;
        double peak = t * d * floatBytes * 10 + t * classes * floatBytes * 3;
        if (layers > 0)
            peak += 4 * n * double(heads) * length * length * floatBytes;
        evalPeak = std::max(evalPeak, peak);
    };
    if (valSamples > 0)
        evaluation(double(valSamples), double(seqLen));
    for (std::int64_t length : evalLengths)
        evaluation(double(evalSamples), double(length));
    // The probe batch (64 sequences) keeps every layer's attention for the views.
    if (layers > 0)
        evalPeak += double(layers) * 64 * double(heads) * double(seqLen) * double(seqLen) * 4;
    bytes += evalPeak;
    return bytes + historyBytes();
}

double memoryBudgetBytes()
{
    double limit = physicalMemoryBytes();
    // A container's or a session's memory limit, when there is one, is the real ceiling.
    if (const auto group = cgroupMemoryLimitBytes(); group && (limit <= 0 || *group < limit))
        limit = *group;
    return limit * limits::memoryShare;
}

double physicalMemoryBytes()
{
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? double(pages) * double(pageSize) : 0.0;
}

QString formatBytes(double bytes)
{
    static const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 6) {
        bytes /= 1024;
        ++unit;
    }
    if (unit == 0)
        return QStringLiteral("%1 bytes").arg(qint64(bytes));
    return QStringLiteral("%1 %2").arg(bytes, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

QString TrainingConfig::advisory() const
{
    if (isRegression())
        return {};
    const bool wholeSequence =
        task == TaskKind::Reverse || task == TaskKind::Sort || task == TaskKind::Count;
    if (layers == 0 && task != TaskKind::Markov)
        return QStringLiteral("Without attention layers each position is predicted from its "
                              "own token alone, so this task cannot be learned beyond what one "
                              "token tells: expect accuracy near chance. Set Layers to 1 or "
                              "more.");
    if (causal && wholeSequence)
        return QStringLiteral("With causal attention each position sees only the tokens "
                              "before it, but %1 needs later ones too: the model cannot reach "
                              "full accuracy (reverse: about half the positions). Untick "
                              "Causal to let it see the whole sequence.")
            .arg(taskName(task));
    return {};
}

} // namespace pelab
