// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>

namespace pelab {

// Matplotlib's viridis: perceptually uniform, readable in greyscale and by colour-blind
// viewers. `t` in [0, 1] (clamped; NaN maps to 0).
QColor viridis(double t);

// Matplotlib's RdBu_r (ColorBrewer): blue at 0, near-white at 0.5, red at 1. For signed
// quantities such as a cosine similarity, where 0 must look neutral. `t` in [0, 1] (clamped).
QColor redBlue(double t);

} // namespace pelab
