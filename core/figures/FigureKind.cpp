// SPDX-License-Identifier: MIT
#include "FigureKind.h"

namespace pelab {

QString figureFileStem(FigureKind kind)
{
    switch (kind) {
    case FigureKind::Loss:
        return QStringLiteral("loss");
    case FigureKind::Embeddings:
        return QStringLiteral("embeddings");
    case FigureKind::Similarity:
        return QStringLiteral("similarity");
    case FigureKind::Profile:
        return QStringLiteral("profile");
    case FigureKind::Gradients:
        return QStringLiteral("gradients");
    case FigureKind::Attention:
        return QStringLiteral("attention");
    case FigureKind::Entropy:
        return QStringLiteral("entropy");
    case FigureKind::Rank:
        return QStringLiteral("rank");
    case FigureKind::Extrapolation:
        return QStringLiteral("extrapolation");
    case FigureKind::Positions:
        return QStringLiteral("positions");
    case FigureKind::Pca:
        return QStringLiteral("pca");
    }
    return {};
}

QString figureDisplayName(FigureKind kind)
{
    switch (kind) {
    case FigureKind::Loss:
        return QStringLiteral("Loss curve");
    case FigureKind::Embeddings:
        return QStringLiteral("Embedding heatmap");
    case FigureKind::Similarity:
        return QStringLiteral("Similarity matrix");
    case FigureKind::Profile:
        return QStringLiteral("Embedding profile");
    case FigureKind::Gradients:
        return QStringLiteral("Gradient norms");
    case FigureKind::Attention:
        return QStringLiteral("Attention maps");
    case FigureKind::Entropy:
        return QStringLiteral("Attention entropy");
    case FigureKind::Rank:
        return QStringLiteral("Rank collapse");
    case FigureKind::Extrapolation:
        return QStringLiteral("Accuracy by length");
    case FigureKind::Positions:
        return QStringLiteral("Position similarity");
    case FigureKind::Pca:
        return QStringLiteral("Positions in 2-D");
    }
    return {};
}

std::vector<FigureKind> allFigureKinds()
{
    return {FigureKind::Loss,    FigureKind::Embeddings, FigureKind::Similarity,
            FigureKind::Profile, FigureKind::Gradients,  FigureKind::Attention,
            FigureKind::Entropy, FigureKind::Rank,       FigureKind::Extrapolation};
}

QString figureFormatName(FigureFormat format)
{
    switch (format) {
    case FigureFormat::Png:
        return QStringLiteral("png");
    case FigureFormat::Svg:
        return QStringLiteral("svg");
    case FigureFormat::Pdf:
        return QStringLiteral("pdf");
    }
    return {};
}

std::optional<FigureFormat> figureFormatFromName(const QString &name)
{
    QString key = name.trimmed().toLower();
    if (key.startsWith(QLatin1Char('.')))
        key.remove(0, 1);
    for (FigureFormat format : {FigureFormat::Png, FigureFormat::Svg, FigureFormat::Pdf})
        if (key == figureFormatName(format))
            return format;
    return std::nullopt;
}

QStringList figureFormatNames()
{
    return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")};
}

} // namespace pelab
