// SPDX-License-Identifier: MIT
#include "EmbeddingHeatmap.h"

#include "Colormap.h"
#include "PlotTicks.h"

#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalBlocker>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace pelab {

namespace {
constexpr int pad = 8;

QString shapeText(const Matrix &m)
{
    if (m.isEmpty())
        return {};
    return QStringLiteral("%1 \u00d7 %2").arg(m.rows).arg(m.cols);
}
} // namespace

EmbeddingHeatmap::EmbeddingHeatmap(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(320, 200);
    setAttribute(Qt::WA_OpaquePaintEvent);

    m_header = new QWidget(this);
    auto *title = new QLabel(tr("Positional embedding"), m_header);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_shape = new QLabel(m_header);
    m_shape->setForegroundRole(QPalette::PlaceholderText);
    m_modeCombo = new QComboBox(m_header);
    m_modeCombo->setObjectName(QStringLiteral("heatmapModeCombo"));
    m_modeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_modeCombo->addItem(tr("values"), int(Mode::Values));
    m_modeCombo->addItem(tr("change since initialisation"), int(Mode::ChangeSinceInit));
    m_modeCombo->setToolTip(tr("Colour each cell by its value, or by how far it has moved "
                               "from the random initial embedding"));
    auto *show = new QLabel(tr("Show"), m_header);
    show->setBuddy(m_modeCombo);

    auto *row = new QHBoxLayout(m_header);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(title);
    row->addSpacing(6);
    row->addWidget(m_shape);
    row->addStretch(1);
    row->addWidget(show);
    row->addWidget(m_modeCombo);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(pad, pad, pad, pad);
    column->addWidget(m_header);
    column->addStretch(1);

    connect(m_modeCombo, &QComboBox::currentIndexChanged, this,
            [this] { setMode(Mode(m_modeCombo->currentData().toInt())); });
    m_plot.setAxisTitles(tr("position"), tr("dimension"));
    refresh();
}

QString EmbeddingHeatmap::noTableText(EncodingKind encoding)
{
    switch (encoding) {
    case EncodingKind::None:
        return tr("This run has no positional encoding: nothing tells the model where a token "
                  "sits, so there is no table to show.");
    case EncodingKind::Rope:
        return tr("RoPE has no table: it rotates each query and key by an angle that grows "
                  "with the position, inside attention.");
    case EncodingKind::Alibi:
        return tr("ALiBi has no table: each head subtracts a penalty proportional to the "
                  "distance between positions from its attention scores.");
    case EncodingKind::Learned:
    case EncodingKind::Sinusoidal:
        break;
    }
    return {};
}

void EmbeddingHeatmap::reset(const RunStart &start)
{
    clear();
    m_emptyText = noTableText(start.config.encoding);
    if (!isWellFormed(start.initialEmbedding))
        return;
    m_initial = start.initialEmbedding;
    m_embedding = start.initialEmbedding;
    m_valueRange = valueRange(m_initial);
    // A learned table longer than the training sequences (for --eval-lengths): its rows from
    // seq_len on are never trained, only evaluated.
    m_trainedRows =
        start.config.encoding == EncodingKind::Learned && start.config.seqLen < m_initial.rows
            ? int(start.config.seqLen)
            : m_initial.rows;
    m_plot.setBoundary(m_trainedRows < m_initial.rows ? std::optional<int>(m_trainedRows)
                                                      : std::nullopt,
                       tr("never trained \u2192"));
    refresh();
}

void EmbeddingHeatmap::clear()
{
    m_initial = m_embedding = {};
    m_trainedRows = 0;
    m_plot.setBoundary(std::nullopt);
    m_emptyText.clear();
    m_valueRange = {};
    m_changeLimit = 0;
    m_updateCount = 0;
    m_hover.reset();
    m_hoverText.clear();
    refresh();
}

void EmbeddingHeatmap::setEmbedding(const Matrix &embedding)
{
    const Matrix next = isWellFormed(embedding) ? embedding : Matrix{};
    if (next == m_embedding)
        return;
    m_embedding = next;
    // Without a matching initial embedding (no reset, or a new shape) this becomes the start.
    if (!next.isEmpty() && (next.rows != m_initial.rows || next.cols != m_initial.cols)) {
        m_initial = next;
        m_valueRange = {};
        m_changeLimit = 0;
    }
    m_valueRange.include(valueRange(next));
    const ValueRange change = valueRange(difference(next, m_initial));
    if (change.valid)
        m_changeLimit = std::max({m_changeLimit, std::abs(change.min), std::abs(change.max)});
    ++m_updateCount;
    refresh();
}

void EmbeddingHeatmap::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    const QSignalBlocker blocker(m_modeCombo);
    m_modeCombo->setCurrentIndex(m_modeCombo->findData(int(mode)));
    refresh();
    emit modeChanged(mode);
}

Matrix EmbeddingHeatmap::displayed() const
{
    return m_mode == Mode::Values ? m_embedding : difference(m_embedding, m_initial);
}

std::pair<double, double> EmbeddingHeatmap::colorRange() const
{
    if (m_mode == Mode::ChangeSinceInit) {
        const double limit = m_changeLimit > 0 ? m_changeLimit : 1.0;
        return {-limit, limit};
    }
    if (!m_valueRange.valid)
        return {0.0, 1.0};
    if (m_valueRange.max > m_valueRange.min)
        return {m_valueRange.min, m_valueRange.max};
    return {m_valueRange.min - 0.5, m_valueRange.max + 0.5}; // one value: centre it
}

QString EmbeddingHeatmap::rangeNote() const
{
    if (m_mode == Mode::ChangeSinceInit) {
        if (m_changeLimit <= 0)
            return tr("Change = now \u2212 initial. Nothing has moved yet.");
        return tr("Change = now \u2212 initial. Colours span \u00b1 the largest change so far, "
                  "centred on 0; the scale only widens.");
    }
    return tr("Colours span every value since the start (initial included); the scale only "
              "widens, so a colour keeps its meaning.");
}

void EmbeddingHeatmap::refresh()
{
    m_shape->setText(shapeText(m_embedding));
    m_shape->setToolTip(
        m_embedding.isEmpty()
            ? QString()
            : tr("%1 positions \u00d7 %2 dimensions").arg(m_embedding.rows).arg(m_embedding.cols));
    m_plot.setGrid(transposed(displayed()));
    const auto [lo, hi] = colorRange();
    m_plot.setColorRange(lo, hi);
    // Change is signed and centred on 0, so it gets a diverging map where 0 looks neutral.
    m_plot.setColorMap(m_mode == Mode::Values ? &viridis : &redBlue);
    m_plot.setColorTitle(m_mode == Mode::Values ? tr("value") : tr("change"));
    if (m_hover && (m_hover->x() >= m_embedding.rows || m_hover->y() >= m_embedding.cols))
        m_hover.reset();
    m_plot.setHighlight(m_hover);
    const QString shown = m_hoverText;
    m_hoverText = m_hover ? cellText(*m_hover) : QString();
    // A learner can rest the mouse on one cell and watch its numbers move.
    if (m_hover && QToolTip::isVisible() && QToolTip::text() == shown && shown != m_hoverText)
        QToolTip::showText(QCursor::pos(), m_hoverText, this);
    m_plot.layout(plotArea(), fontMetrics());
    update();
}

QRect EmbeddingHeatmap::plotArea() const
{
    const int top = m_header->geometry().bottom() + 1 + pad;
    return QRect(pad, top, width() - 2 * pad, noteArea().top() - top - pad / 2);
}

QRect EmbeddingHeatmap::noteArea() const
{
    const int line = fontMetrics().height();
    return QRect(pad, height() - pad - 2 * line, width() - 2 * pad, 2 * line);
}

QString EmbeddingHeatmap::toolTipAt(const QPoint &pos) const
{
    const std::optional<QPoint> cell = m_plot.cellAt(pos);
    return cell ? cellText(*cell) : QString();
}

QString EmbeddingHeatmap::cellText(const QPoint &cell) const
{
    // Plot cells are (x = position, y = dimension).
    const int position = cell.x(), dimension = cell.y();
    if (position >= m_embedding.rows || dimension >= m_embedding.cols)
        return {};
    const double value = m_embedding.at(position, dimension);
    QString text = tr("position %1, dimension %2\nvalue %3")
                       .arg(position)
                       .arg(dimension)
                       .arg(formatValue(value));
    if (position >= m_trainedRows)
        text += tr("\nnever trained: beyond the training length %1").arg(m_trainedRows);
    if (m_mode == Mode::ChangeSinceInit) {
        const double initial = m_initial.at(position, dimension);
        text +=
            tr("\ninitial %1\nchange %2").arg(formatValue(initial), formatValue(value - initial));
    }
    return text;
}

void EmbeddingHeatmap::mouseMoveEvent(QMouseEvent *event)
{
    setHover(m_plot.cellAt(event->position().toPoint()));
    if (m_hover)
        QToolTip::showText(event->globalPosition().toPoint(), m_hoverText, this);
    QWidget::mouseMoveEvent(event);
}

void EmbeddingHeatmap::leaveEvent(QEvent *event)
{
    setHover(std::nullopt);
    QWidget::leaveEvent(event);
}

void EmbeddingHeatmap::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_plot.layout(plotArea(), fontMetrics());
}

void EmbeddingHeatmap::setHover(std::optional<QPoint> cell)
{
    m_hoverText = cell ? cellText(*cell) : QString();
    if (cell == m_hover)
        return;
    m_hover = cell;
    if (!cell)
        QToolTip::hideText();
    m_plot.setHighlight(cell);
    update();
}

void EmbeddingHeatmap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    const QRect area = plotArea();
    if (m_embedding.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                         m_emptyText.isEmpty()
                             ? tr("No embedding yet. Start a run to watch the positional "
                                  "embedding learn.")
                             : m_emptyText);
        return;
    }
    m_plot.layout(area, fontMetrics());
    m_plot.paint(painter, palette());

    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    painter.setFont(small);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(noteArea(), Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, rangeNote());
}

} // namespace pelab
