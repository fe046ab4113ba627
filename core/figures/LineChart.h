// SPDX-License-Identifier: MIT
#pragma once

#include "FigureHover.h"
#include "FigureStyle.h"
#include "PlotAxes.h"

#include <QColor>
#include <QPointF>
#include <QRectF>

#include <vector>

class QPainter;

namespace pelab {

// One line of a chart, in data coordinates (non-finite points break nothing: they are skipped).
struct ChartSeries {
    QString name;
    std::vector<QPointF> points;
    QColor color;
    double width = 1.8;
    bool dashed = false;
    bool markers = false;
};

// A labelled line across the plot: a level to compare with (uniform attention, chance
// accuracy) or a place (the training length).
struct ChartReference {
    Qt::Orientation orientation = Qt::Horizontal; // Horizontal: y = value
    double value = 0;
    QString label;
};

struct LineChartSpec {
    AxisSpec x;
    AxisSpec y;
    std::vector<ChartSeries> series;
    std::vector<ChartReference> references;
    bool legend = true;
};

// Fits min and max around the finite values of every series and reference on one axis,
// with 5% padding (a decade's 5% on a log axis, where non-positive values are ignored).
// Keeps the spec's range when there is no value.
void fitAxisToSeries(AxisSpec &axis, const LineChartSpec &chart, Qt::Orientation orientation);

// Draws axes, references, lines and legend into `area`; returns the plot rectangle. With a
// hover map, the plot says which series point is nearest to the mouse.
QRectF drawLineChart(QPainter &painter, const FigureStyle &style, const QRectF &area,
                     const LineChartSpec &chart, HoverMap *hovers = nullptr);

// A value for a hover text or a note: four significant digits, a real minus sign, any locale.
QString formatFigureValue(double value);

// The figures' series colours: matplotlib's tab10, cycling.
QColor seriesColor(int index);

} // namespace pelab
