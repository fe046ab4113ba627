// SPDX-License-Identifier: MIT
#include "SimilarityView.h"

#include "Colormap.h"
#include "EmbeddingStats.h"
#include "PlotTicks.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace pelab {

namespace {
constexpr int pad = 8;
}

SimilarityView::SimilarityView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(320, 200);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_plot.setSquareCells(true);
    m_plot.setAxisTitles(tr("position"), tr("position"));
    // Diverging, as in the exported figure: 0 (unrelated) is neutral, the signs stand apart.
    m_plot.setColorMap(&redBlue);
    m_plot.setColorRange(-1, 1);
    m_plot.setColorTitle(tr("cosine similarity"));
}

void SimilarityView::reset(const RunStart &start)
{
    clear();
    setEmbedding(start.initialEmbedding);
}

void SimilarityView::clear()
{
    setEmbedding({});
}

void SimilarityView::setEmbedding(const Matrix &embedding)
{
    const Matrix next = isWellFormed(embedding) ? embedding : Matrix{};
    if (next == m_embedding)
        return;
    m_embedding = next;
    m_similarityStale = m_plotStale = true;
    const bool inside = m_hover && std::max(m_hover->x(), m_hover->y()) < m_embedding.rows;
    setHover(inside ? m_hover : std::nullopt);
    update();
}

bool SimilarityView::isMeaningful() const
{
    return m_embedding.rows > 0 && m_embedding.cols > 1;
}

const Matrix &SimilarityView::similarity() const
{
    if (m_similarityStale) {
        m_similarity = cosineSimilarity(m_embedding);
        m_similarityStale = false;
    }
    return m_similarity;
}

QString SimilarityView::message() const
{
    if (m_embedding.isEmpty())
        return tr("No embedding yet.");
    if (!isMeaningful())
        return tr("Similarity between positions needs an embedding wider than 1. The seed's "
                  "embedding is 1 number per position, so every pair is simply +1 or \u22121 "
                  "(the same sign or not).");
    return {};
}

void SimilarityView::updatePlot()
{
    if (m_plotStale) {
        m_plot.setGrid(isMeaningful() ? similarity() : Matrix{});
        m_plotStale = false;
    }
    m_plot.layout(plotArea(), fontMetrics());
}

QRect SimilarityView::plotArea() const
{
    const int line = fontMetrics().height();
    const int top = pad + line + pad;
    return QRect(pad, top, width() - 2 * pad, height() - top - pad - line - pad / 2);
}

void SimilarityView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    const QFontMetrics metrics = fontMetrics();
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::WindowText));
    const QString title = tr("Similarity between positions");
    painter.drawText(QRect(pad, pad, width() - 2 * pad, metrics.height()), Qt::AlignLeft, title);
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const int subtitleLeft = pad + QFontMetrics(bold).horizontalAdvance(title) + 8;
    painter.drawText(QRect(subtitleLeft, pad, width() - subtitleLeft - pad, metrics.height()),
                     Qt::AlignLeft, tr("cosine of the embedding's rows"));

    const QString text = message();
    if (!text.isEmpty()) {
        // A calm card in the middle rather than a grid of meaningless +/-1 cells.
        const int cardWidth = std::min(plotArea().width() - 16, 46 * metrics.averageCharWidth());
        const QRect bounds =
            metrics.boundingRect(QRect(0, 0, cardWidth - 32, 1000), Qt::TextWordWrap, text);
        QRect card(0, 0, cardWidth, bounds.height() + 28);
        card.moveCenter(plotArea().center());
        if (!m_embedding.isEmpty()) {
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(QPen(palette().color(QPalette::Mid), 1));
            painter.setBrush(palette().color(QPalette::Base));
            painter.drawRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
        }
        painter.setPen(palette().color(m_embedding.isEmpty() ? QPalette::PlaceholderText
                                                             : QPalette::WindowText));
        painter.drawText(card.adjusted(16, 14, -16, -14), Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }
    updatePlot();
    m_plot.paint(painter, palette());
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    painter.setFont(small);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(
        QRect(pad, height() - pad - metrics.height(), width() - 2 * pad, metrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter,
        tr("Fixed scale: 1 same direction, 0 unrelated, \u22121 opposite."));
}

void SimilarityView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_plot.layout(plotArea(), fontMetrics());
}

void SimilarityView::mouseMoveEvent(QMouseEvent *event)
{
    if (isMeaningful()) {
        updatePlot();
        setHover(m_plot.cellAt(event->position().toPoint()));
    }
    if (m_hover)
        QToolTip::showText(event->globalPosition().toPoint(), m_hoverText, this);
    QWidget::mouseMoveEvent(event);
}

void SimilarityView::leaveEvent(QEvent *event)
{
    setHover(std::nullopt);
    QWidget::leaveEvent(event);
}

void SimilarityView::setHover(std::optional<QPoint> cell)
{
    if (!isMeaningful())
        cell.reset();
    if (cell != m_hover) {
        m_plot.setHighlight(cell);
        update();
        if (!cell)
            QToolTip::hideText();
    }
    m_hover = cell;
    m_hoverText = cell ? cellText(*cell) : QString();
}

QString SimilarityView::toolTipAt(const QPoint &pos) const
{
    const std::optional<QPoint> cell = isMeaningful() ? m_plot.cellAt(pos) : std::nullopt;
    return cell ? cellText(*cell) : QString();
}

QString SimilarityView::cellText(const QPoint &cell) const
{
    const int i = cell.y(), j = cell.x(); // row i, column j, as in the matrix
    const Matrix &matrix = similarity();
    if (i >= matrix.rows || j >= matrix.cols)
        return {}; // the plot still shows an older, larger matrix
    return tr("positions %1 and %2\nsimilarity %3").arg(i).arg(j).arg(formatValue(matrix.at(i, j)));
}

} // namespace pelab
