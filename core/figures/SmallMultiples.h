// SPDX-License-Identifier: MIT
#pragma once

#include "ComparisonFigure.h"
#include "FigureHover.h"
#include "FigureKind.h"
#include "FigureStyle.h"

#include <QRectF>

#include <vector>

class QPainter;

namespace pelab {

// The heatmap figures a comparison shows as small multiples: the encoding table, its
// similarity, attention, gradients.
std::vector<FigureKind> smallMultipleKinds();
// The kinds some run of `data` has something to show for: tables (and their similarity)
// when a run has one, attention and gradients when a run has attention layers.
std::vector<FigureKind> smallMultipleKindsFor(const ComparisonData &data);
// "Encoding tables", ...: for the picker and titles.
QString smallMultiplesName(FigureKind kind);

// Each run's figure data for `kind`, with one colour scale for all of them, so a colour means
// the same value in every panel: the tables' value range, attention's top probability, the
// gradients' log10 range (similarity is always -1 to 1). In the order of data.runs.
std::vector<FigureData> sharedScaleData(FigureKind kind, const ComparisonData &data);

// Draws the visible runs' figures of `kind` in a grid, each under its name in its colour, on
// one shared colour scale (sharedScaleData), with the comparison's caption once at the bottom.
void drawSmallMultiples(FigureKind kind, QPainter &painter, const QRectF &rect,
                        const ComparisonData &data, const FigureStyle &style,
                        HoverMap *hovers = nullptr);

// The small multiples as a drawing for a file (`data` must outlive it).
FigureDrawing smallMultiplesDrawing(FigureKind kind, const ComparisonData &data);

} // namespace pelab
