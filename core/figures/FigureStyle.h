// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QFont>
#include <QString>

namespace pelab {

// Sizes are in layout units of 1/96 inch (CSS pixels): a figure laid out at 800 x 500 units
// is 8.3 x 5.2 inches in a PDF, and 1600 x 1000 pixels in a PNG drawn at 2x. Fonts use pixel
// sizes in those units, so text keeps its size when a figure grows, as in matplotlib.
struct FigureStyle {
    // DejaVu Sans: matplotlib's default, on every Debian desktop (fonts-dejavu-core), with
    // the minus sign, middle dot and superscripts the labels use. PDFs embed it.
    QString fontFamily = QStringLiteral("DejaVu Sans");
    int titleSize = 16;   // 12 pt
    int labelSize = 13;   // axis titles, ~10 pt
    int tickSize = 12;    // tick labels and legend, 9 pt
    int captionSize = 11; // the run's config under the figure

    QColor background = Qt::white;
    QColor text{38, 38, 38};
    QColor axis{64, 64, 64};
    QColor grid{232, 232, 232};
    QColor caption{115, 115, 115};
    // Matplotlib's tab10: C0 blue, C1 orange, C7 grey.
    QColor primary{31, 119, 180};
    QColor secondary{255, 127, 14};
    QColor muted{127, 127, 127};

    double spineWidth = 0.8;
    double tickLength = 4;
    double minorTickLength = 2.5;
    double padding = 14; // between the figure's edge and its content
    double gap = 5;      // between a tick and its label, a label and a title

    QFont font(int pixelSize, bool bold = false) const;
    // `color` at `opacity` over the background, as an opaque colour: looks translucent,
    // but overlapping strokes do not darken and every format renders it the same.
    QColor faint(const QColor &color, double opacity) const;

    static const FigureStyle &standard();
    // The standard style on another background (a dark desktop theme): text, axes, grid and
    // caption re-mixed from `text` over `background`; the data colours stay.
    static FigureStyle onBackground(const QColor &background, const QColor &text);
    // For a projector: text, axes and caption at full contrast with the background, a
    // stronger grid and heavier spines; the data colours stay, so a picture keeps its meaning.
    FigureStyle highContrast() const;
    bool isStandardBackground() const { return background == QColor(Qt::white); }
};

} // namespace pelab
