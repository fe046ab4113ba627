// SPDX-License-Identifier: MIT
#include "CostExplorer.h"

#include <cmath>

namespace pelab {

namespace {

// Before any measurement: the [L, L] tensors of a naive attention's forward and backward,
// about four of float32 per head (scores, probabilities and their gradients).
double roughBytes(std::int64_t length, const AttentionCostSettings &s)
{
    return 4.0 * 4.0 * double(length) * double(length) * double(s.heads * s.batch);
}

QString mib(double bytes)
{
    return QString::number(bytes / double(1 << 20), 'f', 1) + QStringLiteral(" MiB");
}

} // namespace

std::optional<double> CostResults::predictedBytes(std::int64_t length) const
{
    return memory ? std::optional<double>(memory->at(double(length))) : std::nullopt;
}

CostResults runCostExplorer(const CostSpec &spec, const TrainingConfig &config,
                            const std::function<void(const QString &)> &progress,
                            const std::atomic<bool> *stop)
{
    CostResults results;
    const double allowed = memoryBudgetBytes() / 4;
    const auto stopping = [&] { return stop && stop->load(); };
    std::vector<double> lengths, seconds, bytes;
    for (const std::int64_t length : spec.lengths) {
        if (stopping()) {
            results.stopped = true;
            return results;
        }
        const double predicted = results.memory && lengths.size() >= 2
                                     ? results.memory->at(double(length))
                                     : roughBytes(length, spec.attention);
        if (predicted > allowed) {
            results.skipped << QStringLiteral("%1: would need about %2, over a quarter of the "
                                              "memory budget (%3)")
                                   .arg(length)
                                   .arg(mib(predicted), mib(allowed));
            continue;
        }
        if (progress)
            progress(QStringLiteral("Attention at length %1").arg(length));
        const AttentionCostPoint point = measureAttentionCost(length, spec.attention);
        results.attention.push_back(point);
        lengths.push_back(double(length));
        seconds.push_back(point.seconds);
        bytes.push_back(point.peakBytes);
        results.time = fitPowerLaw(lengths, seconds, spec.fitFrom);
        results.memory = fitPowerLaw(lengths, bytes, spec.fitFrom);
    }
    std::vector<double> familyLengths, familyMs;
    for (const std::int64_t length : spec.familyLengths) {
        if (stopping()) {
            results.stopped = true;
            return results;
        }
        TrainingConfig c = config;
        c.seqLen = length;
        if (!c.validate().empty() || c.memoryIssue())
            continue;
        if (progress)
            progress(QStringLiteral("Training step at length %1").arg(length));
        const double ms = familyStepMilliseconds(c, spec.familySteps);
        results.family.emplace_back(length, ms);
        familyLengths.push_back(double(length));
        familyMs.push_back(ms);
    }
    results.familyFit = fitPowerLaw(familyLengths, familyMs, spec.fitFrom);
    return results;
}

QStringList costMetricNames()
{
    return {QStringLiteral("time_exponent"),   QStringLiteral("memory_exponent"),
            QStringLiteral("family_exponent"), QStringLiteral("bytes_per_square"),
            QStringLiteral("attention_ms"),    QStringLiteral("attention_mib"),
            QStringLiteral("family_ms"),       QStringLiteral("longest")};
}

bool isCostMetric(const QString &name)
{
    return costMetricNames().contains(name);
}

std::optional<double> measureCostMetric(const MetricCall &call, const CostResults &r)
{
    const QString &name = call.name;
    const double length =
        !call.arguments.empty() && std::holds_alternative<double>(call.arguments[0])
            ? std::get<double>(call.arguments[0])
            : 0;
    const auto exponent = [](const std::optional<PowerFit> &fit) {
        return fit ? std::optional<double>(fit->exponent) : std::nullopt;
    };
    if (name == QLatin1String("time_exponent"))
        return exponent(r.time);
    if (name == QLatin1String("memory_exponent"))
        return exponent(r.memory);
    if (name == QLatin1String("family_exponent"))
        return exponent(r.familyFit);
    if (name == QLatin1String("longest"))
        return r.attention.empty() ? std::nullopt
                                   : std::optional<double>(double(r.attention.back().length));
    if (name == QLatin1String("bytes_per_square")) {
        if (r.attention.empty())
            return std::nullopt;
        const AttentionCostPoint &p = r.attention.back();
        return p.peakBytes / (double(p.length) * double(p.length));
    }
    for (const AttentionCostPoint &p : r.attention)
        if (double(p.length) == length) {
            if (name == QLatin1String("attention_ms"))
                return p.seconds * 1000;
            if (name == QLatin1String("attention_mib"))
                return p.peakBytes / double(1 << 20);
        }
    for (const auto &[l, ms] : r.family)
        if (double(l) == length && name == QLatin1String("family_ms"))
            return ms;
    return std::nullopt;
}

} // namespace pelab
