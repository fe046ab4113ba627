// SPDX-License-Identifier: MIT
#pragma once

#include <QPen>
#include <QPolygonF>

#include <cstddef>
#include <functional>

class QPainter;

namespace pelab {

// Reduces a series, already mapped to painter coordinates with x ascending, to at most four
// points per column of `columnWidth` (its first, lowest, highest and last point, in order).
// The polyline through them covers the same pixels as the full one, so a million-step loss
// curve draws as a few thousand vertices. Points with a non-finite coordinate are skipped.
QPolygonF decimateSeries(std::size_t count, const std::function<QPointF(std::size_t)> &point,
                         double columnWidth);

// Strokes a polyline with round joins. On raster devices it goes in short pieces: Qt
// strokes a whole polyline as one outline, which costs seconds for a thousand zig-zagging
// antialiased segments, while pieces of a few points take milliseconds and, with round caps,
// look the same. Use opaque colours (FigureStyle::faint): translucent pieces would darken
// where they meet. Vector devices get the polyline whole.
void strokeSeries(QPainter &painter, const QPolygonF &line, QPen pen);

} // namespace pelab
