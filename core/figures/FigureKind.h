// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace pelab {

// The figures PE Lab draws. Each has one renderer, shared by the CLI and the window.
enum class FigureKind {
    Loss,
    Embeddings,
    Similarity,
    Profile,
    Gradients,
    Attention,
    Entropy,
    Rank,
    Extrapolation,
    Positions,
    Pca,
};

// Every kind, in menu order.
std::vector<FigureKind> allFigureKinds();
enum class FigureFormat { Png, Svg, Pdf };

// The file name without extension: "loss", "embeddings", "similarity", "profile".
QString figureFileStem(FigureKind kind);
// What the figure shows, for menus and dialogs: "Loss curve", ...
QString figureDisplayName(FigureKind kind);

// "png", "svg", "pdf": the extension and the name the CLI accepts.
QString figureFormatName(FigureFormat format);
// Case-insensitive; a leading dot is accepted (".PDF").
std::optional<FigureFormat> figureFormatFromName(const QString &name);
QStringList figureFormatNames();

} // namespace pelab
