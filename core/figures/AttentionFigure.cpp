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

#include <algorithm>
#include <cmath>
#include <tuple>

namespace pelab {

namespace {

constexpr double barThickness = 14;
constexpr double barGap = 18;

// One panel's L x L probabilities averaged down to at most `cells` x `cells`.
std::vector<double> panelCells(const AttentionMaps &maps, std::int64_t layer, std::int64_t head,
                               int cells)
{
    const std::int64_t L = maps.length;
    const double *base = maps.values + std::size_t((layer * maps.heads + head) * L * L);
    if (cells == L) // nothing to average
        return {base, base + std::size_t(L * L)};
    std::vector<double> sums(std::size_t(cells) * cells, 0.0);
    std::vector<int> counts(sums.size(), 0);
    for (std::int64_t q = 0; q < L; ++q) {
        const std::size_t row = std::size_t(q * cells / L) * std::size_t(cells);
        for (std::int64_t k = 0; k < L; ++k) {
            const std::size_t index = row + std::size_t(k * cells / L);
            sums[index] += base[std::size_t(q * L + k)];
            ++counts[index];
        }
    }
    for (std::size_t i = 0; i < sums.size(); ++i)
        sums[i] = counts[i] ? sums[i] / counts[i] : 0.0;
    return sums;
}

QString tokenText(const AttentionMaps &maps, std::int64_t position)
{
    return maps.tokens.empty()
               ? QString()
               : QStringLiteral(" (token %1)").arg(maps.tokens[std::size_t(position)]);
}

} // namespace

std::optional<AttentionMaps> pickedAttention(const RunRecord &run, int sequence)
{
    AttentionMaps maps;
    const NdArray *first = latestMeasurement(run, QStringLiteral("attention"));
    if (!first || first->shape.size() != 4)
        return std::nullopt;
    maps.layers = first->shape[0];
    maps.heads = first->shape[1];
    maps.length = first->shape[2];
    maps.values = first->values.data();
    maps.count = 1;
    const NdArray *more = latestMeasurement(run, QStringLiteral("attention_probes"));
    if (more && more->shape.size() == 5 && more->shape[1] == maps.layers &&
        more->shape[2] == maps.heads && more->shape[3] == maps.length) {
        maps.count = int(more->shape[0]);
        if (sequence > 0 && sequence < maps.count) {
            maps.sequence = sequence;
            maps.values = more->values.data() +
                          std::size_t(sequence) *
                              std::size_t(maps.layers * maps.heads * maps.length * maps.length);
        }
    }
    const NdArray *tokens = latestMeasurement(run, QStringLiteral("probe_tokens"));
    if (tokens && tokens->shape.size() == 2 && tokens->shape[1] == maps.length &&
        maps.sequence < tokens->shape[0])
        for (std::int64_t i = 0; i < maps.length; ++i)
            maps.tokens.push_back(std::int64_t(
                std::llround(tokens->values[std::size_t(maps.sequence * maps.length + i)])));
    return maps;
}

void drawAttentionFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                         const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    QString title = QStringLiteral("Attention of the probe sequence");
    const std::optional<AttentionMaps> picked =
        data.run ? pickedAttention(*data.run, data.probeSequence) : std::nullopt;
    if (drawNoAttentionNotice(painter, style, frame.content, data, QStringLiteral("attention")) ||
        !picked) {
        if (data.config.layers > 0 && data.run && !data.run->probes.empty())
            drawNotice(painter, style, frame.content, QStringLiteral("Not measured yet"),
                       QStringLiteral("The attention maps arrive with the next probe."));
        drawFigureTitle(painter, style, frame, title, frame.content.center().x());
        drawFigureCaption(painter, style, frame, caption);
        return;
    }
    const AttentionMaps &maps = *picked;
    if (maps.count > 1)
        title = QStringLiteral("Attention of probe sequence %1 of %2")
                    .arg(maps.sequence + 1)
                    .arg(maps.count);
    title += QStringLiteral(" at step %1").arg(data.run->probes.back().step);
    const std::int64_t layers = maps.layers, heads = maps.heads, L = maps.length;
    double top = 0;
    for (std::size_t i = 0; i < std::size_t(layers * heads * L * L); ++i)
        top = std::max(top, maps.values[i]);
    top = top > 0 ? top : 1;
    if (std::isfinite(data.colourHigh) && data.colourHigh > 0)
        top = data.colourHigh; // shared with other runs' maps

    const QFont labelFont = style.font(style.tickSize);
    const QFont titleFont = style.font(style.labelSize);
    const double rowLabel = textSize(labelFont, layerName(layers - 1)).width() + style.gap * 2;
    const double columnLabel = textSize(labelFont, QStringLiteral("head 8")).height() + style.gap;
    const double axisTitle = textSize(titleFont, QStringLiteral("Xg")).height() + style.gap * 2;
    const ColorBarSpec bar{0, top, QStringLiteral("attention probability"), &viridis, Qt::Vertical};
    const double barSpace =
        barGap + barThickness + colorBarLabelExtent(style, bar, frame.content.height());
    // Token labels along the outer panels' axes, when each fits in its cell.
    const QFont tokenFont = style.font(style.tickSize - 2);
    double tokenWidth = 0;
    for (std::int64_t token : maps.tokens)
        tokenWidth = std::max(tokenWidth, textSize(tokenFont, QString::number(token)).width());
    const double tokenHeight = textSize(tokenFont, QStringLiteral("0")).height();
    const auto layout = [&](bool tokens) {
        const double band = tokens ? tokenWidth + style.gap : 0;
        const double bandBelow = tokens ? tokenHeight + style.gap / 2 : 0;
        const QRectF area = frame.content.adjusted(rowLabel + axisTitle + band, columnLabel,
                                                   -barSpace, -axisTitle - bandBelow);
        const double gap = std::max(4.0, std::min(area.width(), area.height()) * 0.02);
        const double side =
            std::max(4.0, std::min((area.width() - gap * double(heads - 1)) / double(heads),
                                   (area.height() - gap * double(layers - 1)) / double(layers)));
        return std::tuple{area, gap, side};
    };
    auto [area, gap, side] = layout(false);
    bool tokens = !maps.tokens.empty() && side / double(L) >= std::max(tokenWidth, tokenHeight) + 2;
    if (tokens) {
        std::tie(area, gap, side) = layout(true);
        tokens = side / double(L) >= std::max(tokenWidth, tokenHeight) + 2;
    }
    const double gridWidth = side * double(heads) + gap * double(heads - 1);
    const double gridHeight = side * double(layers) + gap * double(layers - 1);
    const QPointF origin(area.left() + (area.width() - gridWidth) / 2,
                         area.top() + (area.height() - gridHeight) / 2);
    const int cells =
        int(std::min<std::int64_t>(L, std::max<std::int64_t>(1, std::llround(side * 2))));
    const double tokenBand = tokens ? tokenWidth + style.gap : 0;

    for (std::int64_t l = 0; l < layers; ++l) {
        const double y = origin.y() + double(l) * (side + gap);
        drawText(painter, labelFont, style.text, layerName(l),
                 QPointF(origin.x() - tokenBand - style.gap, y + side / 2),
                 Qt::AlignRight | Qt::AlignVCenter);
        for (std::int64_t h = 0; h < heads; ++h) {
            const double x = origin.x() + double(h) * (side + gap);
            if (l == 0)
                drawText(painter, labelFont, style.text, QStringLiteral("head %1").arg(h + 1),
                         QPointF(x + side / 2, origin.y() - style.gap / 2),
                         Qt::AlignHCenter | Qt::AlignBottom);
            const QRectF panel(x, y, side, side);
            const std::vector<double> values = panelCells(maps, l, h, cells);
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
            if (tokens && l == layers - 1) // key tokens under the bottom row
                for (std::int64_t k = 0; k < L; ++k)
                    drawText(painter, tokenFont, style.muted,
                             QString::number(maps.tokens[std::size_t(k)]),
                             QPointF(x + (double(k) + 0.5) * side / double(L),
                                     panel.bottom() + style.gap / 2),
                             Qt::AlignHCenter | Qt::AlignTop);
            if (tokens && h == 0) // query tokens left of the first column
                for (std::int64_t q = 0; q < L; ++q)
                    drawText(painter, tokenFont, style.muted,
                             QString::number(maps.tokens[std::size_t(q)]),
                             QPointF(panel.left() - style.gap / 2,
                                     y + (double(q) + 0.5) * side / double(L)),
                             Qt::AlignRight | Qt::AlignVCenter);
            if (hovers) {
                const RunRecord *run = data.run;
                const int sequence = maps.sequence;
                const QString name = QStringLiteral("layer %1, head %2").arg(l + 1).arg(h + 1);
                hovers->add(panel, [run, sequence, panel, l, h, L, name](QPointF at) -> QString {
                    // The record as it is now (at most one frame newer than the pixels).
                    const std::optional<AttentionMaps> now = pickedAttention(*run, sequence);
                    if (!now || l >= now->layers || h >= now->heads || now->length != L)
                        return {};
                    const std::int64_t q = std::clamp<std::int64_t>(
                        std::int64_t((at.y() - panel.top()) / panel.height() * double(L)), 0,
                        L - 1);
                    const std::int64_t k = std::clamp<std::int64_t>(
                        std::int64_t((at.x() - panel.left()) / panel.width() * double(L)), 0,
                        L - 1);
                    return QStringLiteral("%1 \u00b7 query %2%3 \u2192 key %4%5 \u00b7 p = %6")
                        .arg(name)
                        .arg(q)
                        .arg(tokenText(*now, q))
                        .arg(k)
                        .arg(tokenText(*now, k), formatFigureValue(now->at(l, h, q, k)));
                });
            }
        }
    }
    const QString keys = tokens ? QStringLiteral("key position (0 at left; tokens shown)")
                                : QStringLiteral("key position (0 at left)");
    drawText(painter, titleFont, style.text, keys,
             QPointF(origin.x() + gridWidth / 2,
                     origin.y() + gridHeight + style.gap * 2 + (tokens ? tokenHeight : 0)),
             Qt::AlignHCenter | Qt::AlignTop);
    drawText(painter, titleFont, style.text, QStringLiteral("query position (0 at top)"),
             QPointF(origin.x() - tokenBand - rowLabel - style.gap, origin.y() + gridHeight / 2),
             Qt::AlignHCenter | Qt::AlignBottom, -90);
    drawColorBar(painter, style, bar,
                 QRectF(origin.x() + gridWidth + barGap, origin.y(), barThickness, gridHeight));
    drawFigureTitle(painter, style, frame, title, origin.x() + gridWidth / 2);
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
