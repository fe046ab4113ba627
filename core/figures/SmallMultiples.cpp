// SPDX-License-Identifier: MIT
#include "SmallMultiples.h"

#include "AttentionFigure.h"
#include "FigureFrame.h"
#include "FigureRenderer.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>
#include <limits>

namespace pelab {

namespace {

struct Range {
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    void add(double v)
    {
        if (std::isfinite(v)) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
    bool valid() const { return high >= low; }
};

// Columns and rows for `count` panels of about `aspect` (width / height) in `area`: the
// layout whose panels are largest.
std::pair<int, int> gridFor(int count, const QSizeF &area, double aspect)
{
    int best = 1;
    double bestSize = 0;
    for (int columns = 1; columns <= count; ++columns) {
        const int rows = (count + columns - 1) / columns;
        const double width = area.width() / columns, height = area.height() / rows;
        const double size = std::min(width / aspect, height);
        if (size > bestSize) {
            bestSize = size;
            best = columns;
        }
    }
    return {best, (count + best - 1) / best};
}

} // namespace

std::vector<FigureKind> smallMultipleKinds()
{
    return {FigureKind::Embeddings, FigureKind::Similarity, FigureKind::Attention,
            FigureKind::Gradients};
}

std::vector<FigureKind> smallMultipleKindsFor(const ComparisonData &data)
{
    bool table = false, layers = false;
    for (const ComparedRun &run : data.runs) {
        table =
            table || !run.record->embedding.isEmpty() || !run.record->initialEmbedding.isEmpty();
        layers = layers || run.record->config.layers > 0;
    }
    std::vector<FigureKind> kinds;
    if (table)
        kinds.insert(kinds.end(), {FigureKind::Embeddings, FigureKind::Similarity});
    if (layers)
        kinds.insert(kinds.end(), {FigureKind::Attention, FigureKind::Gradients});
    return kinds;
}

QString smallMultiplesName(FigureKind kind)
{
    switch (kind) {
    case FigureKind::Embeddings:
        return QStringLiteral("Encoding tables");
    case FigureKind::Similarity:
        return QStringLiteral("Position similarity");
    case FigureKind::Attention:
        return QStringLiteral("Attention maps");
    case FigureKind::Gradients:
        return QStringLiteral("Gradient norms");
    default:
        return figureDisplayName(kind);
    }
}

std::vector<FigureData> sharedScaleData(FigureKind kind, const ComparisonData &data)
{
    std::vector<FigureData> panels;
    Range range;
    for (const ComparedRun &run : data.runs) {
        FigureData panel = figureDataFor(*run.record);
        panel.caption = false;
        const RunRecord &r = *run.record;
        if (kind == FigureKind::Embeddings) {
            for (const double v : panel.embedding.values)
                range.add(v);
        } else if (kind == FigureKind::Attention) {
            if (const auto maps = pickedAttention(r, 0))
                for (std::size_t i = 0;
                     i < std::size_t(maps->layers * maps->heads * maps->length * maps->length); ++i)
                    range.add(maps->values[i]);
        } else if (kind == FigureKind::Gradients) {
            for (const double norm : r.gradNorms)
                if (norm > 0)
                    range.add(std::log10(norm));
        }
        panels.push_back(std::move(panel));
    }
    if (range.valid()) {
        for (FigureData &panel : panels) {
            if (kind == FigureKind::Embeddings) {
                // One value everywhere: centre it, as the figure itself does.
                panel.table.low = range.high > range.low ? range.low : range.low - 0.5;
                panel.table.high = range.high > range.low ? range.high : range.high + 0.5;
            } else {
                panel.colourLow = range.low;
                panel.colourHigh = range.high;
            }
        }
    }
    return panels;
}

void drawSmallMultiples(FigureKind kind, QPainter &painter, const QRectF &rect,
                        const ComparisonData &data, const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = comparisonCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = smallMultiplesName(kind) + QStringLiteral(", one colour scale");
    if (data.runs.empty()) {
        drawNotice(painter, style, frame.content, QStringLiteral("No runs to compare"),
                   QStringLiteral("Run variants, or show some runs in the runs list."));
    } else {
        const std::vector<FigureData> panels = sharedScaleData(kind, data);
        const auto [columns, rows] = gridFor(int(panels.size()), frame.content.size(), 1.35);
        const double width = frame.content.width() / columns;
        const double height = frame.content.height() / rows;
        // Each panel in smaller type with tighter margins: several share the space of one.
        FigureStyle panelStyle = style;
        panelStyle.titleSize = std::max(9, style.titleSize - 4);
        panelStyle.labelSize = std::max(9, style.labelSize - 3);
        panelStyle.tickSize = std::max(8, style.tickSize - 3);
        panelStyle.padding = style.padding / 3;
        panelStyle.gap = style.gap * 0.6;
        const QFont nameFont = style.font(style.labelSize, true);
        const double nameHeight = QFontMetricsF(nameFont).height() + style.gap;
        for (std::size_t i = 0; i < panels.size(); ++i) {
            const QRectF cell(frame.content.left() + double(int(i) % columns) * width,
                              frame.content.top() + double(int(i) / columns) * height, width,
                              height);
            painter.save();
            painter.setFont(nameFont);
            painter.setPen(data.runs[i].color);
            painter.drawText(QRectF(cell.left(), cell.top(), cell.width(), nameHeight),
                             Qt::AlignHCenter | Qt::AlignVCenter,
                             QFontMetricsF(nameFont).elidedText(data.runs[i].name, Qt::ElideRight,
                                                                cell.width()));
            painter.restore();
            painter.save();
            renderFigure(kind, panels[i], painter, cell.adjusted(0, nameHeight, 0, 0), panelStyle,
                         hovers);
            painter.restore();
        }
    }
    drawFigureTitle(painter, style, frame, title, frame.content.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

FigureDrawing smallMultiplesDrawing(FigureKind kind, const ComparisonData &data)
{
    return {QStringLiteral("PE Lab: ") + smallMultiplesName(kind), comparisonCaption(data),
            smallMultiplesName(kind).toLower(),
            [kind, &data](QPainter &painter, const QRectF &rect, const FigureStyle &style) {
                drawSmallMultiples(kind, painter, rect, data, style);
            }};
}

} // namespace pelab
