// SPDX-License-Identifier: MIT
#include "AttentionFigure.h"

#include "CellGrid.h"
#include "ColorBar.h"
#include "Colormap.h"
#include "EntropyFigure.h"
#include "FigureFrame.h"
#include "FigureText.h"
#include "LineChart.h"
#include "ProbeSeries.h"

#include <QPainter>

#include <cmath>

namespace pelab {

namespace {

constexpr double barThickness = 14;
constexpr double barGap = 18;

// One panel's L x L probabilities averaged down to at most `cells` x `cells`.
std::vector<double> panelCells(const NdArray &attention, std::int64_t layer, std::int64_t head,
                               int cells)
{
    const std::int64_t L = attention.shape[2];
    const std::size_t base = std::size_t(((layer * attention.shape[1]) + head) * L * L);
    if (cells == L) // nothing to average
        return {attention.values.begin() + std::ptrdiff_t(base),
                attention.values.begin() + std::ptrdiff_t(base + std::size_t(L * L))};
    std::vector<double> sums(std::size_t(cells) * cells, 0.0);
    std::vector<int> counts(sums.size(), 0);
    for (std::int64_t q = 0; q < L; ++q) {
        const std::size_t row = std::size_t(q * cells / L) * std::size_t(cells);
        for (std::int64_t k = 0; k < L; ++k) {
            const std::size_t index = row + std::size_t(k * cells / L);
            sums[index] += attention.values[base + std::size_t(q * L + k)];
            ++counts[index];
        }
    }
    for (std::size_t i = 0; i < sums.size(); ++i)
        sums[i] = counts[i] ? sums[i] / counts[i] : 0.0;
    return sums;
}

} // namespace

void drawAttentionFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                         const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    QString title = QStringLiteral("Attention of the probe sequence");
    const NdArray *attention =
        data.run ? latestMeasurement(*data.run, QStringLiteral("attention")) : nullptr;
    if (drawNoAttentionNotice(painter, style, frame.content, data, QStringLiteral("attention")) ||
        !attention || attention->shape.size() != 4) {
        if (data.config.layers > 0 && data.run && !data.run->probes.empty())
            drawNotice(painter, style, frame.content, QStringLiteral("Not measured yet"),
                       QStringLiteral("The attention maps arrive with the next probe."));
        drawFigureTitle(painter, style, frame, title, frame.content.center().x());
        drawFigureCaption(painter, style, frame, caption);
        return;
    }
    title += QStringLiteral(" at step %1").arg(data.run->probes.back().step);
    const std::int64_t layers = attention->shape[0], heads = attention->shape[1];
    const std::int64_t L = attention->shape[2];
    double top = 0;
    for (double p : attention->values)
        top = std::max(top, p);
    top = top > 0 ? top : 1;

    const QFont labelFont = style.font(style.tickSize);
    const QFont titleFont = style.font(style.labelSize);
    const double rowLabel = textSize(labelFont, layerName(layers - 1)).width() + style.gap * 2;
    const double columnLabel = textSize(labelFont, QStringLiteral("head 8")).height() + style.gap;
    const double axisTitle = textSize(titleFont, QStringLiteral("Xg")).height() + style.gap * 2;
    const ColorBarSpec bar{0, top, QStringLiteral("attention probability"), &viridis, Qt::Vertical};
    const double barSpace =
        barGap + barThickness + colorBarLabelExtent(style, bar, frame.content.height());
    const QRectF area =
        frame.content.adjusted(rowLabel + axisTitle, columnLabel, -barSpace, -axisTitle);
    const double gap = std::max(4.0, std::min(area.width(), area.height()) * 0.02);
    const double side =
        std::max(4.0, std::min((area.width() - gap * double(heads - 1)) / double(heads),
                               (area.height() - gap * double(layers - 1)) / double(layers)));
    const double gridWidth = side * double(heads) + gap * double(heads - 1);
    const double gridHeight = side * double(layers) + gap * double(layers - 1);
    const QPointF origin(area.left() + (area.width() - gridWidth) / 2,
                         area.top() + (area.height() - gridHeight) / 2);
    const int cells =
        int(std::min<std::int64_t>(L, std::max<std::int64_t>(1, std::llround(side * 2))));

    for (std::int64_t l = 0; l < layers; ++l) {
        const double y = origin.y() + double(l) * (side + gap);
        drawText(painter, labelFont, style.text, layerName(l),
                 QPointF(origin.x() - style.gap, y + side / 2), Qt::AlignRight | Qt::AlignVCenter);
        for (std::int64_t h = 0; h < heads; ++h) {
            const double x = origin.x() + double(h) * (side + gap);
            if (l == 0)
                drawText(painter, labelFont, style.text, QStringLiteral("head %1").arg(h + 1),
                         QPointF(x + side / 2, origin.y() - style.gap / 2),
                         Qt::AlignHCenter | Qt::AlignBottom);
            const QRectF panel(x, y, side, side);
            const std::vector<double> values = panelCells(*attention, l, h, cells);
            CellGrid grid;
            grid.columns = cells;
            grid.rows = cells;
            grid.value = [&](int column, int row) {
                return values[std::size_t(row) * cells + std::size_t(column)];
            };
            grid.min = 0;
            grid.max = top;
            grid.colormap = &viridis;
            drawCellGrid(painter, style, panel, grid);
            painter.setPen(QPen(style.axis, style.spineWidth));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(panel);
            if (hovers) {
                const RunRecord *run = data.run;
                const QString name = QStringLiteral("layer %1, head %2").arg(l + 1).arg(h + 1);
                hovers->add(panel, [run, panel, l, h, L, name](QPointF at) -> QString {
                    // The record as it is now (at most one frame newer than the pixels).
                    const NdArray *now = latestMeasurement(*run, QStringLiteral("attention"));
                    if (!now || now->shape.size() != 4 || l >= now->shape[0] ||
                        h >= now->shape[1] || now->shape[2] != L)
                        return {};
                    const std::int64_t q = std::clamp<std::int64_t>(
                        std::int64_t((at.y() - panel.top()) / panel.height() * double(L)), 0,
                        L - 1);
                    const std::int64_t k = std::clamp<std::int64_t>(
                        std::int64_t((at.x() - panel.left()) / panel.width() * double(L)), 0,
                        L - 1);
                    return QStringLiteral("%1 \u00b7 query %2 \u2192 key %3 \u00b7 p = %4")
                        .arg(name)
                        .arg(q)
                        .arg(k)
                        .arg(formatFigureValue(now->at({l, h, q, k})));
                });
            }
        }
    }
    drawText(painter, titleFont, style.text, QStringLiteral("key position (0 at left)"),
             QPointF(origin.x() + gridWidth / 2, origin.y() + gridHeight + style.gap * 2),
             Qt::AlignHCenter | Qt::AlignTop);
    drawText(painter, titleFont, style.text, QStringLiteral("query position (0 at top)"),
             QPointF(origin.x() - rowLabel - style.gap, origin.y() + gridHeight / 2),
             Qt::AlignHCenter | Qt::AlignBottom, -90);
    drawColorBar(painter, style, bar,
                 QRectF(origin.x() + gridWidth + barGap, origin.y(), barThickness, gridHeight));
    drawFigureTitle(painter, style, frame, title, origin.x() + gridWidth / 2);
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
