// SPDX-License-Identifier: MIT
#pragma once

#include "ColorBar.h"
#include "Matrix.h"

#include <QImage>
#include <QRect>
#include <QString>

#include <optional>

class QFontMetrics;
class QPainter;
class QPalette;

namespace pelab {

// The drawing behind the embedding heatmap and the similarity view: a grid of coloured cells
// with index axes and a colour bar. Not a widget: the views own one, lay it out in their
// paint area and ask it which cell is under the mouse.
//
// Cells are whole pixels wide while they fit, so every cell is the same size; when there are
// more cells than pixels, each pixel shows the mean of the cells it covers (nothing is
// silently dropped). The coloured image is cached until the data, range or size changes.
class HeatmapPlot {
public:
    // Rows are drawn top to bottom (the y axis), columns left to right (the x axis).
    void setGrid(const Matrix &grid);
    const Matrix &grid() const { return m_grid; }
    void setColorMap(ColorBar::ColorMap map);
    void setColorRange(double lo, double hi);
    void setColorTitle(const QString &title) { m_bar.setTitle(title); }
    const ColorBar &colorBar() const { return m_bar; }
    void setAxisTitles(const QString &x, const QString &y);
    // Square cells suit a position x position matrix; otherwise cells fill the area, except
    // that a strip of few rows or columns keeps its cells from stretching absurdly.
    void setSquareCells(bool square) { m_square = square; }
    void setHighlight(std::optional<QPoint> cell) { m_highlight = cell; }
    // A dashed line before `column`, labelled at its top right (nothing: none).
    void setBoundary(std::optional<int> column, const QString &label = {})
    {
        m_boundary = column;
        m_boundaryLabel = label;
    }

    void layout(const QRect &area, const QFontMetrics &metrics);
    void paint(QPainter &painter, const QPalette &palette);
    QRect gridRect() const { return m_gridRect; }
    QRect colorBarRect() const { return m_barRect; }
    // (column, row) of the cell under a point of the laid-out plot.
    std::optional<QPoint> cellAt(const QPoint &pos) const;
    // How often the cell image was rebuilt (it should not be on every paint).
    int renderCount() const { return m_renderCount; }

private:
    struct Margins {
        int left = 0, right = 0, top = 0, bottom = 0;
        bool horizontalYTitle = false;
    };
    Margins margins(const QFontMetrics &metrics, bool horizontalYTitle) const;
    QSize gridSize(const QSize &available, const QFontMetrics &metrics) const;
    QRectF cellRect(int col, int row) const;
    QImage render(const QSize &pixels) const;
    void paintAxes(QPainter &painter, const QPalette &palette) const;
    void paintSeparators(QPainter &painter, const QPalette &palette) const;

    Matrix m_grid;
    ColorBar m_bar;
    QString m_xTitle;
    QString m_yTitle;
    bool m_square = false;
    std::optional<QPoint> m_highlight;
    std::optional<int> m_boundary;
    QString m_boundaryLabel;
    Margins m_margins;
    QRect m_gridRect;
    QRect m_barRect;
    QImage m_cache;
    bool m_dirty = true;
    int m_renderCount = 0;
};

} // namespace pelab
