// SPDX-License-Identifier: MIT
#include "EmbeddingHeatmap.h"

#include "FigureView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <cmath>

namespace pelab {

namespace {

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
    setMinimumSize(320, 200);
    auto *header = new QWidget(this);
    m_shape = new QLabel(header);
    m_shape->setForegroundRole(QPalette::PlaceholderText);
    m_modeCombo = new QComboBox(header);
    m_modeCombo->setObjectName(QStringLiteral("heatmapModeCombo"));
    m_modeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_modeCombo->addItem(tr("values"), int(Mode::Values));
    m_modeCombo->addItem(tr("change since initialisation"), int(Mode::ChangeSinceInit));
    m_modeCombo->setToolTip(tr("Colour each cell by its value, or by how far it has moved "
                               "from the random initial embedding"));
    auto *show = new QLabel(tr("Show"), header);
    show->setBuddy(m_modeCombo);
    auto *row = new QHBoxLayout(header);
    row->setContentsMargins(8, 6, 8, 0);
    row->addWidget(m_shape);
    row->addStretch(1);
    row->addWidget(show);
    row->addWidget(m_modeCombo);

    m_view = new FigureView(
        FigureKind::Embeddings, [this] { return figureData(); }, this);
    // Title, strip or matrix with its colour bar, and the caption naming the run.
    m_view->setMinimumSize(200, 210);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setContentsMargins(8, 0, 8, 4);
    QFont small = m_note->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_note->setFont(small);

    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(header);
    column->addWidget(m_view, 1);
    column->addWidget(m_note);

    connect(m_modeCombo, &QComboBox::currentIndexChanged, this,
            [this] { setMode(Mode(m_modeCombo->currentData().toInt())); });
    refresh();
}

void EmbeddingHeatmap::reset(const RunStart &start)
{
    clear();
    m_config = start.config;
    if (isWellFormed(start.initialEmbedding)) {
        m_initial = start.initialEmbedding;
        m_embedding = start.initialEmbedding;
        m_valueRange = valueRange(m_initial);
    }
    refresh();
}

void EmbeddingHeatmap::clear()
{
    m_config = TrainingConfig();
    m_initial = m_embedding = {};
    m_valueRange = {};
    m_changeLimit = 0;
    m_updateCount = 0;
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
    if (m_embedding.isEmpty())
        return {};
    if (m_mode == Mode::ChangeSinceInit) {
        if (m_changeLimit <= 0)
            return tr("Change = now \u2212 initial. Nothing has moved yet.");
        return tr("Change = now \u2212 initial. Colours span \u00b1 the largest change so far, "
                  "centred on 0; the scale only widens.");
    }
    return tr("Colours span every value since the start (initial included); the scale only "
              "widens, so a colour keeps its meaning.");
}

FigureData EmbeddingHeatmap::figureData() const
{
    FigureData data;
    data.config = m_config;
    data.embedding = m_embedding;
    data.initialEmbedding = m_initial;
    data.table.change = m_mode == Mode::ChangeSinceInit;
    std::tie(data.table.low, data.table.high) = colorRange();
    return data;
}

void EmbeddingHeatmap::refresh()
{
    m_shape->setText(shapeText(m_embedding));
    m_shape->setToolTip(
        m_embedding.isEmpty()
            ? QString()
            : tr("%1 positions \u00d7 %2 dimensions").arg(m_embedding.rows).arg(m_embedding.cols));
    m_note->setText(rangeNote());
    m_note->setVisible(!m_note->text().isEmpty());
    m_view->invalidate();
}

QString EmbeddingHeatmap::toolTipAt(const QPoint &pos) const
{
    return m_view->hoverTextAt(m_view->mapFrom(this, pos));
}

QString EmbeddingHeatmap::hoverText() const
{
    return m_view->hoverText();
}

int EmbeddingHeatmap::renderCount() const
{
    return m_view->renderCount();
}

} // namespace pelab
