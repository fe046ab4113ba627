// SPDX-License-Identifier: MIT
#pragma once

#include "AxisScale.h"
#include "FigureStyle.h"

#include <QRectF>
#include <QStringList>

#include <utility>
#include <vector>

class QPainter;

namespace pelab {

// What one axis shows. The ticks are chosen once the axis' length is known.
struct AxisSpec {
    double min = 0;
    double max = 1;
    bool log = false;
    bool integers = false; // positions and dimensions: whole-number ticks only
    bool inverted = false; // y grows downwards, as a matrix's rows do
    QString title;
    double tickSpacing = 0; // wanted distance between ticks; 0 picks one per orientation
    // Named rows or columns (gradient groups, layers): ticks at 0, 1, ... labelled with these
    // names, thinned when they would overlap. Set min and max to -0.5 and size - 0.5.
    QStringList categories;
};

// A pair of axes: lays out the plot rectangle so tick labels and axis titles fit around it,
// maps data to it, and draws grid, spines, ticks and titles in matplotlib's manner.
class PlotAxes {
public:
    PlotAxes(const FigureStyle &style, const AxisSpec &x, const AxisSpec &y);

    // Fits the axes into `area` (labels included); returns the plot rectangle.
    QRectF layout(const QRectF &area);
    // The space labels need around a plot of this size: left, top, right, bottom.
    QMarginsF labelMargins(const QSizeF &plotSize);
    // Uses `plot` as the plot rectangle as is (labels go outside it).
    void setPlotRect(const QRectF &plot);

    QRectF plotRect() const { return m_plot; }
    const AxisScale &xScale() const { return m_xScale; }
    const AxisScale &yScale() const { return m_yScale; }
    double mapX(double x) const;
    double mapY(double y) const;
    QPointF map(double x, double y) const { return {mapX(x), mapY(y)}; }

    void drawGrid(QPainter &painter) const;
    void drawFrame(QPainter &painter) const;

private:
    void buildScales(const QSizeF &plotSize);
    // The ticks drawn and labelled on an axis: its scale's, or its categories'.
    std::vector<std::pair<double, TickLabel>> ticks(const AxisSpec &spec, const AxisScale &scale,
                                                    double length, bool horizontal) const;

    const FigureStyle &m_style;
    AxisSpec m_x;
    AxisSpec m_y;
    AxisScale m_xScale;
    AxisScale m_yScale;
    QRectF m_plot;
};

} // namespace pelab
