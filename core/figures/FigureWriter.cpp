// SPDX-License-Identifier: MIT
#include "FigureWriter.h"

#include "AtomicWrite.h"
#include "FigureRenderer.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>

namespace pelab {

namespace {

constexpr double unitsPerInch = 96;

QString pdfOrSvgTitle(FigureKind kind)
{
    return QStringLiteral("PE Lab: ") + figureDisplayName(kind);
}

QByteArray renderPng(FigureKind kind, const FigureData &data, QSize pixels,
                     const FigureRendering &how)
{
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    const double ratio = how.pixelRatio > 0 ? how.pixelRatio : figurePixelRatio(pixels);
    image.setDevicePixelRatio(ratio);
    // 192 dpi in the file (at ratio 2), so a document places it at its layout's size.
    const int dotsPerMeter = qRound(unitsPerInch * ratio / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        renderFigure(kind, data, painter, QRectF(QPointF(0, 0), QSizeF(pixels) / ratio), how.style);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return {};
    return bytes;
}

QByteArray renderSvg(FigureKind kind, const FigureData &data, QSize pixels,
                     const FigureRendering &how)
{
    const QSizeF size =
        how.pixelRatio > 0 ? QSizeF(pixels) / how.pixelRatio : figureLayoutSize(pixels);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setResolution(int(unitsPerInch));
    generator.setSize(size.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), size));
    generator.setTitle(pdfOrSvgTitle(kind));
    generator.setDescription(figureCaption(data));
    QPainter painter;
    if (!painter.begin(&generator))
        return {};
    renderFigure(kind, data, painter, QRectF(QPointF(0, 0), size), how.style);
    painter.end();
    // SVG cannot embed the font. Verdana has DejaVu Sans' (Bitstream Vera's) proportions, so
    // a viewer without DejaVu keeps the labels where they were measured to fit.
    const QByteArray family = FigureStyle::standard().fontFamily.toUtf8();
    bytes.replace("font-family=\"" + family + '"',
                  "font-family=\"" + family + ", Verdana, sans-serif\"");
    return bytes;
}

QByteArray renderPdf(FigureKind kind, const FigureData &data, QSize pixels,
                     const FigureRendering &how)
{
    const QSizeF size =
        how.pixelRatio > 0 ? QSizeF(pixels) / how.pixelRatio : figureLayoutSize(pixels);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(int(unitsPerInch));
        writer.setPageSize(
            QPageSize(size / unitsPerInch, QPageSize::Inch, QString(), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(pdfOrSvgTitle(kind));
        writer.setCreator(QStringLiteral("PE Lab " PELAB_VERSION));
        QPainter painter;
        if (!painter.begin(&writer))
            return {};
        renderFigure(kind, data, painter, QRectF(QPointF(0, 0), size), how.style);
        painter.end();
    }
    return bytes;
}

} // namespace

double figurePixelRatio(QSize pixels)
{
    const double fit = std::min(pixels.width() / double(figureLimits::minWidth),
                                pixels.height() / double(figureLimits::minHeight));
    return std::clamp(fit, 1.0, figureLimits::pixelRatio);
}

QSizeF figureLayoutSize(QSize pixels)
{
    return QSizeF(pixels) / figurePixelRatio(pixels);
}

QString validateFigurePixels(QSize pixels)
{
    using namespace figureLimits;
    if (pixels.width() >= minWidth && pixels.height() >= minHeight && pixels.width() <= maxSide &&
        pixels.height() <= maxSide)
        return {};
    return QStringLiteral("figure size %1x%2 pixels is not allowed; use %3x%4 to %5x%5")
        .arg(pixels.width())
        .arg(pixels.height())
        .arg(minWidth)
        .arg(minHeight)
        .arg(maxSide);
}

QByteArray renderFigureBytes(FigureKind kind, const FigureData &data, FigureFormat format,
                             QSize pixels, QString *error, const FigureRendering &how)
{
    if (QString problem = validateFigurePixels(pixels); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QByteArray bytes;
    switch (format) {
    case FigureFormat::Png:
        bytes = renderPng(kind, data, pixels, how);
        break;
    case FigureFormat::Svg:
        bytes = renderSvg(kind, data, pixels, how);
        break;
    case FigureFormat::Pdf:
        bytes = renderPdf(kind, data, pixels, how);
        break;
    }
    if (bytes.isEmpty() && error)
        *error = QStringLiteral("could not render the %1 as %2")
                     .arg(figureDisplayName(kind).toLower(), figureFormatName(format).toUpper());
    return bytes;
}

QString writeFigure(FigureKind kind, const FigureData &data, const QString &path,
                    FigureFormat format, QSize pixels, const FigureRendering &how)
{
    if (!pixels.isValid())
        pixels = defaultFigurePixels(kind, data);
    QString error;
    const QByteArray bytes = renderFigureBytes(kind, data, format, pixels, &error, how);
    if (bytes.isEmpty())
        return QStringLiteral("cannot write %1: %2").arg(path, error);
    return writeFileAtomically(path, bytes);
}

std::vector<std::pair<QString, QByteArray>>
renderFigureFiles(const FigureData &data, const QList<FigureFormat> &formats, QString *error)
{
    std::vector<std::pair<QString, QByteArray>> files;
    for (FigureKind kind : figureKindsFor(data)) {
        for (FigureFormat format : formats) {
            const QString name = figureFileStem(kind) + QLatin1Char('.') + figureFormatName(format);
            QString problem;
            QByteArray bytes =
                renderFigureBytes(kind, data, format, defaultFigurePixels(kind, data), &problem);
            if (bytes.isEmpty()) {
                if (error)
                    *error = QStringLiteral("cannot write %1: %2").arg(name, problem);
                return {};
            }
            files.emplace_back(name, std::move(bytes));
        }
    }
    return files;
}

} // namespace pelab
