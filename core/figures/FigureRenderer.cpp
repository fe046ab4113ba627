// SPDX-License-Identifier: MIT
#include "FigureRenderer.h"

#include "HeatmapFigure.h"
#include "LossFigure.h"
#include "ProfileFigure.h"
#include "SimilarityFigure.h"

#include <QPainter>

namespace pelab {

void renderFigure(FigureKind kind, const FigureData &data, QPainter &painter, const QRectF &rect,
                  const FigureStyle &style)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setClipRect(rect);
    switch (kind) {
    case FigureKind::Loss:
        drawLossFigure(painter, rect, data, style);
        break;
    case FigureKind::Embeddings:
        drawHeatmapFigure(painter, rect, data, style);
        break;
    case FigureKind::Similarity:
        drawSimilarityFigure(painter, rect, data, style);
        break;
    case FigureKind::Profile:
        drawProfileFigure(painter, rect, data, style);
        break;
    }
    painter.restore();
}

std::vector<FigureKind> figureKindsFor(const FigureData &data)
{
    std::vector<FigureKind> kinds = {FigureKind::Loss};
    // RoPE, ALiBi and no encoding have no table to draw.
    const EncodingKind encoding = data.config.encoding;
    if (encoding != EncodingKind::Learned && encoding != EncodingKind::Sinusoidal)
        return kinds;
    kinds.push_back(FigureKind::Embeddings);
    kinds.push_back(FigureKind::Similarity);
    if (data.embedding.cols == 1)
        kinds.push_back(FigureKind::Profile);
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
    case FigureKind::Loss:
    case FigureKind::Profile:
        break;
    }
    return QSize(1600, 1000);
}

} // namespace pelab
