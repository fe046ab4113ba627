// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureKind.h"
#include "FigureStyle.h"

#include <QByteArray>
#include <QList>
#include <QSize>
#include <QString>

class QPainter;

#include <functional>
#include <utility>
#include <vector>

namespace pelab {

// One size for all formats, in PNG pixels. A PNG is exactly `pixels` big and drawn at a
// device pixel ratio of 2, so its layout is pixels / 2 units: a 1600 x 1000 PNG is an
// 800 x 500 layout, sharp on high-DPI screens and in print at 192 dpi. Below 960 x 600 the
// ratio drops towards 1 instead, so the layout never gets under 480 x 300 units, where labels
// would crowd the plot. SVG and PDF draw that same layout as vectors at 96 units per inch
// (800 x 500 -> 8.33 x 5.21 in), so the three formats show the same figure.
namespace figureLimits {
inline constexpr int minWidth = 480; // pixels
inline constexpr int minHeight = 300;
inline constexpr int maxSide = 16384;
inline constexpr double pixelRatio = 2;
} // namespace figureLimits

// The device pixel ratio of a figure of `pixels`: 2, or less for small figures (see above).
double figurePixelRatio(QSize pixels);
// The layout size in units (1/96 inch) of a figure of `pixels`.
QSizeF figureLayoutSize(QSize pixels);

// Empty if `pixels` is allowed, else a message naming the size and the allowed range.
QString validateFigurePixels(QSize pixels);

// How a window's view draws, for an export that must equal it: its style (presentation
// mode's sizes) and its layout, `pixels / pixelRatio` units (0: figurePixelRatio's choice).
struct FigureRendering {
    FigureStyle style = FigureStyle::standard();
    double pixelRatio = 0;
};

// Something to draw as a figure file: its title and description (SVG and PDF metadata), its
// name for messages ("loss curve") and how to draw it into a rect of layout units.
struct FigureDrawing {
    QString title;
    QString description;
    QString name;
    std::function<void(QPainter &, const QRectF &, const FigureStyle &)> draw;
};

// Renders a drawing to the bytes of a PNG, SVG or PDF file of `pixels` (see above). Returns
// empty bytes and sets `error` on failure.
QByteArray renderDrawingBytes(const FigureDrawing &drawing, FigureFormat format, QSize pixels,
                              QString *error = nullptr, const FigureRendering &how = {});

// A figure of PE Lab as a drawing (`data` must outlive it).
FigureDrawing figureDrawing(FigureKind kind, const FigureData &data);

// Renders the drawing in each format at `pixels` and appends "STEM.png", "STEM.svg"... to
// `files`. On failure returns false and sets `error` to a message naming the file.
bool appendDrawingFiles(std::vector<std::pair<QString, QByteArray>> &files, const QString &stem,
                        const FigureDrawing &drawing, const QList<FigureFormat> &formats,
                        QSize pixels, QString *error = nullptr);

// Renders a figure to the bytes of a file. Returns empty bytes and sets `error` on failure.
QByteArray renderFigureBytes(FigureKind kind, const FigureData &data, FigureFormat format,
                             QSize pixels, QString *error = nullptr,
                             const FigureRendering &how = {});

// Renders and writes `path` atomically (QSaveFile). An invalid size uses the default.
// Returns an empty string on success, else a message naming the path and the reason.
QString writeFigure(FigureKind kind, const FigureData &data, const QString &path,
                    FigureFormat format, QSize pixels = {}, const FigureRendering &how = {});

// Every file name an export of one run may write: runFileNames() and each figure in each
// format. A new export into a folder replaces an old one's whole set.
QStringList runOutputNames();

// Every figure for `data` (figureKindsFor) in every format, at default sizes, named
// "loss.png", "embeddings.svg"...: ready for writeFileSet, so they land all or none.
std::vector<std::pair<QString, QByteArray>> renderFigureFiles(const FigureData &data,
                                                              const QList<FigureFormat> &formats,
                                                              QString *error = nullptr);

} // namespace pelab
