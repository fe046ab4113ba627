// SPDX-License-Identifier: MIT
#include "CellGrid.h"

#include "AxisScale.h"
#include "FigureText.h"

#include <QImage>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <vector>

namespace pelab {

namespace {

// Up to 32 x 32 cells as vector rectangles (~250 bytes each in an SVG), more as an image.
constexpr int maxVectorCells = 1024;

double normalized(const CellGrid &grid, double value)
{
    return grid.max > grid.min ? (value - grid.min) / (grid.max - grid.min) : 0.5;
}

// Relative luminance, to pick white or dark text on a cell.
bool isDark(const QColor &color)
{
    return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF() < 0.45;
}

// Whether every cell's value, as written, fits its cell (a blown-up table's -64213.7 does not
// where a trained one's -0.88 does). Called only for vector grids: at most 1024 labels.
bool labelsFit(const FigureStyle &style, const CellGrid &grid, QSizeF cell)
{
    const QFont font = style.font(style.tickSize - 1);
    QSizeF widest = textSize(font, formatTickNumber(-8.88, grid.labelDecimals));
    if (cell.width() < widest.width() + 6 || cell.height() < widest.height() + 8)
        return false; // not even a short label fits
    for (int row = 0; row < grid.rows; ++row)
        for (int column = 0; column < grid.columns; ++column) {
            const QSizeF size =
                textSize(font, formatTickNumber(grid.value(column, row), grid.labelDecimals));
            widest = widest.expandedTo(size);
        }
    return cell.width() >= widest.width() + 6 && cell.height() >= widest.height() + 8;
}

void drawVectorCells(QPainter &painter, const FigureStyle &style, const QRectF &plot,
                     const CellGrid &grid)
{
    const double w = plot.width() / grid.columns;
    const double h = plot.height() / grid.rows;
    const bool annotate = labelsFit(style, grid, {w, h});
    const QFont font = style.font(style.tickSize - 1);
    painter.setPen(Qt::NoPen);
    // Neighbours overlap slightly: viewers antialias each rectangle's edge, and abutting
    // edges would show hairline seams of background between the cells.
    const double overlap = 0.4;
    for (int row = 0; row < grid.rows; ++row) {
        const int drawnRow = grid.rowsDownward ? row : grid.rows - 1 - row;
        for (int column = 0; column < grid.columns; ++column) {
            const double value = grid.value(column, row);
            const QColor color = grid.colormap(normalized(grid, value));
            const QRectF cell(plot.left() + column * w, plot.top() + drawnRow * h, w, h);
            painter.setBrush(color);
            painter.drawRect(cell.adjusted(0, 0, column + 1 < grid.columns ? overlap : 0,
                                           drawnRow + 1 < grid.rows ? overlap : 0));
            if (annotate)
                drawText(painter, font, isDark(color) ? QColor(Qt::white) : style.text,
                         formatTickNumber(value, grid.labelDecimals), cell.center(),
                         Qt::AlignCenter);
        }
    }
}

// The colormap sampled at 1024 levels: a pixel is a lookup, not an interpolation (a colour
// step of 1/1024 is below what a screen or print shows). Built once per colormap.
constexpr int levels = 1024;
const std::vector<QRgb> &colormapTable(QColor (*colormap)(double))
{
    static std::mutex mutex;
    static std::map<QColor (*)(double), std::vector<QRgb>> tables;
    const std::lock_guard lock(mutex);
    std::vector<QRgb> &lut = tables[colormap];
    if (lut.empty()) {
        lut.resize(levels);
        for (int i = 0; i < levels; ++i)
            lut[std::size_t(i)] = colormap(double(i) / (levels - 1)).rgb();
    }
    return lut;
}

void drawImageCells(QPainter &painter, const QRectF &plot, const CellGrid &grid)
{
    // Average blocks of cells down to two pixels per layout unit at most.
    const int columns = std::min(grid.columns, std::max(1, int(std::ceil(plot.width() * 2))));
    const int rows = std::min(grid.rows, std::max(1, int(std::ceil(plot.height() * 2))));
    std::vector<double> sums(std::size_t(columns) * rows, 0.0);
    std::vector<int> counts(sums.size(), 0);
    for (int row = 0; row < grid.rows; ++row) {
        const int y = int(std::int64_t(row) * rows / grid.rows);
        for (int column = 0; column < grid.columns; ++column) {
            const double value = grid.value(column, row);
            if (!std::isfinite(value))
                continue;
            const std::size_t index = std::size_t(y) * columns +
                                      std::size_t(std::int64_t(column) * columns / grid.columns);
            sums[index] += value;
            ++counts[index];
        }
    }
    const std::vector<QRgb> &lut = colormapTable(grid.colormap);
    QImage image(columns, rows, QImage::Format_RGB32);
    for (int y = 0; y < rows; ++y) {
        const int drawnY = grid.rowsDownward ? y : rows - 1 - y;
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(drawnY));
        for (int x = 0; x < columns; ++x) {
            const std::size_t index = std::size_t(y) * columns + x;
            const double mean = counts[index] ? sums[index] / counts[index] : grid.min;
            const double t = std::clamp(normalized(grid, mean), 0.0, 1.0);
            line[x] = lut[std::isfinite(t) ? std::size_t(t * (levels - 1) + 0.5) : 0];
        }
    }
    // SVG and PDF viewers smooth embedded images: scale up here with hard edges. A raster
    // device scales without smoothing as it draws.
    const bool raster =
        painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    const QSize target(std::max(1, int(std::ceil(plot.width() * 2))),
                       std::max(1, int(std::ceil(plot.height() * 2))));
    if (!raster && image.size() != target)
        image = image.scaled(target, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(plot, image);
}

} // namespace

void drawCellGrid(QPainter &painter, const FigureStyle &style, const QRectF &plot,
                  const CellGrid &grid)
{
    if (grid.columns <= 0 || grid.rows <= 0 || !grid.colormap)
        return;
    painter.save();
    painter.setClipRect(plot);
    painter.setRenderHint(QPainter::Antialiasing, false);
    if (std::int64_t(grid.columns) * grid.rows <= maxVectorCells)
        drawVectorCells(painter, style, plot, grid);
    else
        drawImageCells(painter, plot, grid);
    painter.restore();
}

} // namespace pelab
