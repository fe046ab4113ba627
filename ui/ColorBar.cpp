// SPDX-License-Identifier: MIT
#include "ColorBar.h"

#include "Colormap.h"
#include "PlotTicks.h"

#include <QFontMetrics>
#include <QLinearGradient>
#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {
constexpr int tickLength = 4;
constexpr int labelGap = 3;
constexpr int titleGap = 6;
} // namespace

void ColorBar::setRange(double lo, double hi)
{
    m_lo = lo;
    m_hi = hi > lo ? hi : lo + 1;
}

QColor ColorBar::color(double value) const
{
    if (!std::isfinite(value))
        return QColor(160, 160, 160);
    const double t = (value - m_lo) / (m_hi - m_lo);
    return m_map ? m_map(t) : viridis(t);
}

std::vector<ColorBar::Tick> ColorBar::ticks(int barHeight, int lineHeight) const
{
    // The exact ends, then nice values that keep a line's height clear of the ends. All
    // labels share one number of decimals: enough for 3 significant digits at the ends.
    const int wanted = std::clamp(barHeight / (2 * lineHeight), 0, 5);
    const NiceTicks nice = wanted >= 2 ? niceTicks(m_lo, m_hi, wanted + 1) : NiceTicks{};
    const double magnitude = std::max(std::abs(m_lo), std::abs(m_hi));
    const double endStep =
        magnitude > 0 ? std::pow(10.0, std::floor(std::log10(magnitude)) - 2) : 1;
    const double labelStep = nice.step > 0 ? std::min(nice.step, endStep) : endStep;
    std::vector<Tick> result{{m_lo, tickLabel(m_lo, labelStep)},
                             {m_hi, tickLabel(m_hi, labelStep)}};
    const double minGap = (m_hi - m_lo) * lineHeight / std::max(1, barHeight);
    for (double v : nice.values) {
        if (v - m_lo > minGap && m_hi - v > minGap)
            result.push_back({v, tickLabel(v, labelStep)});
    }
    return result;
}

int ColorBar::preferredWidth(const QFontMetrics &metrics) const
{
    int labelWidth = 0;
    for (const Tick &tick : ticks(400, metrics.height()))
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(tick.label));
    // Leave room for a wider end label as the range grows during a run.
    labelWidth = std::max(labelWidth, metrics.horizontalAdvance(QStringLiteral("\u22120.000")));
    return barWidth + tickLength + labelGap + labelWidth + titleGap + metrics.height();
}

void ColorBar::paint(QPainter &painter, const QRect &area, const QPalette &palette) const
{
    if (area.height() < 4)
        return;
    painter.save();
    const QRect bar(area.left(), area.top(), barWidth, area.height());
    QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
    for (int i = 0; i <= 20; ++i) {
        const double t = i / 20.0;
        gradient.setColorAt(t, m_map ? m_map(t) : viridis(t));
    }
    painter.fillRect(bar, gradient);
    QColor frame = palette.color(QPalette::WindowText);
    frame.setAlpha(90);
    painter.setPen(frame);
    painter.drawRect(bar.adjusted(0, 0, -1, -1));

    const QFontMetrics metrics = painter.fontMetrics();
    painter.setPen(palette.color(QPalette::WindowText));
    const int labelLeft = bar.right() + 1 + tickLength + labelGap;
    int labelRight = labelLeft;
    for (const Tick &tick : ticks(bar.height(), metrics.height())) {
        const double t = (tick.value - m_lo) / (m_hi - m_lo);
        const int y = int(std::lround(bar.bottom() - t * (bar.height() - 1)));
        painter.drawLine(bar.right() + 1, y, bar.right() + tickLength, y);
        const QRect text(labelLeft, y - metrics.height() / 2, metrics.horizontalAdvance(tick.label),
                         metrics.height());
        painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, tick.label);
        labelRight = std::max(labelRight, text.right());
    }

    // The title reads bottom to top along the bar, as in matplotlib.
    if (!m_title.isEmpty()) {
        const int x = std::min(labelRight + titleGap, area.right() - metrics.height());
        painter.translate(x, bar.center().y());
        painter.rotate(-90);
        const QString title =
            metrics.elidedText(m_title, Qt::ElideRight, std::max(area.height(), 60));
        painter.setPen(palette.color(QPalette::PlaceholderText));
        painter.drawText(QRect(-area.height(), 0, 2 * area.height(), metrics.height()),
                         Qt::AlignCenter, title);
    }
    painter.restore();
}

} // namespace pelab
