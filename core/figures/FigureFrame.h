// SPDX-License-Identifier: MIT
#pragma once

#include "FigureStyle.h"

#include <QRectF>

class QPainter;

namespace pelab {

// The bands of a figure: title on top, the run's caption at the bottom, content between.
struct FigureFrame {
    QRectF title;
    QRectF content;
    QRectF caption;
};

// Paints the background and lays out the bands; the caption may take two lines when long.
FigureFrame beginFigure(QPainter &painter, const FigureStyle &style, const QRectF &rect,
                        const QString &caption);

// The title, centred on `centerX` (the plot's middle, as matplotlib does) but kept inside.
void drawFigureTitle(QPainter &painter, const FigureStyle &style, const FigureFrame &frame,
                     const QString &title, double centerX);
void drawFigureCaption(QPainter &painter, const FigureStyle &style, const FigureFrame &frame,
                       const QString &caption);

// A figure that explains why there is no plot (e.g. a similarity matrix of width-1 vectors).
void drawNotice(QPainter &painter, const FigureStyle &style, const QRectF &area,
                const QString &heading, const QString &body);

} // namespace pelab
