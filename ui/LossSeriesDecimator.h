// SPDX-License-Identifier: MIT
#pragma once

#include "ExtremaIndex.h"

#include <QList>
#include <QPointF>

#include <cstdint>
#include <limits>
#include <span>

namespace pelab {

// What a series looks like once thinned to the pixel columns of a plot.
struct DecimatedSeries {
    QList<QPointF> points;
    // Extent of the finite values inside [xMin, xMax] (NaN when there are none).
    double yMin = std::numeric_limits<double>::quiet_NaN();
    double yMax = std::numeric_limits<double>::quiet_NaN();
    double minPositive = std::numeric_limits<double>::quiet_NaN(); // for a log axis floor
    std::int64_t nonFinite = 0; // NaN/inf values inside the range, left out of `points`
};

// Thins (x, y) to at most two points per pixel column, its minimum and its maximum in x
// order, so spikes stay visible however many points share a column while the line through
// them has a few thousand vertices whatever the series' length. `xs` must be ascending. One
// point on each side of the range is kept so lines run on to the plot edges. Non-finite y
// values cannot be drawn and are skipped (and counted).
DecimatedSeries decimateMinMax(std::span<const double> xs, std::span<const double> ys, double xMin,
                               double xMax, int columns);

// The same result, reading per-column extrema from `index` (which summarises `ys`) instead of
// scanning every value: the cost grows with the columns, hardly with the points.
DecimatedSeries decimateMinMax(std::span<const double> xs, std::span<const double> ys,
                               const ExtremaIndex &index, double xMin, double xMax, int columns);

} // namespace pelab
