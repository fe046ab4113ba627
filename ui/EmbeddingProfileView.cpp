// SPDX-License-Identifier: MIT
#include "EmbeddingProfileView.h"

#include "PlotTicks.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace pelab {

namespace {
constexpr int pad = 8;
constexpr double strongMatch = 0.99;
const QColor currentColor(49, 104, 142); // viridis' blue, so the views read as one family
const QColor targetColor(222, 110, 20);
const QColor initialColor(150, 150, 150);
// Matplotlib's first categorical colours, one per dimension when the embedding is wider.
const std::array<QColor, EmbeddingProfileView::maxDimensions> dimensionColors = {
    QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44), QColor(214, 39, 40)};

QFont boldFont(QFont font)
{
    font.setBold(true);
    return font;
}
} // namespace

EmbeddingProfileView::EmbeddingProfileView(QWidget *parent)
    : QWidget(parent)
    , m_correlation(std::numeric_limits<double>::quiet_NaN())
{
    setMouseTracking(true);
    setMinimumSize(320, 200);
}

void EmbeddingProfileView::reset(const RunStart &start)
{
    clear();
    m_task = start.config.task;
    if (start.config.task == TaskKind::PositionSignal)
        m_target = column(start.targetSignal, 0);
    m_initial = isWellFormed(start.initialEmbedding) ? start.initialEmbedding : Matrix{};
    m_head = start.initialHead;
    setEmbedding(m_initial);
}

void EmbeddingProfileView::setHead(const std::optional<LinearHead> &head)
{
    if (!head)
        return; // a snapshot without one keeps the last
    m_head = head;
    update();
}

void EmbeddingProfileView::clear()
{
    m_target.clear();
    m_task.reset();
    m_head.reset();
    m_initial = {};
    setEmbedding({});
}

void EmbeddingProfileView::setEmbedding(const Matrix &embedding)
{
    m_embedding = isWellFormed(embedding) ? embedding : Matrix{};
    if (!m_embedding.isEmpty() &&
        (m_initial.rows != m_embedding.rows || m_initial.cols != m_embedding.cols))
        m_initial = m_embedding; // no matching start: compare with the first frame seen
    const std::vector<double> profile = column(m_embedding, 0);
    const bool comparable = m_embedding.cols == 1 && m_target.size() == profile.size();
    m_correlation = comparable ? pearsonCorrelation(profile, m_target)
                               : std::numeric_limits<double>::quiet_NaN();
    m_plot.setSeries(series(), m_embedding.rows);
    setHover(m_hover && *m_hover < m_embedding.rows ? m_hover : std::nullopt);
    update();
}

QString EmbeddingProfileView::caption() const
{
    if (m_embedding.isEmpty())
        return {};
    if (m_embedding.cols > 1) {
        const std::vector<int> dims = shownDimensions();
        if (int(dims.size()) == m_embedding.cols)
            return tr("All %1 dimensions, one line each.").arg(m_embedding.cols);
        QStringList names;
        for (int d : dims)
            names << QString::number(d);
        return tr("Dimensions %1 of %2, one line each.")
            .arg(names.join(QStringLiteral(", ")))
            .arg(m_embedding.cols);
    }
    // The linear layer explains both lessons: w -> 0 against zeros, w -> 1 for the sine.
    const QString head =
        m_head ? tr("w = %1, b = %2: ").arg(formatValue(m_head->weight), formatValue(m_head->bias))
               : QString();
    if (m_task == TaskKind::Zeros)
        return head + tr("the zero target gives the embedding nothing positional to learn.");
    if (std::isfinite(m_correlation)) {
        const QString r = tickLabel(m_correlation, 0.001);
        return head + (m_correlation >= strongMatch
                           ? tr("the embedding matches the target sine, r = %1").arg(r)
                           : tr("learning the target sine, r = %1 so far").arg(r));
    }
    return head.isEmpty() ? QString() : head.left(head.size() - 2);
}

QString EmbeddingProfileView::detail() const
{
    if (m_embedding.isEmpty())
        return {};
    if (m_embedding.cols > 1)
        return tr("One colour per dimension; the heatmap shows all of them and how far they "
                  "moved.");
    if (m_task == TaskKind::Zeros)
        return tr("y = w\u00b7(x + p) + b. Against zeros the best model is w = 0, whatever the "
                  "embedding p, and p's gradient is proportional to w: as w falls, p stops "
                  "moving. Grey: the initial embedding.");
    if (std::isfinite(m_correlation))
        return tr("Orange: the target sin(2\u03c0t/L), fixed by the task. The best model has "
                  "w = 1 and p = sin \u2212 b, so the curve ends on the band shifted by \u2212b. "
                  "Grey: the initial embedding.");
    return tr("Grey: the initial embedding.");
}

std::vector<int> EmbeddingProfileView::shownDimensions() const
{
    // Spread across the width: in a sinusoidal-like embedding the frequency changes with the
    // dimension, so 0, d/3, 2d/3, d-1 show the range where 0..3 would all be the fastest.
    const int count = std::min(m_embedding.cols, maxDimensions);
    std::vector<int> dims;
    for (int k = 0; k < count; ++k)
        dims.push_back(
            count == 1 ? 0 : int(std::lround(double(k) * (m_embedding.cols - 1) / (count - 1))));
    return dims;
}

std::vector<ProfileSeries> EmbeddingProfileView::series() const
{
    std::vector<ProfileSeries> all;
    if (m_embedding.cols > 1) {
        const std::vector<int> dims = shownDimensions();
        for (std::size_t k = 0; k < dims.size(); ++k)
            all.push_back({column(m_embedding, dims[k]), dimensionColors[k],
                           tr("dim %1").arg(dims[k]), Qt::SolidLine, 1.6});
        return all;
    }
    // Past a few hundred positions dashes turn to noise: the initial curve goes thin and solid.
    const bool dense = m_embedding.rows > 150;
    QColor faint = initialColor;
    faint.setAlpha(dense ? 110 : 210);
    all.push_back({column(m_initial, 0), faint, tr("initial"), dense ? Qt::SolidLine : Qt::DashLine,
                   dense ? 1.0 : 1.3, true, true});
    if (m_target.size() == std::size_t(m_embedding.rows)) {
        // The task's own sine, the same in every frame; a wide translucent band stays
        // visible when the embedding lies right on it.
        QColor band = targetColor;
        band.setAlpha(110);
        all.push_back({m_target, band, tr("target sin(2\u03c0t/L)"), Qt::SolidLine, 7, false});
    }
    all.push_back({column(m_embedding, 0), currentColor, tr("now")});
    return all;
}

int EmbeddingProfileView::captionHeight() const
{
    const QRect bounds(0, 0, width() - 2 * pad, 10000);
    const auto height = [&](const QFont &font, const QString &text) {
        return text.isEmpty()
                   ? 0
                   : QFontMetrics(font).boundingRect(bounds, Qt::TextWordWrap, text).height();
    };
    return height(boldFont(font()), caption()) + height(font(), detail());
}

void EmbeddingProfileView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    const int line = fontMetrics().height();
    painter.setFont(boldFont(font()));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(pad, pad, width() - 2 * pad, line), Qt::AlignLeft,
                     tr("Embedding profile"));
    painter.setFont(font());
    if (m_embedding.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(pad, pad + line, -pad, -pad),
                         Qt::AlignCenter | Qt::TextWordWrap, tr("No embedding yet."));
        return;
    }
    m_plot.paintLegend(painter, width() - pad, pad + line / 2, palette());
    const int captionTop = height() - pad - captionHeight();
    m_plot.paint(painter,
                 QRect(QPoint(pad, pad + line + 10), QPoint(width() - pad, captionTop - 10)),
                 palette());

    const QRect captionRect = QFontMetrics(boldFont(font()))
                                  .boundingRect(QRect(pad, captionTop, width() - 2 * pad, 10000),
                                                Qt::TextWordWrap, caption());
    painter.setFont(boldFont(font()));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(captionRect, Qt::AlignLeft | Qt::TextWordWrap, caption());
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(pad, captionRect.bottom() + 1, width() - 2 * pad, height()),
                     Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, detail());
}

void EmbeddingProfileView::mouseMoveEvent(QMouseEvent *event)
{
    setHover(m_plot.positionAt(event->position().x()));
    if (m_hover)
        QToolTip::showText(event->globalPosition().toPoint(), m_hoverText, this);
    QWidget::mouseMoveEvent(event);
}

void EmbeddingProfileView::leaveEvent(QEvent *event)
{
    setHover(std::nullopt);
    QWidget::leaveEvent(event);
}

void EmbeddingProfileView::setHover(std::optional<int> position)
{
    m_hoverText = position ? positionText(*position) : QString();
    if (position == m_hover)
        return;
    // Only on leaving: hiding on every frame would kill other widgets' tooltips.
    if (!position)
        QToolTip::hideText();
    m_hover = position;
    m_plot.setHover(position);
    update();
}

QString EmbeddingProfileView::positionText(int i) const
{
    QString text = tr("position %1").arg(i);
    for (int d : shownDimensions()) {
        const QString name = m_embedding.cols == 1 ? tr("now") : tr("dim %1").arg(d);
        text += tr("\n%1 %2 (initial %3)")
                    .arg(name, formatValue(m_embedding.at(i, d)), formatValue(m_initial.at(i, d)));
    }
    if (m_embedding.cols == 1 && m_target.size() == std::size_t(m_embedding.rows))
        text += tr("\ntarget sine %1").arg(formatValue(m_target[std::size_t(i)]));
    return text;
}

} // namespace pelab
