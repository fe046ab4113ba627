// SPDX-License-Identifier: MIT
#include "FigureRenderer.h"

#include "AttentionFigure.h"
#include "EntropyFigure.h"
#include "ExtrapolationFigure.h"
#include "FigureFrame.h"
#include "GradientFigure.h"
#include "HeatmapFigure.h"
#include "PcaFigure.h"
#include "PositionsFigure.h"
#include "ProfileFigure.h"
#include "RankFigure.h"
#include "SimilarityFigure.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

FigurePainter &lossPainter()
{
    static FigurePainter painter = nullptr;
    return painter;
}

void drawUnregistered(QPainter &painter, const QRectF &rect, const FigureData &data,
                      const FigureStyle &style)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    drawNotice(painter, style, frame.content, QStringLiteral("The loss chart is not available"),
               QStringLiteral("The loss chart is drawn by PE Lab's window library, which this "
                              "program does not include."));
    drawFigureTitle(painter, style, frame, QStringLiteral("Training loss"),
                    frame.content.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace

void registerLossFigurePainter(FigurePainter painter)
{
    lossPainter() = painter;
}

void renderFigure(FigureKind kind, const FigureData &data, QPainter &painter, const QRectF &rect,
                  const FigureStyle &style, HoverMap *hovers)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setClipRect(rect);
    switch (kind) {
    case FigureKind::Loss:
        (lossPainter() ? lossPainter() : &drawUnregistered)(painter, rect, data, style);
        break;
    case FigureKind::Embeddings:
        drawHeatmapFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Similarity:
        drawSimilarityFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Profile:
        drawProfileFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Gradients:
        drawGradientFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Attention:
        drawAttentionFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Entropy:
        drawEntropyFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Rank:
        drawRankFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Extrapolation:
        drawExtrapolationFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Positions:
        drawPositionsFigure(painter, rect, data, style, hovers);
        break;
    case FigureKind::Pca:
        drawPcaFigure(painter, rect, data, style, hovers);
        break;
    }
    painter.restore();
}

std::vector<FigureKind> figureKindsFor(const FigureData &data)
{
    std::vector<FigureKind> kinds = {FigureKind::Loss};
    // RoPE, ALiBi and no encoding have no table to draw.
    const EncodingKind encoding = data.config.encoding;
    if (encoding == EncodingKind::Learned || encoding == EncodingKind::Sinusoidal) {
        kinds.push_back(FigureKind::Embeddings);
        kinds.push_back(FigureKind::Similarity);
        kinds.push_back(FigureKind::Profile); // a wider table: a few of its dimensions
    }
    // The family's measurements, when the run has them (not the seed's shape).
    const RunRecord *run = data.run;
    if (!run || data.config.isSeedShape())
        return kinds;
    if (!run->gradNorms.empty())
        kinds.push_back(FigureKind::Gradients);
    if (data.config.layers > 0 && !run->probes.empty()) {
        kinds.push_back(FigureKind::Attention);
        kinds.push_back(FigureKind::Entropy);
        kinds.push_back(FigureKind::Rank);
    }
    if (!run->extrapolation.empty())
        kinds.push_back(FigureKind::Extrapolation);
    // The encoding's own pictures: a table of width 2 or more, or RoPE's and ALiBi's.
    const bool wideTable =
        (encoding == EncodingKind::Learned || encoding == EncodingKind::Sinusoidal) &&
        run->embedding.cols >= 2;
    if (wideTable || run->encoding.contains(QStringLiteral("rope_profile")) ||
        run->encoding.contains(QStringLiteral("alibi_bias")))
        kinds.push_back(FigureKind::Positions);
    if (wideTable)
        kinds.push_back(FigureKind::Pca);
    return kinds;
}

QSize defaultFigurePixels(FigureKind kind, const FigureData &data)
{
    const bool strip = data.embedding.cols == 1;
    switch (kind) {
    case FigureKind::Embeddings:
        // A width-1 embedding is one strip: a wide, short figure frames it.
        return strip ? QSize(1600, 640) : QSize(1600, 1000);
    case FigureKind::Similarity:
        // Square matrix plus colorbar; the width-1 notice needs no height.
        return strip ? QSize(1600, 720) : QSize(1400, 1200);
    case FigureKind::Attention: {
        // Square panels: as wide as the heads need, as tall as the layers.
        const double heads = std::max(1, int(data.config.heads));
        const double layers = std::max(1, int(data.config.layers));
        const double aspect = std::clamp(heads / layers, 0.6, 2.5);
        return QSize(int(std::lround(std::max(1200.0, 900 * aspect + 500))), 1200);
    }
    case FigureKind::Loss:
    case FigureKind::Profile:
    case FigureKind::Gradients:
    case FigureKind::Entropy:
    case FigureKind::Rank:
    case FigureKind::Extrapolation:
    case FigureKind::Positions:
    case FigureKind::Pca:
        break;
    }
    return QSize(1600, 1000);
}

} // namespace pelab
