// SPDX-License-Identifier: MIT
#include "HeatmapPlot.h"

#include "EmbeddingStats.h"
#include "PlotTicks.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <array>
#include <cmath>

namespace pelab {

namespace {
constexpr int tickLength = 4;
constexpr int gap = 6;
constexpr int colorBarGap = 14;
constexpr int minColorBarHeight = 150;

// Which cells pixel `p` of `pixels` shows: the one under it when cells are at least a pixel
// wide, else every cell that starts inside it.
std::pair<int, int> cellSpan(int p, int pixels, int cells)
{
    if (cells <= pixels) {
        const int cell = int(std::int64_t(p) * cells / pixels);
        return {cell, cell + 1};
    }
    const auto ceilDiv = [](std::int64_t a, std::int64_t b) { return int((a + b - 1) / b); };
    return {ceilDiv(std::int64_t(p) * cells, pixels), ceilDiv(std::int64_t(p + 1) * cells, pixels)};
}
} // namespace

void HeatmapPlot::setGrid(const Matrix &grid)
{
    m_grid = isWellFormed(grid) ? grid : Matrix{};
    m_dirty = true;
}

void HeatmapPlot::setColorMap(ColorBar::ColorMap map)
{
    if (map == m_bar.colorMap())
        return;
    m_bar.setColorMap(map);
    m_dirty = true;
}

void HeatmapPlot::setColorRange(double lo, double hi)
{
    if (lo == m_bar.lo() && hi == m_bar.hi())
        return;
    m_bar.setRange(lo, hi);
    m_dirty = true;
}

void HeatmapPlot::setAxisTitles(const QString &x, const QString &y)
{
    m_xTitle = x;
    m_yTitle = y;
}

HeatmapPlot::Margins HeatmapPlot::margins(const QFontMetrics &metrics, bool horizontalYTitle) const
{
    const int line = metrics.height();
    const int rowLabel = metrics.horizontalAdvance(QString::number(std::max(0, m_grid.rows - 1)));
    const int yTitle = horizontalYTitle ? metrics.horizontalAdvance(m_yTitle) : line;
    return {yTitle + gap + rowLabel + tickLength + 2, colorBarGap + m_bar.preferredWidth(metrics),
            line / 2 + 2, tickLength + line + gap / 2 + line, horizontalYTitle};
}

QSize HeatmapPlot::gridSize(const QSize &available, const QFontMetrics &metrics) const
{
    const int cols = m_grid.cols, rows = m_grid.rows;
    double cellW = double(available.width()) / cols;
    double cellH = double(available.height()) / rows;
    if (m_square) {
        cellW = cellH = std::min(cellW, cellH);
    } else {
        // A strip of 1 to 3 rows (the seed's 10 x 1) gets cells about as tall as they are
        // wide, not 300 px bars; a real matrix fills the area.
        constexpr int stripCount = 4;
        const double minStrip = 2.0 * metrics.height();
        const double w = cols < stripCount ? std::min(cellW, std::max(cellH, minStrip)) : cellW;
        cellH = rows < stripCount ? std::min(cellH, std::max(cellW, minStrip)) : cellH;
        cellW = w;
    }
    // Whole-pixel cells keep a small grid even; past a few pixels nobody sees the difference,
    // and rounding down would waste up to half the area.
    const auto extent = [](double cell, int count, int available) {
        constexpr double evenCells = 4;
        if (cell >= evenCells)
            return std::min(available, int(std::floor(cell)) * count);
        return std::clamp(int(std::floor(cell * count)), 1, available);
    };
    return {extent(cellW, cols, available.width()), extent(cellH, rows, available.height())};
}

void HeatmapPlot::layout(const QRect &area, const QFontMetrics &metrics)
{
    if (m_grid.isEmpty() || area.isEmpty()) {
        m_gridRect = m_barRect = {};
        return;
    }
    QSize size;
    QRect available;
    for (bool horizontal : {false, true}) {
        m_margins = margins(metrics, horizontal);
        available =
            area.adjusted(m_margins.left, m_margins.top, -m_margins.right, -m_margins.bottom);
        if (available.width() < 4 || available.height() < 4) {
            m_gridRect = m_barRect = {};
            return;
        }
        size = gridSize(available.size(), metrics);
        // A rotated axis title needs the grid to be taller than the title is long.
        if (size.height() >= metrics.horizontalAdvance(m_yTitle) + 8)
            break;
    }
    const QRect grid(available.left() + (available.width() - size.width()) / 2,
                     available.top() + (available.height() - size.height()) / 2, size.width(),
                     size.height());
    if (grid.size() != m_gridRect.size())
        m_dirty = true;
    m_gridRect = grid;
    const int barHeight = std::clamp(minColorBarHeight, grid.height(), available.height());
    const int barTop = std::clamp(grid.center().y() - barHeight / 2, available.top(),
                                  available.bottom() - barHeight + 1);
    m_barRect =
        QRect(grid.right() + 1 + colorBarGap, barTop, m_bar.preferredWidth(metrics), barHeight);
}

std::optional<QPoint> HeatmapPlot::cellAt(const QPoint &pos) const
{
    if (m_grid.isEmpty() || !m_gridRect.contains(pos))
        return std::nullopt;
    const int col =
        int(std::int64_t(pos.x() - m_gridRect.left()) * m_grid.cols / m_gridRect.width());
    const int row =
        int(std::int64_t(pos.y() - m_gridRect.top()) * m_grid.rows / m_gridRect.height());
    return QPoint(std::clamp(col, 0, m_grid.cols - 1), std::clamp(row, 0, m_grid.rows - 1));
}

QRectF HeatmapPlot::cellRect(int col, int row) const
{
    const double w = double(m_gridRect.width()) / m_grid.cols;
    const double h = double(m_gridRect.height()) / m_grid.rows;
    return {m_gridRect.left() + col * w, m_gridRect.top() + row * h, w, h};
}

QImage HeatmapPlot::render(const QSize &pixels) const
{
    // Colours through a lookup table: a 1000 x 1000 similarity matrix repaints in a blink.
    std::array<QRgb, 256> table;
    for (int i = 0; i < 256; ++i)
        table[std::size_t(i)] =
            m_bar.color(m_bar.lo() + (m_bar.hi() - m_bar.lo()) * i / 255.0).rgb();
    const QRgb missing = m_bar.color(qQNaN()).rgb();
    const double scale = 255.0 / (m_bar.hi() - m_bar.lo());

    std::vector<std::pair<int, int>> colSpans(std::size_t(pixels.width()));
    for (int x = 0; x < pixels.width(); ++x)
        colSpans[std::size_t(x)] = cellSpan(x, pixels.width(), m_grid.cols);
    QImage image(pixels, QImage::Format_RGB32);
    for (int y = 0; y < pixels.height(); ++y) {
        const auto [row0, row1] = cellSpan(y, pixels.height(), m_grid.rows);
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < pixels.width(); ++x) {
            const auto [col0, col1] = colSpans[std::size_t(x)];
            double sum = 0;
            for (int row = row0; row < row1; ++row)
                for (int col = col0; col < col1; ++col)
                    sum += m_grid.at(row, col);
            const double mean = sum / ((row1 - row0) * (col1 - col0));
            line[x] = std::isfinite(mean)
                          ? table[std::size_t(
                                std::clamp(std::lround((mean - m_bar.lo()) * scale), 0L, 255L))]
                          : missing;
        }
    }
    return image;
}

void HeatmapPlot::paint(QPainter &painter, const QPalette &palette)
{
    if (m_gridRect.isEmpty())
        return;
    const qreal dpr = painter.device()->devicePixelRatioF();
    const QSize pixels = (QSizeF(m_gridRect.size()) * dpr).toSize();
    if (m_dirty || m_cache.size() != pixels) {
        m_cache = render(pixels);
        m_cache.setDevicePixelRatio(dpr);
        m_dirty = false;
        ++m_renderCount;
    }
    painter.drawImage(m_gridRect.topLeft(), m_cache);
    paintSeparators(painter, palette);
    if (m_boundary && *m_boundary > 0 && *m_boundary < m_grid.cols) {
        const double x = cellRect(*m_boundary, 0).left();
        painter.save();
        painter.setPen(QPen(palette.color(QPalette::WindowText), 1.5, Qt::DashLine));
        painter.drawLine(QPointF(x, m_gridRect.top() - 4), QPointF(x, m_gridRect.bottom() + 1));
        const QFontMetrics metrics = painter.fontMetrics();
        painter.drawText(QPointF(x + 3, m_gridRect.top() - 3 - metrics.descent()), m_boundaryLabel);
        painter.restore();
    }
    if (m_highlight && m_highlight->x() < m_grid.cols && m_highlight->y() < m_grid.rows) {
        const QRectF cell = cellRect(m_highlight->x(), m_highlight->y());
        painter.setPen(QPen(palette.color(QPalette::WindowText), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(cell.adjusted(-1, -1, 1, 1));
    }
    paintAxes(painter, palette);
    m_bar.paint(painter, m_barRect, palette);
}

void HeatmapPlot::paintSeparators(QPainter &painter, const QPalette &palette) const
{
    // Thin gaps make a few large cells read as separate positions rather than one bar.
    constexpr double minCell = 16;
    painter.setPen(QPen(palette.color(QPalette::Window), 1));
    const double w = double(m_gridRect.width()) / m_grid.cols;
    const double h = double(m_gridRect.height()) / m_grid.rows;
    if (w >= minCell) {
        for (int col = 1; col < m_grid.cols; ++col) {
            const int x = m_gridRect.left() + int(std::lround(col * w));
            painter.drawLine(x, m_gridRect.top(), x, m_gridRect.bottom());
        }
    }
    if (h >= minCell) {
        for (int row = 1; row < m_grid.rows; ++row) {
            const int y = m_gridRect.top() + int(std::lround(row * h));
            painter.drawLine(m_gridRect.left(), y, m_gridRect.right(), y);
        }
    }
}

void HeatmapPlot::paintAxes(QPainter &painter, const QPalette &palette) const
{
    const QFontMetrics metrics = painter.fontMetrics();
    const int line = metrics.height();
    const QColor text = palette.color(QPalette::WindowText);
    painter.setPen(text);
    const double cellW = double(m_gridRect.width()) / m_grid.cols;
    const double cellH = double(m_gridRect.height()) / m_grid.rows;

    const int colLabel = metrics.horizontalAdvance(QString::number(m_grid.cols - 1));
    const int colStep = indexTickStep(cellW, colLabel + 10);
    const int tickTop = m_gridRect.bottom() + 1;
    for (int col = 0; col < m_grid.cols; col += colStep) {
        const int x = m_gridRect.left() + int(std::lround((col + 0.5) * cellW));
        painter.drawLine(x, tickTop, x, tickTop + tickLength - 1);
        painter.drawText(QRect(x - 40, tickTop + tickLength, 80, line), Qt::AlignHCenter,
                         QString::number(col));
    }
    painter.drawText(QRect(m_gridRect.left() - 100, tickTop + tickLength + line + gap / 2,
                           m_gridRect.width() + 200, line),
                     Qt::AlignHCenter, m_xTitle);

    const int rowStep = indexTickStep(cellH, line + 2);
    const int labelRight = m_gridRect.left() - tickLength - 2;
    for (int row = 0; row < m_grid.rows; row += rowStep) {
        const int y = m_gridRect.top() + int(std::lround((row + 0.5) * cellH));
        painter.drawLine(m_gridRect.left() - tickLength, y, m_gridRect.left() - 1, y);
        painter.drawText(QRect(labelRight - 80, y - line / 2, 80, line),
                         Qt::AlignRight | Qt::AlignVCenter, QString::number(row));
    }
    const int rowLabel = metrics.horizontalAdvance(QString::number(m_grid.rows - 1));
    const int titleRight = labelRight - rowLabel - gap;
    if (m_margins.horizontalYTitle) {
        painter.drawText(QRect(titleRight - 300, m_gridRect.center().y() - line / 2, 300, line),
                         Qt::AlignRight | Qt::AlignVCenter, m_yTitle);
    } else {
        painter.save();
        painter.translate(titleRight - line, m_gridRect.center().y());
        painter.rotate(-90);
        painter.drawText(QRect(-200, 0, 400, line), Qt::AlignCenter, m_yTitle);
        painter.restore();
    }
}

} // namespace pelab
