// SPDX-License-Identifier: MIT
#pragma once

#include <QPointF>
#include <QRectF>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace pelab {

// What a figure says about the point under the mouse: regions it drew (a plot, a heatmap
// panel) and, for each, how to name the value at a point inside it. Figures fill one while
// they draw, so a view's hover text reads the same layout as its pixels.
struct HoverRegion {
    QRectF rect;
    std::function<QString(QPointF)> text; // empty string: nothing worth saying there
};

class HoverMap {
public:
    void add(const QRectF &rect, std::function<QString(QPointF)> text)
    {
        m_regions.push_back({rect, std::move(text)});
    }
    void clear() { m_regions.clear(); }
    bool isEmpty() const { return m_regions.empty(); }
    // The text of the last region drawn under `point` (later regions lie on top).
    QString textAt(QPointF point) const
    {
        for (auto it = m_regions.rbegin(); it != m_regions.rend(); ++it)
            if (it->rect.contains(point))
                return it->text(point);
        return {};
    }

    // The last region drawn under `point` (a plot, a panel), if any.
    std::optional<QRectF> regionAt(QPointF point) const
    {
        for (auto it = m_regions.rbegin(); it != m_regions.rend(); ++it)
            if (it->rect.contains(point))
                return it->rect;
        return std::nullopt;
    }

private:
    std::vector<HoverRegion> m_regions;
};

} // namespace pelab
