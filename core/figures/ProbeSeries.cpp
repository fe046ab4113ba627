// SPDX-License-Identifier: MIT
#include "ProbeSeries.h"

#include <cmath>
#include <limits>

namespace pelab {

std::vector<QPointF> probeSeries(const RunRecord &record, const QString &measurement,
                                 const std::function<double(const NdArray &)> &reduce)
{
    std::vector<QPointF> points;
    points.reserve(record.probes.size());
    for (const ProbePoint &probe : record.probes) {
        const auto it = probe.values.constFind(measurement);
        if (it == probe.values.constEnd() || it->isEmpty())
            continue;
        const double value = reduce(*it);
        if (std::isfinite(value))
            points.push_back({double(probe.step), value});
    }
    return points;
}

double layerMean(const NdArray &perHead, std::int64_t layer)
{
    if (perHead.shape.size() != 2 || layer < 0 || layer >= perHead.shape[0] ||
        perHead.shape[1] <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (std::int64_t h = 0; h < perHead.shape[1]; ++h)
        sum += perHead.at({layer, h});
    return sum / double(perHead.shape[1]);
}

const NdArray *latestMeasurement(const RunRecord &record, const QString &measurement)
{
    const auto it = record.latest.constFind(measurement);
    if (it != record.latest.constEnd() && !it->isEmpty())
        return &*it;
    for (auto probe = record.probes.rbegin(); probe != record.probes.rend(); ++probe) {
        const auto found = probe->values.constFind(measurement);
        if (found != probe->values.constEnd() && !found->isEmpty())
            return &*found;
    }
    return nullptr;
}

const NdArray *initialMeasurement(const RunRecord &record, const QString &measurement)
{
    if (record.probes.empty() || record.probes.front().step != 0)
        return nullptr;
    const auto it = record.probes.front().values.constFind(measurement);
    return it != record.probes.front().values.constEnd() && !it->isEmpty() ? &*it : nullptr;
}

} // namespace pelab
