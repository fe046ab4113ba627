// SPDX-License-Identifier: MIT
#include "Colormap.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace pelab {

namespace {

using Anchors = std::array<std::array<int, 3>, 11>;

// Anchors sampled at 0, 0.1, ..., 1; linear in between.
QColor interpolate(const Anchors &anchors, double t)
{
    if (!std::isfinite(t))
        t = 0;
    const double x = std::clamp(t, 0.0, 1.0) * 10.0;
    const int i = std::min(int(x), 9);
    const double f = x - i;
    const auto mix = [&](int c) {
        return int(std::lround(anchors[i][c] + f * (anchors[i + 1][c] - anchors[i][c])));
    };
    return QColor(mix(0), mix(1), mix(2));
}

} // namespace

QColor viridis(double t)
{
    static constexpr Anchors anchors = {{{68, 1, 84},
                                         {72, 36, 117},
                                         {65, 68, 135},
                                         {53, 95, 141},
                                         {42, 120, 142},
                                         {33, 145, 140},
                                         {34, 168, 132},
                                         {68, 191, 112},
                                         {122, 209, 81},
                                         {189, 223, 38},
                                         {253, 231, 37}}};
    return interpolate(anchors, t);
}

QColor redBlue(double t)
{
    static constexpr Anchors anchors = {{{5, 48, 97},
                                         {33, 102, 172},
                                         {67, 147, 195},
                                         {146, 197, 222},
                                         {209, 229, 240},
                                         {247, 247, 247},
                                         {253, 219, 199},
                                         {244, 165, 130},
                                         {214, 96, 77},
                                         {178, 24, 43},
                                         {103, 0, 31}}};
    return interpolate(anchors, t);
}

} // namespace pelab
