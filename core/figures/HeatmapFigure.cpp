// SPDX-License-Identifier: MIT
#include "HeatmapFigure.h"

#include "CellGrid.h"
#include "ColorBar.h"
#include "Colormap.h"
#include "EmbeddingStats.h"
#include "FigureFrame.h"
#include "FigureText.h"
#include "LineChart.h"
#include "PlotAxes.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

constexpr double barThickness = 14;
constexpr double barGap = 18; // between the plot and its colorbar

// What the heatmap colours: the table's values, or their change since initialisation,
// with the colour scale a view chose (or the data's own), and the hover text of a cell.
struct TableColours {
    Matrix shown;       // [positions, dimensions]
    TableWindow window; // the part of it drawn
    double low = 0;
    double high = 1;
    QColor (*colormap)(double) = &viridis;
    QString barTitle;
};

bool hasInitial(const FigureData &data)
{
    return data.initialEmbedding.rows == data.embedding.rows &&
           data.initialEmbedding.cols == data.embedding.cols;
}

TableColours tableColours(const FigureData &data)
{
    TableColours colours;
    const bool change = data.table.change && hasInitial(data);
    colours.shown = change ? difference(data.embedding, data.initialEmbedding) : data.embedding;
    colours.window = tableWindow(data.table, colours.shown.rows, colours.shown.cols);
    colours.colormap = change ? &redBlue : &viridis;
    colours.barTitle =
        change ? QStringLiteral("change since initialisation") : QStringLiteral("embedding value");
    if (std::isfinite(data.table.low) && std::isfinite(data.table.high) &&
        data.table.high > data.table.low) {
        colours.low = data.table.low;
        colours.high = data.table.high;
        return colours;
    }
    const ValueRange range = valueRange(colours.shown);
    if (change) {
        // Signed change, centred on 0 so that 0 looks neutral.
        const double limit = range.valid ? std::max(std::abs(range.min), std::abs(range.max)) : 0.0;
        colours.low = limit > 0 ? -limit : -1.0;
        colours.high = limit > 0 ? limit : 1.0;
    } else if (range.valid && range.max > range.min) {
        colours.low = range.min;
        colours.high = range.max;
    } else if (range.valid) {
        colours.low = range.min - 0.5; // one value: centre it
        colours.high = range.max + 0.5;
    }
    return colours;
}

CellGrid embeddingGrid(const TableColours &colours)
{
    const Matrix &m = colours.shown;
    const TableWindow &w = colours.window;
    CellGrid grid;
    grid.columns = w.positions; // positions across
    grid.rows = w.dimensions;   // dimensions down
    grid.value = [&m, &w](int column, int row) {
        return double(m.at(w.firstPosition + column, w.firstDimension + row));
    };
    grid.min = colours.low;
    grid.max = colours.high;
    grid.colormap = colours.colormap;
    return grid;
}

AxisSpec positionAxis(const TableWindow &w)
{
    return {w.firstPosition - 0.5,     w.firstPosition + w.positions - 0.5, false, true, false,
            QStringLiteral("position")};
}

// A learned table longer than the training sequences (kept for evaluation at other lengths):
// its rows from seq_len on are never trained. Returns the rows training reaches.
int trainedRows(const FigureData &data)
{
    const int rows = data.embedding.rows;
    return data.config.encoding == EncodingKind::Learned && data.config.seqLen < rows
               ? int(data.config.seqLen)
               : rows;
}

void drawUntrainedBoundary(QPainter &painter, const FigureStyle &style, const PlotAxes &axes,
                           const FigureData &data)
{
    const int trained = trainedRows(data);
    const TableWindow w = tableWindow(data.table, data.embedding.rows, data.embedding.cols);
    if (trained >= data.embedding.rows || trained <= w.firstPosition ||
        trained >= w.firstPosition + w.positions)
        return;
    const QRectF plot = axes.plotRect();
    const double at = axes.mapX(trained - 0.5);
    painter.save();
    painter.setPen(QPen(style.text, 1.2, Qt::DashLine));
    painter.drawLine(QPointF(at, plot.top()), QPointF(at, plot.bottom()));
    const QFont font = style.font(style.tickSize);
    painter.setFont(font);
    const QString label = QStringLiteral("never trained \u2192");
    const QSizeF size = textSize(font, label);
    const QRectF box(at + 3, plot.top() + 2, size.width() + 6, size.height() + 2);
    painter.fillRect(box, style.faint(style.background, 0.8));
    painter.drawText(box, Qt::AlignCenter, label);
    painter.restore();
}

// Hovering a cell names it, its value and, in change mode, where it started.
void addCellHovers(HoverMap *hovers, const QRectF &plot, const FigureData &data)
{
    if (!hovers)
        return;
    const Matrix *now = &data.embedding;
    const Matrix *initial = hasInitial(data) ? &data.initialEmbedding : nullptr;
    const bool change = data.table.change && initial;
    const int trained = trainedRows(data);
    const TableWindow w = tableWindow(data.table, now->rows, now->cols);
    hovers->add(plot, [plot, now, initial, change, trained, w](QPointF at) -> QString {
        const int p =
            w.firstPosition + std::clamp(int((at.x() - plot.left()) / plot.width() * w.positions),
                                         0, w.positions - 1);
        const int d =
            w.firstDimension + std::clamp(int((at.y() - plot.top()) / plot.height() * w.dimensions),
                                          0, w.dimensions - 1);
        const double value = now->at(p, d);
        QString text = QStringLiteral("position %1, dimension %2\nvalue %3")
                           .arg(p)
                           .arg(d)
                           .arg(formatFigureValue(value));
        if (p >= trained)
            text += QStringLiteral("\nnever trained: beyond the training length %1").arg(trained);
        if (change) {
            const double start = initial->at(p, d);
            text += QStringLiteral("\ninitial %1\nchange %2")
                        .arg(formatFigureValue(start), formatFigureValue(value - start));
        }
        return text;
    });
}

// Width 1: one strip of cells about as tall as they are wide, the colorbar under it, the
// whole block centred vertically.
QRectF drawStrip(QPainter &painter, const FigureStyle &style, const QRectF &area,
                 const FigureData &data, HoverMap *hovers)
{
    const TableColours colours = tableColours(data);
    AxisSpec y{-0.5, 0.5, false, true, true, QStringLiteral("dimension")};
    PlotAxes axes(style, positionAxis(colours.window), y);
    const ColorBarSpec bar{colours.low, colours.high, colours.barTitle, colours.colormap,
                           Qt::Horizontal};

    // Measure the labels around a strip first, then size the strip.
    const QMarginsF margins = axes.labelMargins({area.width() * 0.8, 80});
    const double plotWidth = area.width() - margins.left() - margins.right();
    const double titleLength = textSize(style.font(style.labelSize), y.title).width();
    const double barLength = std::min(plotWidth, 420.0);
    const double barBlock =
        barGap * 1.5 + barThickness + colorBarLabelExtent(style, bar, barLength);
    // As tall as a cell is wide, within reason, and never taller than the area leaves room for.
    const double room = area.height() - margins.top() - margins.bottom() - barBlock;
    const double stripHeight = std::max(
        24.0,
        std::min(std::clamp(plotWidth / colours.window.positions, titleLength + 12, 140.0), room));
    const double block = margins.top() + stripHeight + margins.bottom() + barBlock;
    const double top = area.top() + std::max(0.0, (area.height() - block) / 2);

    const QRectF plot(area.left() + margins.left(), top + margins.top(), plotWidth, stripHeight);
    axes.setPlotRect(plot);
    drawCellGrid(painter, style, plot, embeddingGrid(colours));
    drawUntrainedBoundary(painter, style, axes, data);
    axes.drawFrame(painter);
    const QRectF barRect(plot.center().x() - barLength / 2,
                         plot.bottom() + margins.bottom() + barGap * 1.5, barLength, barThickness);
    drawColorBar(painter, style, bar, barRect);
    addCellHovers(hovers, plot, data);
    return plot;
}

QRectF drawMatrix(QPainter &painter, const FigureStyle &style, const QRectF &area,
                  const FigureData &data, HoverMap *hovers)
{
    const TableColours colours = tableColours(data);
    const TableWindow &w = colours.window;
    AxisSpec y{w.firstDimension - 0.5,     w.firstDimension + w.dimensions - 0.5, false, true, true,
               QStringLiteral("dimension")};
    PlotAxes axes(style, positionAxis(w), y);
    const ColorBarSpec bar{colours.low, colours.high, colours.barTitle, colours.colormap,
                           Qt::Vertical};
    const double barSpace = barGap + barThickness + colorBarLabelExtent(style, bar, area.height());
    const QRectF plot = axes.layout(area.adjusted(0, 0, -barSpace, 0));
    drawCellGrid(painter, style, plot, embeddingGrid(colours));
    drawUntrainedBoundary(painter, style, axes, data);
    axes.drawFrame(painter);
    drawColorBar(painter, style, bar,
                 QRectF(plot.right() + barGap, plot.top(), barThickness, plot.height()));
    addCellHovers(hovers, plot, data);
    return plot;
}

// Why there is no table: no run yet, or an encoding that has none.
QString noTableText(EncodingKind encoding)
{
    switch (encoding) {
    case EncodingKind::None:
        return QStringLiteral("This run has no positional encoding: nothing tells the model "
                              "where a token sits, so there is no table to show.");
    case EncodingKind::Rope:
        return QStringLiteral("RoPE has no table: it rotates each query and key by an angle "
                              "that grows with the position, inside attention.");
    case EncodingKind::Alibi:
        return QStringLiteral("ALiBi has no table: each head subtracts a penalty proportional "
                              "to the distance between positions from its attention scores.");
    case EncodingKind::Learned:
    case EncodingKind::Sinusoidal:
        break;
    }
    return QStringLiteral("Start a run to watch the positional embedding learn.");
}

} // namespace

void drawHeatmapFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const EncodingKind encoding = data.config.encoding;
    QString title = encoding == EncodingKind::Sinusoidal
                        ? QStringLiteral("Sinusoidal positional encoding (fixed)")
                    : encoding == EncodingKind::Learned
                        ? QStringLiteral("Learned positional embedding")
                        : QStringLiteral("Positional encoding table");
    if (data.table.change && hasInitial(data))
        title += QStringLiteral(": change since initialisation");
    const TableWindow w = tableWindow(data.table, data.embedding.rows, data.embedding.cols);
    if (!data.embedding.isEmpty() && !w.isWhole(data.embedding.rows, data.embedding.cols)) {
        QStringList parts;
        if (w.positions < data.embedding.rows)
            parts << QStringLiteral("positions %1\u2013%2 of %3")
                         .arg(w.firstPosition)
                         .arg(w.firstPosition + w.positions - 1)
                         .arg(data.embedding.rows);
        if (w.dimensions < data.embedding.cols)
            parts << QStringLiteral("dimensions %1\u2013%2 of %3")
                         .arg(w.firstDimension)
                         .arg(w.firstDimension + w.dimensions - 1)
                         .arg(data.embedding.cols);
        title += QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", ")));
    }
    const Matrix &m = data.embedding;
    double centerX = frame.content.center().x();
    if (m.isEmpty())
        drawNotice(painter, style, frame.content,
                   data.config.encoding == EncodingKind::Learned ||
                           data.config.encoding == EncodingKind::Sinusoidal
                       ? QStringLiteral("No embedding yet")
                       : QStringLiteral("No table to show"),
                   noTableText(data.config.encoding));
    else if (m.cols == 1)
        centerX = drawStrip(painter, style, frame.content, data, hovers).center().x();
    else
        centerX = drawMatrix(painter, style, frame.content, data, hovers).center().x();
    drawFigureTitle(painter, style, frame, title, centerX);
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
