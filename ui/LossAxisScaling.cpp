// SPDX-License-Identifier: MIT
#include "LossAxisScaling.h"

#include <algorithm>
#include <cmath>

namespace pelab::axisscaling {

double niceTickInterval(double span, int maxTicks)
{
    if (!std::isfinite(span) || span <= 0)
        return 1;
    const double raw = span / std::max(maxTicks, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * magnitude >= raw * (1 - 1e-9))
            return step * magnitude;
    }
    return 10 * magnitude;
}

QString labelFormat(double interval)
{
    if (!std::isfinite(interval) || interval <= 0)
        return QStringLiteral("%g");
    if (interval < 1e-4 || interval >= 1e7)
        return QStringLiteral("%.1e");
    const int decimals = std::max(0, int(std::ceil(-std::log10(interval) - 1e-9)));
    return QStringLiteral("%.%1f").arg(decimals);
}

AxisRange linearRange(double low, double high)
{
    if (!std::isfinite(low) || !std::isfinite(high))
        return {0, 1};
    if (high - low <= std::abs(high) * 1e-12) {
        // Constant data: centre it in a band that still reads as a level line.
        const double half = high != 0 ? std::abs(high) * 0.1 : 1;
        return {low - half, high + half};
    }
    const double pad = (high - low) * 0.05;
    // Losses are usually >= 0: don't pad below zero just for headroom.
    const double min = low >= 0 ? std::max(0.0, low - pad) : low - pad;
    return {min, high + pad};
}

double logFloor(double minPositive, double high)
{
    const double top = std::isfinite(high) && high > 0 ? high : 1;
    const double lowest = top * 1e-12;
    if (!std::isfinite(minPositive) || minPositive <= 0)
        return std::max(top * 1e-3, lowest);
    return std::max(minPositive / 10, lowest);
}

AxisRange logRange(double low, double high)
{
    if (!std::isfinite(low) || !std::isfinite(high) || low <= 0 || high <= 0)
        return {0.01, 1};
    // Tight with a little headroom while at least two decade labels fall inside; otherwise
    // widen to whole decades so the axis still shows labels at both ends.
    const double padded[2] = {low / 1.25, high * 1.25};
    if (std::floor(std::log10(padded[1])) - std::ceil(std::log10(padded[0])) >= 1)
        return {padded[0], padded[1]};
    double min = std::pow(10.0, std::floor(std::log10(low) + 1e-9));
    double max = std::pow(10.0, std::ceil(std::log10(high) - 1e-9));
    if (max <= min)
        max = min * 10;
    // A hair outside the decades: pow(10, -3) is not exactly 0.001, and a log axis drops the
    // label of an end decade that rounds to just inside its range.
    return {min * (1 - 1e-9), max * (1 + 1e-9)};
}

} // namespace pelab::axisscaling
