// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace pelab {

// Pure helpers that turn the extent of the visible data into axis ranges and tick labels.
namespace axisscaling {

struct AxisRange {
    double min = 0;
    double max = 1;
};

// The smallest 1, 2 or 5 x 10^k that splits `span` into at most `maxTicks` intervals.
double niceTickInterval(double span, int maxTicks);
// A printf format for QValueAxis labels that tell ticks `interval` apart without noise.
QString labelFormat(double interval);

// Linear loss axis around [low, high] with a little headroom; [0, 1] without data.
AxisRange linearRange(double low, double high);

// Where a log axis draws values it cannot show (<= 0) or that would stretch it over too
// many decades: a decade below the smallest positive value, at most 12 below the largest.
double logFloor(double minPositive, double high);
// A log axis range around [low, high] (both > 0) with at least two decade labels.
AxisRange logRange(double low, double high);

} // namespace axisscaling
} // namespace pelab
