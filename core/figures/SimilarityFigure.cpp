// SPDX-License-Identifier: MIT
#include "SimilarityFigure.h"

#include "CellGrid.h"
#include "ColorBar.h"
#include "Colormap.h"
#include "EmbeddingStats.h"
#include "FigureFrame.h"
#include "LineChart.h"
#include "PlotAxes.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

constexpr double barThickness = 14;
constexpr double barGap = 18;

QRectF drawMatrix(QPainter &painter, const FigureStyle &style, const QRectF &area, const Matrix &m,
                  HoverMap *hovers)
{
    const std::vector<int> positions = similarityPositions(m.rows);
    const int n = int(positions.size());
    Matrix sampled{n, m.cols, {}};
    sampled.values.reserve(std::size_t(n) * m.cols);
    for (int position : positions)
        for (int k = 0; k < m.cols; ++k)
            sampled.values.push_back(m.at(position, k));
    const Matrix similarity = cosineSimilarity(sampled);

    const AxisSpec x{-0.5, m.rows - 0.5, false, true, false, QStringLiteral("position")};
    AxisSpec y = x;
    y.inverted = true;
    PlotAxes axes(style, x, y);
    const ColorBarSpec bar{-1, 1, QStringLiteral("cosine similarity"), &redBlue, Qt::Vertical};
    const double barSpace = barGap + barThickness + colorBarLabelExtent(style, bar, area.height());

    // A square matrix, centred with its colorbar in the area.
    const QMarginsF margins = axes.labelMargins({area.height(), area.height()});
    const double side = std::min(area.width() - barSpace - margins.left() - margins.right(),
                                 area.height() - margins.top() - margins.bottom());
    const double blockWidth = margins.left() + side + margins.right() + barSpace;
    const QRectF plot(area.left() + (area.width() - blockWidth) / 2 + margins.left(),
                      area.top() + (area.height() - side - margins.top() - margins.bottom()) / 2 +
                          margins.top(),
                      side, side);
    axes.setPlotRect(plot);

    CellGrid grid;
    grid.columns = n;
    grid.rows = n;
    grid.value = [&](int column, int row) { return double(similarity.at(row, column)); };
    grid.min = -1;
    grid.max = 1;
    grid.colormap = &redBlue;
    drawCellGrid(painter, style, plot, grid);
    axes.drawFrame(painter);
    drawColorBar(painter, style, bar,
                 QRectF(plot.right() + barGap, plot.top(), barThickness, plot.height()));
    if (hovers)
        hovers->add(plot, [plot, positions, similarity, n](QPointF at) -> QString {
            const int column = std::clamp(int((at.x() - plot.left()) / plot.width() * n), 0, n - 1);
            const int row = std::clamp(int((at.y() - plot.top()) / plot.height() * n), 0, n - 1);
            return QStringLiteral("positions %1 and %2\nsimilarity %3")
                .arg(positions[std::size_t(row)])
                .arg(positions[std::size_t(column)])
                .arg(formatFigureValue(similarity.at(row, column)));
        });
    return plot;
}

} // namespace

std::vector<int> similarityPositions(int length, int maxPositions)
{
    std::vector<int> positions;
    const int n = std::min(length, maxPositions);
    positions.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i)
        positions.push_back(int(std::int64_t(i) * length / n));
    return positions;
}

void drawSimilarityFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                          const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = QStringLiteral("Cosine similarity between positions");
    const Matrix &m = data.embedding;
    double centerX = frame.content.center().x();
    if (m.isEmpty()) {
        drawNotice(painter, style, frame.content, QStringLiteral("No embedding yet"),
                   QStringLiteral("Start a run to compare its positions."));
    } else if (m.cols == 1) {
        drawNotice(
            painter, style, frame.content, QStringLiteral("Not meaningful for a width-1 embedding"),
            QStringLiteral("Each position's embedding is a single number (d = 1), so the cosine "
                           "similarity of two positions is just the product of their signs: every "
                           "cell would be +1 or \u22121, whatever the values. Compare the values "
                           "themselves in the embedding profile, or train a wider embedding "
                           "(d > 1) to compare positions by direction."));
    } else {
        centerX = drawMatrix(painter, style, frame.content, m, hovers).center().x();
    }
    drawFigureTitle(painter, style, frame, title, centerX);
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
