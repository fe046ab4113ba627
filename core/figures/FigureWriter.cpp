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

QByteArray renderPng(const FigureDrawing &drawing, QSize pixels, const FigureRendering &how)
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
        drawing.draw(painter, QRectF(QPointF(0, 0), QSizeF(pixels) / ratio), how.style);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return {};
    return bytes;
}

QByteArray renderSvg(const FigureDrawing &drawing, QSize pixels, const FigureRendering &how)
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
    generator.setTitle(drawing.title);
    generator.setDescription(drawing.description);
    QPainter painter;
    if (!painter.begin(&generator))
        return {};
    drawing.draw(painter, QRectF(QPointF(0, 0), size), how.style);
    painter.end();
    // SVG cannot embed the font. Verdana has DejaVu Sans' (Bitstream Vera's) proportions, so
    // a viewer without DejaVu keeps the labels where they were measured to fit.
    const QByteArray family = FigureStyle::standard().fontFamily.toUtf8();
    bytes.replace("font-family=\"" + family + '"',
                  "font-family=\"" + family + ", Verdana, sans-serif\"");
    return bytes;
}

QByteArray renderPdf(const FigureDrawing &drawing, QSize pixels, const FigureRendering &how)
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
        writer.setTitle(drawing.title);
        writer.setCreator(QStringLiteral("PE Lab " PELAB_VERSION));
        QPainter painter;
        if (!painter.begin(&writer))
            return {};
        drawing.draw(painter, QRectF(QPointF(0, 0), size), how.style);
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

QByteArray renderDrawingBytes(const FigureDrawing &drawing, FigureFormat format, QSize pixels,
                              QString *error, const FigureRendering &how)
{
    if (QString problem = validateFigurePixels(pixels); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QByteArray bytes;
    switch (format) {
    case FigureFormat::Png:
        bytes = renderPng(drawing, pixels, how);
        break;
    case FigureFormat::Svg:
        bytes = renderSvg(drawing, pixels, how);
        break;
    case FigureFormat::Pdf:
        bytes = renderPdf(drawing, pixels, how);
        break;
    }
    if (bytes.isEmpty() && error)
        *error = QStringLiteral("could not render the %1 as %2")
                     .arg(drawing.name, figureFormatName(format).toUpper());
    return bytes;
}

FigureDrawing figureDrawing(FigureKind kind, const FigureData &data)
{
    return {QStringLiteral("PE Lab: ") + figureDisplayName(kind), figureCaption(data),
            figureDisplayName(kind).toLower(),
            [kind, &data](QPainter &painter, const QRectF &rect, const FigureStyle &style) {
                renderFigure(kind, data, painter, rect, style);
            }};
}

QByteArray renderFigureBytes(FigureKind kind, const FigureData &data, FigureFormat format,
                             QSize pixels, QString *error, const FigureRendering &how)
{
    return renderDrawingBytes(figureDrawing(kind, data), format, pixels, error, how);
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

bool appendDrawingFiles(std::vector<std::pair<QString, QByteArray>> &files, const QString &stem,
                        const FigureDrawing &drawing, const QList<FigureFormat> &formats,
                        QSize pixels, QString *error)
{
    for (const FigureFormat format : formats) {
        const QString name = stem + QLatin1Char('.') + figureFormatName(format);
        QString problem;
        QByteArray bytes = renderDrawingBytes(drawing, format, pixels, &problem);
        if (bytes.isEmpty()) {
            if (error)
                *error = QStringLiteral("cannot write %1: %2").arg(name, problem);
            return false;
        }
        files.emplace_back(name, std::move(bytes));
    }
    return true;
}

QStringList runOutputNames()
{
    QStringList names = runFileNames();
    for (const FigureKind kind : allFigureKinds())
        for (const QString &format : figureFormatNames())
            names << figureFileStem(kind) + QLatin1Char('.') + format;
    return names;
}

std::vector<std::pair<QString, QByteArray>>
renderFigureFiles(const FigureData &data, const QList<FigureFormat> &formats, QString *error)
{
    std::vector<std::pair<QString, QByteArray>> files;
    for (FigureKind kind : figureKindsFor(data))
        if (!appendDrawingFiles(files, figureFileStem(kind), figureDrawing(kind, data), formats,
                                defaultFigurePixels(kind, data), error))
            return {};
    return files;
}

} // namespace pelab
