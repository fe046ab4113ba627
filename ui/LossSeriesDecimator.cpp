// SPDX-License-Identifier: MIT
#include "LossSeriesDecimator.h"

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

// Finite neighbour just outside the range, scanning away from it; -1 when there is none.
std::ptrdiff_t finiteNeighbour(std::span<const double> ys, std::ptrdiff_t from,
                               std::ptrdiff_t direction)
{
    for (std::ptrdiff_t i = from; i >= 0 && i < std::ptrdiff_t(ys.size()); i += direction) {
        if (std::isfinite(ys[i]))
            return i;
    }
    return -1;
}

// Appends a column's minimum and maximum in x order (once if they are the same point).
void keepColumn(DecimatedSeries &out, std::span<const double> xs, std::span<const double> ys,
                std::ptrdiff_t minIndex, std::ptrdiff_t maxIndex)
{
    const std::ptrdiff_t first = std::min(minIndex, maxIndex);
    const std::ptrdiff_t second = std::max(minIndex, maxIndex);
    out.points.append(QPointF(xs[first], ys[first]));
    if (second != first)
        out.points.append(QPointF(xs[second], ys[second]));
}

struct VisibleSpan {
    std::ptrdiff_t first = 0; // first index with x >= xMin
    std::ptrdiff_t last = 0;  // one past the last index with x <= xMax
};

VisibleSpan visibleSpan(std::span<const double> xs, std::size_t n, double xMin, double xMax)
{
    const auto begin = xs.begin();
    const auto end = xs.begin() + std::ptrdiff_t(n);
    return {std::lower_bound(begin, end, xMin) - begin, std::upper_bound(begin, end, xMax) - begin};
}

bool validRange(std::size_t n, double xMin, double xMax)
{
    return n > 0 && xMax >= xMin && std::isfinite(xMin) && std::isfinite(xMax);
}

} // namespace

DecimatedSeries decimateMinMax(std::span<const double> xs, std::span<const double> ys, double xMin,
                               double xMax, int columns)
{
    DecimatedSeries out;
    const std::size_t n = std::min(xs.size(), ys.size());
    if (!validRange(n, xMin, xMax))
        return out;
    columns = std::max(columns, 1);
    const VisibleSpan span = visibleSpan(xs, n, xMin, xMax);
    out.points.reserve(std::min<std::ptrdiff_t>(span.last - span.first, 2 * columns) + 2);
    if (const std::ptrdiff_t before = finiteNeighbour(ys, span.first - 1, -1); before >= 0)
        out.points.append(QPointF(xs[before], ys[before]));

    // One pass, tracking each column's first minimum and first maximum.
    const double scale = xMax > xMin ? columns / (xMax - xMin) : 0;
    int column = -1;
    std::ptrdiff_t minIndex = 0;
    std::ptrdiff_t maxIndex = 0;
    for (std::ptrdiff_t i = span.first; i < span.last; ++i) {
        const double y = ys[i];
        if (!std::isfinite(y)) {
            ++out.nonFinite;
            continue;
        }
        out.yMin = std::fmin(out.yMin, y);
        out.yMax = std::fmax(out.yMax, y);
        if (y > 0)
            out.minPositive = std::fmin(out.minPositive, y);
        const int c = std::min(int((xs[i] - xMin) * scale), columns - 1);
        if (c != column) {
            if (column >= 0)
                keepColumn(out, xs, ys, minIndex, maxIndex);
            column = c;
            minIndex = maxIndex = i;
        } else if (y < ys[minIndex]) {
            minIndex = i;
        } else if (y > ys[maxIndex]) {
            maxIndex = i;
        }
    }
    if (column >= 0)
        keepColumn(out, xs, ys, minIndex, maxIndex);

    if (const std::ptrdiff_t after = finiteNeighbour(ys, span.last, +1); after >= 0)
        out.points.append(QPointF(xs[after], ys[after]));
    return out;
}

DecimatedSeries decimateMinMax(std::span<const double> xs, std::span<const double> ys,
                               const ExtremaIndex &index, double xMin, double xMax, int columns)
{
    DecimatedSeries out;
    const std::size_t n = std::min(xs.size(), ys.size());
    if (!validRange(n, xMin, xMax))
        return out;
    columns = std::max(columns, 1);
    const VisibleSpan span = visibleSpan(xs, n, xMin, xMax);
    out.points.reserve(std::min<std::ptrdiff_t>(span.last - span.first, 2 * columns) + 2);
    if (const std::ptrdiff_t before = finiteNeighbour(ys, span.first - 1, -1); before >= 0)
        out.points.append(QPointF(xs[before], ys[before]));

    // Column by column: find where it ends by bisection (the same column formula as the
    // scan, so both cut at exactly the same points), then ask the index for its extrema.
    const double scale = xMax > xMin ? columns / (xMax - xMin) : 0;
    const auto columnOf = [&](double x) { return std::min(int((x - xMin) * scale), columns - 1); };
    std::ptrdiff_t i = span.first;
    while (i < span.last) {
        const int column = columnOf(xs[i]);
        const std::ptrdiff_t end =
            std::partition_point(xs.begin() + i, xs.begin() + span.last,
                                 [&](double x) { return columnOf(x) <= column; }) -
            xs.begin();
        const ExtremaIndex::Extrema extrema = index.query(ys, std::size_t(i), std::size_t(end));
        out.nonFinite += extrema.nonFinite;
        if (extrema.minIndex >= 0) {
            keepColumn(out, xs, ys, extrema.minIndex, extrema.maxIndex);
            out.yMin = std::fmin(out.yMin, extrema.min);
            out.yMax = std::fmax(out.yMax, extrema.max);
            if (std::isfinite(extrema.minPositive))
                out.minPositive = std::fmin(out.minPositive, extrema.minPositive);
        }
        i = end;
    }

    if (const std::ptrdiff_t after = finiteNeighbour(ys, span.last, +1); after >= 0)
        out.points.append(QPointF(xs[after], ys[after]));
    return out;
}

} // namespace pelab
