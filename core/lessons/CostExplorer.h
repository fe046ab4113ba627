// SPDX-License-Identifier: MIT
// The quadratic-cost lesson: attention's time and memory measured at growing lengths with a
// power law fitted to each, the memory any length would need (predicted before it runs),
// and the family's own training step against the length. Torch-free header.
#pragma once

#include "lessons/AttentionCost.h"
#include "lessons/LessonExpression.h"

#include <QStringList>

#include <atomic>
#include <functional>

namespace pelab {

// What a cost lesson measures (the "cost" object of its file).
struct CostSpec {
    std::vector<std::int64_t> lengths{64, 128, 256, 512, 1024, 2048};
    AttentionCostSettings attention;
    double fitFrom = 256;                    // the fits use lengths from here on
    std::vector<std::int64_t> familyLengths; // the family's step time at these (may be empty)
    int familySteps = 5;
};

struct CostResults {
    std::vector<AttentionCostPoint> attention;
    QStringList skipped; // lengths left out, with why ("4096: needs 1.0 GiB, over ...")
    std::optional<PowerFit> time, memory;
    std::vector<std::pair<std::int64_t, double>> family; // length, ms per step
    std::optional<PowerFit> familyFit;
    bool stopped = false;

    // The memory one attention forward and backward would need at `length`, from the fit
    // (nothing before there is one).
    std::optional<double> predictedBytes(std::int64_t length) const;
};

// Measures the attention at each length the memory budget allows (a length whose predicted
// memory is over a quarter of the budget is skipped, named in `skipped`), then the family's
// step with `config` at each familyLengths entry (config.seqLen set to it). `progress` gets
// a line before each measurement; `stop` ends it between two.
CostResults runCostExplorer(const CostSpec &spec, const TrainingConfig &config,
                            const std::function<void(const QString &)> &progress = {},
                            const std::atomic<bool> *stop = nullptr);

// The cost lesson's measurements: time_exponent(), memory_exponent(), family_exponent(),
// bytes_per_square() (peak bytes over L^2 at the longest length measured), attention_ms(L),
// attention_mib(L), family_ms(L), longest(): nothing when not measured.
std::optional<double> measureCostMetric(const MetricCall &call, const CostResults &results);
bool isCostMetric(const QString &name);
QStringList costMetricNames();

} // namespace pelab
