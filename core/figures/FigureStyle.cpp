// SPDX-License-Identifier: MIT
#include "FigureStyle.h"

namespace pelab {

QFont FigureStyle::font(int pixelSize, bool bold) const
{
    QFont font(fontFamily);
    // Pixel sizes in layout units scale with the painter, so PNG, SVG and PDF match;
    // unhinted metrics keep the layout identical on every device.
    font.setPixelSize(qMax(1, pixelSize));
    font.setHintingPreference(QFont::PreferNoHinting);
    font.setStyleStrategy(QFont::PreferOutline);
    font.setBold(bold);
    return font;
}

QColor FigureStyle::faint(const QColor &color, double opacity) const
{
    const auto mix = [&](double a, double b) { return opacity * a + (1 - opacity) * b; };
    return QColor::fromRgbF(float(mix(color.redF(), background.redF())),
                            float(mix(color.greenF(), background.greenF())),
                            float(mix(color.blueF(), background.blueF())));
}

FigureStyle FigureStyle::onBackground(const QColor &background, const QColor &text)
{
    FigureStyle style;
    if (background == style.background && text == style.text)
        return style;
    style.background = background;
    style.text = text;
    style.axis = style.faint(text, 0.8);
    style.grid = style.faint(text, 0.14);
    style.caption = style.faint(text, 0.6);
    return style;
}

FigureStyle FigureStyle::highContrast() const
{
    FigureStyle style = *this;
    // Black on a light background, white on a dark one.
    const QColor ink = background.lightness() < 128 ? QColor(Qt::white) : QColor(Qt::black);
    style.text = ink;
    style.axis = ink;
    style.caption = style.faint(ink, 0.85);
    style.muted = style.faint(ink, 0.6);
    style.grid = style.faint(ink, 0.25);
    style.spineWidth = spineWidth * 1.75;
    return style;
}

const FigureStyle &FigureStyle::standard()
{
    static const FigureStyle style;
    return style;
}

} // namespace pelab
