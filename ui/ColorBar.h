// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

class QFontMetrics;
class QPainter;
class QPalette;
class QRect;

namespace pelab {

// A vertical colour scale drawn beside a heatmap: the gradient, its exact end values, a few
// nice ticks between, and a title along its right side saying what the colours mean.
class ColorBar {
public:
    using ColorMap = QColor (*)(double t);

    void setColorMap(ColorMap map) { m_map = map; }
    ColorMap colorMap() const { return m_map; }
    void setRange(double lo, double hi);
    void setTitle(const QString &title) { m_title = title; }
    double lo() const { return m_lo; }
    double hi() const { return m_hi; }
    const QString &title() const { return m_title; }

    // Colour for a value on this scale (grey for non-finite values).
    QColor color(double value) const;

    int preferredWidth(const QFontMetrics &metrics) const;
    // Paints into `area` (preferredWidth wide); tick labels reach half a text line above
    // and below it, so leave that much room.
    void paint(QPainter &painter, const QRect &area, const QPalette &palette) const;

    static constexpr int barWidth = 14;

private:
    struct Tick {
        double value;
        QString label;
    };
    std::vector<Tick> ticks(int barHeight, int lineHeight) const;

    ColorMap m_map = nullptr;
    double m_lo = 0;
    double m_hi = 1;
    QString m_title;
};

} // namespace pelab
