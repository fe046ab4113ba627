// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>

namespace pelab {

// Matplotlib's viridis: perceptually uniform, readable in greyscale and by colour-blind
// viewers. `t` in [0, 1] (clamped).
QColor viridis(double t);

} // namespace pelab
