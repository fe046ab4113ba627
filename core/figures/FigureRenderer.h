// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureKind.h"
#include "FigureStyle.h"

#include <QRectF>
#include <QSize>

#include <vector>

class QPainter;

namespace pelab {

// Draws one figure into `rect` of any paint device (widget, QImage, QSvgGenerator,
// QPdfWriter). `rect` is in layout units (1/96 inch; see FigureStyle): text keeps its size
// and the plot takes the rest, so a bigger rect gives a bigger plot, not bigger labels.
// A figure needs about 320 x 200 units at least. With `hovers`, the figures that can say
// what lies under the mouse fill it (the window's views; exports pass none).
void renderFigure(FigureKind kind, const FigureData &data, QPainter &painter, const QRectF &rect,
                  const FigureStyle &style = FigureStyle::standard(), HoverMap *hovers = nullptr);

// The loss figure is the window's own chart (Qt Charts), drawn outside core: pelab_ui
// registers its painter (registerLossFigure), so the window, its exports and `pelab train
// --figures` draw it the same way. Without one, the figure says it cannot be drawn here.
using FigurePainter = void (*)(QPainter &painter, const QRectF &rect, const FigureData &data,
                               const FigureStyle &style);
void registerLossFigurePainter(FigurePainter painter);

// The figures worth exporting for this data: loss; embeddings, similarity and profile for a
// table encoding; for the family (data.run set, not the seed's
// shape), gradients, and with attention layers attention, entropy and rank, and extrapolation
// once it was measured.
std::vector<FigureKind> figureKindsFor(const FigureData &data);

// The size the CLI and "Export all" use, in PNG pixels (the layout is half of it).
QSize defaultFigurePixels(FigureKind kind, const FigureData &data);

} // namespace pelab
