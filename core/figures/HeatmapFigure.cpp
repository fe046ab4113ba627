// SPDX-License-Identifier: MIT
#include "HeatmapFigure.h"

#include "CellGrid.h"
#include "ColorBar.h"
#include "Colormap.h"
#include "EmbeddingStats.h"
#include "FigureFrame.h"
#include "FigureText.h"
#include "PlotAxes.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

constexpr double barThickness = 14;
constexpr double barGap = 18; // between the plot and its colorbar

// The colormap's range: the finite values, widened when they are all equal.
std::pair<double, double> colorRange(const Matrix &m)
{
    const ValueRange range = valueRange(m);
    if (!range.valid)
        return {0, 1};
    if (range.max == range.min)
        return {range.min - 0.5, range.max + 0.5};
    return {range.min, range.max};
}

CellGrid embeddingGrid(const Matrix &m, double low, double high)
{
    CellGrid grid;
    grid.columns = m.rows; // positions across
    grid.rows = m.cols;    // dimensions down
    grid.value = [&m](int column, int row) { return double(m.at(column, row)); };
    grid.min = low;
    grid.max = high;
    grid.colormap = &viridis;
    return grid;
}

AxisSpec positionAxis(const Matrix &m)
{
    return {-0.5, m.rows - 0.5, false, true, false, QStringLiteral("position")};
}

// Width 1: one strip of cells about as tall as they are wide, the colorbar under it, the
// whole block centred vertically.
QRectF drawStrip(QPainter &painter, const FigureStyle &style, const QRectF &area, const Matrix &m)
{
    const auto [low, high] = colorRange(m);
    AxisSpec y{-0.5, 0.5, false, true, true, QStringLiteral("dimension")};
    PlotAxes axes(style, positionAxis(m), y);
    const ColorBarSpec bar{low, high, QStringLiteral("embedding value"), &viridis, Qt::Horizontal};

    // Measure the labels around a strip first, then size the strip.
    const QMarginsF margins = axes.labelMargins({area.width() * 0.8, 80});
    const double plotWidth = area.width() - margins.left() - margins.right();
    const double titleLength = textSize(style.font(style.labelSize), y.title).width();
    const double stripHeight = std::clamp(plotWidth / m.rows, titleLength + 12, 140.0);
    const double barLength = std::min(plotWidth, 420.0);
    const double barBlock =
        barGap * 1.5 + barThickness + colorBarLabelExtent(style, bar, barLength);
    const double block = margins.top() + stripHeight + margins.bottom() + barBlock;
    const double top = area.top() + std::max(0.0, (area.height() - block) / 2);

    const QRectF plot(area.left() + margins.left(), top + margins.top(), plotWidth, stripHeight);
    axes.setPlotRect(plot);
    drawCellGrid(painter, style, plot, embeddingGrid(m, low, high));
    axes.drawFrame(painter);
    const QRectF barRect(plot.center().x() - barLength / 2,
                         plot.bottom() + margins.bottom() + barGap * 1.5, barLength, barThickness);
    drawColorBar(painter, style, bar, barRect);
    return plot;
}

QRectF drawMatrix(QPainter &painter, const FigureStyle &style, const QRectF &area, const Matrix &m)
{
    const auto [low, high] = colorRange(m);
    AxisSpec y{-0.5, m.cols - 0.5, false, true, true, QStringLiteral("dimension")};
    PlotAxes axes(style, positionAxis(m), y);
    const ColorBarSpec bar{low, high, QStringLiteral("embedding value"), &viridis, Qt::Vertical};
    const double barSpace = barGap + barThickness + colorBarLabelExtent(style, bar, area.height());
    const QRectF plot = axes.layout(area.adjusted(0, 0, -barSpace, 0));
    drawCellGrid(painter, style, plot, embeddingGrid(m, low, high));
    axes.drawFrame(painter);
    drawColorBar(painter, style, bar,
                 QRectF(plot.right() + barGap, plot.top(), barThickness, plot.height()));
    return plot;
}

} // namespace

void drawHeatmapFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = data.config.encoding == EncodingKind::Sinusoidal
                              ? QStringLiteral("Sinusoidal positional encoding (fixed)")
                              : QStringLiteral("Learned positional embedding");
    const Matrix &m = data.embedding;
    double centerX = frame.content.center().x();
    if (m.isEmpty())
        drawNotice(painter, style, frame.content, QStringLiteral("No embedding yet"),
                   QStringLiteral("Start a run to see its positional embedding."));
    else if (m.cols == 1)
        centerX = drawStrip(painter, style, frame.content, m).center().x();
    else
        centerX = drawMatrix(painter, style, frame.content, m).center().x();
    drawFigureTitle(painter, style, frame, title, centerX);
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
