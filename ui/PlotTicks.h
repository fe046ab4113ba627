// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <vector>

namespace pelab {

// Axis ticks shared by the embedding views' hand-drawn plots.

// "Nice" ticks (steps of 1, 2 or 5 times a power of ten) inside [lo, hi], at most about
// `maxTicks` of them.
struct NiceTicks {
    std::vector<double> values;
    double step = 0;
};
NiceTicks niceTicks(double lo, double hi, int maxTicks);

// [lo, hi] widened outward to the nearest multiples of a nice step: a plot range that only
// moves when the data crosses a tick, so it does not twitch from frame to frame.
struct NiceRange {
    double lo = 0;
    double hi = 1;
};
NiceRange niceRange(double lo, double hi, int maxTicks);

// The smallest step in 1, 2, 5, 10, 20, 50... such that labels `step` items apart, each
// `itemPixels` wide, leave `labelPixels` for a label.
int indexTickStep(double itemPixels, double labelPixels);

// A tick label with as many decimals as `step` needs, and a real minus sign.
QString tickLabel(double value, double step);

// A number for tooltips and captions: 4 significant digits, real minus sign.
QString formatValue(double value);

} // namespace pelab
