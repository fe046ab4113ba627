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

const FigureStyle &FigureStyle::standard()
{
    static const FigureStyle style;
    return style;
}

} // namespace pelab
