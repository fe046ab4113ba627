// SPDX-License-Identifier: MIT
#include "FigureFrame.h"

#include "FigureText.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace pelab {

namespace {

const QString separator = QStringLiteral("  \u00b7  ");

// The caption as one line, or two split at the separator nearest its middle when too wide.
QStringList captionLines(const QFont &font, const QString &caption, double width)
{
    const QFontMetricsF metrics(font);
    if (metrics.horizontalAdvance(caption) <= width)
        return {caption};
    const QStringList parts = caption.split(separator);
    int best = 1;
    double bestWidth = 1e300;
    for (int split = 1; split < parts.size(); ++split) {
        const double w = std::max(metrics.horizontalAdvance(parts.mid(0, split).join(separator)),
                                  metrics.horizontalAdvance(parts.mid(split).join(separator)));
        if (w < bestWidth) {
            bestWidth = w;
            best = split;
        }
    }
    QStringList lines = {parts.mid(0, best).join(separator), parts.mid(best).join(separator)};
    for (QString &line : lines)
        line = metrics.elidedText(line, Qt::ElideRight, width);
    return lines;
}

double lineHeight(const QFont &font)
{
    return QFontMetricsF(font).height();
}

} // namespace

FigureFrame beginFigure(QPainter &painter, const FigureStyle &style, const QRectF &rect,
                        const QString &caption)
{
    painter.fillRect(rect, style.background);
    const QRectF inner =
        rect.adjusted(style.padding, style.padding * 0.8, -style.padding, -style.padding * 0.8);
    const double titleHeight = textSize(style.font(style.titleSize), QStringLiteral("Pg")).height();
    const QFont captionFont = style.font(style.captionSize);
    const int captionLineCount = int(captionLines(captionFont, caption, inner.width()).size());
    const double captionHeight = caption.isEmpty() ? 0 : captionLineCount * lineHeight(captionFont);

    FigureFrame frame;
    frame.title = QRectF(inner.left(), inner.top(), inner.width(), titleHeight);
    frame.caption =
        QRectF(inner.left(), inner.bottom() - captionHeight, inner.width(), captionHeight);
    const double top = frame.title.bottom() + style.gap * 3;
    const double bottom = frame.caption.top() - (caption.isEmpty() ? 0 : style.gap * 3);
    frame.content = QRectF(inner.left(), top, inner.width(), bottom - top);
    return frame;
}

void drawFigureTitle(QPainter &painter, const FigureStyle &style, const FigureFrame &frame,
                     const QString &title, double centerX)
{
    const QFont font = style.font(style.titleSize);
    const double width = textSize(font, title).width();
    const double x =
        std::clamp(centerX, frame.title.left() + width / 2,
                   std::max(frame.title.left() + width / 2, frame.title.right() - width / 2));
    drawText(painter, font, style.text, title, QPointF(x, frame.title.top()),
             Qt::AlignHCenter | Qt::AlignTop);
}

void drawFigureCaption(QPainter &painter, const FigureStyle &style, const FigureFrame &frame,
                       const QString &caption)
{
    const QFont font = style.font(style.captionSize);
    const QStringList lines = captionLines(font, caption, frame.caption.width());
    const double step = lineHeight(font);
    double y = frame.caption.bottom() - step * lines.size();
    for (const QString &line : lines) {
        const QFontMetricsF metrics(font);
        drawText(painter, font, style.caption, line,
                 QPointF(frame.caption.left(), y + metrics.ascent() + metrics.descent()),
                 Qt::AlignLeft | Qt::AlignBottom);
        y += step;
    }
}

void drawNotice(QPainter &painter, const FigureStyle &style, const QRectF &area,
                const QString &heading, const QString &body)
{
    const QFont headingFont = style.font(style.labelSize + 2, true);
    const QFont bodyFont = style.font(style.labelSize);
    const double width = std::min(area.width() * 0.8, 560.0);
    const QRectF bodyBounds = QFontMetricsF(bodyFont).boundingRect(
        QRectF(0, 0, width, 1e6), Qt::AlignHCenter | Qt::TextWordWrap, body);
    const double headingHeight = textSize(headingFont, heading).height();
    const double total = headingHeight + style.gap * 4 + bodyBounds.height();
    // The card's margin shrinks in a small area (a magnified view), and the card never rises
    // into the title above the area.
    const double margin = std::clamp((area.height() - total) / 2, 4.0, 24.0);
    const double top = std::max(area.center().y() - total / 2, area.top() + margin);

    painter.save();
    const QRectF box(area.center().x() - width / 2 - margin, top - margin, width + 2 * margin,
                     total + 2 * margin);
    painter.setPen(QPen(style.grid.darker(110), 1));
    painter.setBrush(style.isStandardBackground() ? QColor(248, 248, 248)
                                                  : style.faint(style.text, 0.06));
    painter.drawRoundedRect(box, 6, 6);
    drawText(painter, headingFont, style.text, heading, QPointF(area.center().x(), top),
             Qt::AlignHCenter | Qt::AlignTop);
    painter.setFont(bodyFont);
    painter.setPen(style.text);
    painter.drawText(QRectF(area.center().x() - width / 2, top + headingHeight + style.gap * 4,
                            width, bodyBounds.height() + 4),
                     Qt::AlignHCenter | Qt::TextWordWrap, body);
    painter.restore();
}

} // namespace pelab
