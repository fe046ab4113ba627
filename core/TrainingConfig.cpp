// SPDX-License-Identifier: MIT
#include "TrainingConfig.h"

#include "PythonFloat.h"

#include <QFile>

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

    const bool sizesValid = std::none_of(issues.begin(), issues.end(), [](auto &i) {
        return i.field == "samples" || i.field == "seq_len" || i.field == "batch_size" ||
               i.field == "epochs";
    });
    const double budget = memoryBudgetBytes();
    if (sizesValid && budget > 0 && estimatedBytes() > budget) {
        const double history = historyBytes();
        const QString need = formatBytes(estimatedBytes());
        if (history > estimatedBytes() / 2)
            issues.push_back({QStringLiteral("epochs"),
                              QStringLiteral("%1 with batch_size %2").arg(epochs).arg(batchSize),
                              QStringLiteral("the run would keep %1 steps of loss history and "
                                             "need about %2 of memory; this machine allows %3 "
                                             "(half its memory); use fewer epochs or a larger "
                                             "batch size")
                                  .arg(double(totalSteps()), 0, 'g', 3)
                                  .arg(need, formatBytes(budget))});
        else
            issues.push_back(
                {QStringLiteral("samples"),
                 QStringLiteral("%1 with seq_len %2").arg(samples).arg(seqLen),
                 QStringLiteral("the run would need about %1 of memory and this machine allows "
                                "%2 (half its memory); use fewer samples or a shorter sequence")
                     .arg(need, formatBytes(budget))});
    }
    return issues;
}

double TrainingConfig::historyBytes() const
{
    // Every step's (epoch, step, loss), kept for the chart and loss.csv, and its CSV text.
    return double(stepsPerEpoch()) * double(epochs) * (24 + 32);
}

double TrainingConfig::estimatedBytes() const
{
    constexpr double floatBytes = 4;
    const double dataset = double(samples) * double(seqLen) * floatBytes;
    // The epoch's shuffled order: two int64 permutations while the next one is drawn.
    const double permutation = shuffle ? 2 * 8 * double(samples) : 0;
    const double batch = double(std::min(batchSize, samples)) * double(seqLen) * floatBytes;
    // The batch copy, positions added, outputs, target and their gradients: about ten copies.
    return dataset + permutation + 10 * batch + 8 * double(seqLen) * floatBytes + historyBytes();
}

double memoryBudgetBytes()
{
    double limit = physicalMemoryBytes();
    // A container's memory limit, when there is one, is the real ceiling.
    QFile cgroup(QStringLiteral("/sys/fs/cgroup/memory.max"));
    if (cgroup.open(QIODevice::ReadOnly)) {
        bool ok = false;
        const double max = cgroup.readAll().trimmed().toDouble(&ok);
        if (ok && max > 0 && (limit <= 0 || max < limit))
            limit = max;
    }
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

} // namespace pelab
