// SPDX-License-Identifier: MIT
#include "TrainingConfig.h"

#include "PythonFloat.h"

#include <algorithm>
#include <cmath>
#include <unistd.h>

namespace pelab {

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
    for (auto kind : {OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::Sgd})
        if (optimizerName(kind) == name)
            return kind;
    return std::nullopt;
}

QString taskName(TaskKind kind)
{
    switch (kind) {
    case TaskKind::Zeros:
        return QStringLiteral("zeros");
    case TaskKind::PositionSignal:
        return QStringLiteral("position-signal");
    }
    return {};
}

std::optional<TaskKind> taskFromName(const QString &name)
{
    for (auto kind : {TaskKind::Zeros, TaskKind::PositionSignal})
        if (taskName(kind) == name)
            return kind;
    return std::nullopt;
}

QString ConfigIssue::message() const
{
    return QStringLiteral("%1: %2 is not allowed; %3").arg(field, value, allowed);
}

namespace {

void checkRange(std::vector<ConfigIssue> &issues, const char *field, std::int64_t value,
                std::int64_t low, std::int64_t high)
{
    if (value < low || value > high)
        issues.push_back({QString::fromLatin1(field), QString::number(value),
                          QStringLiteral("use a whole number from %1 to %2").arg(low).arg(high)});
}

} // namespace

std::vector<ConfigIssue> TrainingConfig::validate() const
{
    std::vector<ConfigIssue> issues;
    checkRange(issues, "samples", samples, 1, limits::maxSamples);
    checkRange(issues, "seq_len", seqLen, 1, limits::maxSeqLen);
    checkRange(issues, "batch_size", batchSize, 1, limits::maxBatchSize);
    checkRange(issues, "epochs", epochs, 1, limits::maxEpochs);
    if (!std::isfinite(learningRate) || learningRate <= 0)
        issues.push_back({QStringLiteral("lr"), formatPythonFloat(learningRate),
                          QStringLiteral("use a finite number greater than 0, such as 0.01")});
    if (!std::isfinite(momentum) || momentum < 0 || momentum >= 1)
        issues.push_back({QStringLiteral("momentum"), formatPythonFloat(momentum),
                          QStringLiteral("use a number from 0 up to (not including) 1")});
    if (!std::isfinite(weightDecay) || weightDecay < 0 || weightDecay >= 1)
        issues.push_back({QStringLiteral("weight_decay"), formatPythonFloat(weightDecay),
                          QStringLiteral("use a number from 0 up to (not including) 1")});
    checkRange(issues, "seed", seed, 0, limits::maxSeed);
    checkRange(issues, "threads", threads, 1, limits::maxThreads);

    const bool sizesValid =
        issues.empty() || std::none_of(issues.begin(), issues.end(), [](auto &i) {
            return i.field == "samples" || i.field == "seq_len" || i.field == "batch_size";
        });
    const double ram = physicalMemoryBytes();
    if (sizesValid && ram > 0 && estimatedBytes() > ram * limits::memoryShare)
        issues.push_back(
            {QStringLiteral("samples"),
             QStringLiteral("%1 with seq_len %2").arg(samples).arg(seqLen),
             QStringLiteral("the run would need about %1 of memory and this machine allows %2 "
                            "(half its RAM); use fewer samples or a shorter sequence")
                 .arg(formatBytes(estimatedBytes()), formatBytes(ram * limits::memoryShare))});
    return issues;
}

double TrainingConfig::estimatedBytes() const
{
    constexpr double floatBytes = 4;
    const double dataset = double(samples) * double(seqLen) * floatBytes;
    const double batch = double(std::min(batchSize, samples)) * double(seqLen) * floatBytes;
    // Batch, positions added, outputs, target, and their gradients: about eight batch copies.
    // The loss history keeps every step (epoch, step, loss).
    const double history = double(stepsPerEpoch()) * double(epochs) * 24;
    return dataset + 8 * batch + 8 * double(seqLen) * floatBytes + history;
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

} // namespace pelab
