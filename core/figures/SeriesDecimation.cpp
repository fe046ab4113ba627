// SPDX-License-Identifier: MIT
#include "SeriesDecimation.h"

#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace pelab {

QPolygonF decimateSeries(std::size_t count, const std::function<QPointF(std::size_t)> &point,
                         double columnWidth)
{
    QPolygonF out;
    struct Column {
        long long index = 0;
        std::size_t first = 0, last = 0, low = 0, high = 0;
        QPointF firstPoint, lastPoint, lowPoint, highPoint;
        bool used = false;
    } column;
    const auto flush = [&] {
        if (!column.used)
            return;
        std::array<std::pair<std::size_t, QPointF>, 4> points = {{{column.first, column.firstPoint},
                                                                  {column.low, column.lowPoint},
                                                                  {column.high, column.highPoint},
                                                                  {column.last, column.lastPoint}}};
        std::sort(points.begin(), points.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        for (std::size_t i = 0; i < points.size(); ++i)
            if (i == 0 || points[i].first != points[i - 1].first)
                out << points[i].second;
        column.used = false;
    };

    for (std::size_t i = 0; i < count; ++i) {
        const QPointF p = point(i);
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            continue;
        const long long index = (long long)std::floor(p.x() / columnWidth);
        if (!column.used || index != column.index) {
            flush();
            column = {index, i, i, i, i, p, p, p, p, true};
            continue;
        }
        column.last = i;
        column.lastPoint = p;
        if (p.y() < column.lowPoint.y()) {
            column.low = i;
            column.lowPoint = p;
        }
        if (p.y() > column.highPoint.y()) {
            column.high = i;
            column.highPoint = p;
        }
    }
    flush();
    return out;
}

void strokeSeries(QPainter &painter, const QPolygonF &line, QPen pen)
{
    if (line.size() < 2)
        return;
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCapStyle(Qt::RoundCap);
    painter.save();
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    const bool raster =
        painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    // Short lines stay whole, so their dash patterns run on unbroken.
    const qsizetype piece = raster && line.size() > 64 ? 8 : line.size();
    for (qsizetype start = 0; start + 1 < line.size(); start += piece - 1)
        painter.drawPolyline(line.constData() + start, int(std::min(piece, line.size() - start)));
    painter.restore();
}

} // namespace pelab
