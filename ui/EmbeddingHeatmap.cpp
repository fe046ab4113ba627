// SPDX-License-Identifier: MIT
#include "EmbeddingHeatmap.h"

#include "FigureView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QWheelEvent>

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
    m_showAll = new QPushButton(tr("Show all"), header);
    m_showAll->setObjectName(QStringLiteral("heatmapShowAllButton"));
    m_showAll->setToolTip(tr("Show every position and dimension again (or double-click the "
                             "heatmap)"));
    m_showAll->hide();
    connect(m_showAll, &QPushButton::clicked, this, &EmbeddingHeatmap::showWholeTable);
    auto *show = new QLabel(tr("Show"), header);
    show->setBuddy(m_modeCombo);
    auto *row = new QHBoxLayout(header);
    row->setContentsMargins(8, 6, 8, 0);
    row->addWidget(m_shape);
    row->addStretch(1);
    row->addWidget(m_showAll);
    row->addWidget(show);
    row->addWidget(m_modeCombo);

    m_view = new FigureView(
        FigureKind::Embeddings, [this] { return figureData(); }, this);
    // Title, strip or matrix with its colour bar, and the caption naming the run.
    m_view->setMinimumSize(200, 210);
    m_view->installEventFilter(this);
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
    m_zoom = TableDisplay();
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
    data.table = m_zoom;
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
    const TableWindow shown = window();
    m_showAll->setVisible(!m_embedding.isEmpty() &&
                          !shown.isWhole(m_embedding.rows, m_embedding.cols));
    QString note = rangeNote();
    if (m_embedding.rows > 16 || m_embedding.cols > 16)
        note += QLatin1Char(' ') + (m_embedding.cols > 1
                                        ? tr("Wheel to zoom into dimensions (Shift: positions), "
                                             "drag to pan, double-click for all.")
                                        : tr("Wheel to zoom, drag to pan, double-click for all."));
    m_note->setText(note);
    m_note->setVisible(!m_note->text().isEmpty());
    m_view->invalidate();
}

TableWindow EmbeddingHeatmap::window() const
{
    return tableWindow(m_zoom, m_embedding.rows, m_embedding.cols);
}

void EmbeddingHeatmap::zoom(Qt::Orientation axis, double factor, double anchor)
{
    if (m_embedding.isEmpty())
        return;
    const TableWindow w = window();
    const bool positions = axis == Qt::Horizontal;
    const int total = positions ? m_embedding.rows : m_embedding.cols;
    const int first = positions ? w.firstPosition : w.firstDimension;
    const int count = positions ? w.positions : w.dimensions;
    // At least 4 cells (or all, if fewer), at most the whole table.
    const int next = std::clamp(int(std::lround(count * factor)), std::min(4, total), total);
    if (next == count)
        return;
    // The cell under the mouse stays where it is.
    const double share = count > 0 ? (anchor - first) / count : 0.5;
    const int start =
        std::clamp(int(std::lround(anchor - share * next)), 0, std::max(0, total - next));
    if (positions) {
        m_zoom.firstPosition = start;
        m_zoom.positions = next == total ? 0 : next;
    } else {
        m_zoom.firstDimension = start;
        m_zoom.dimensions = next == total ? 0 : next;
    }
    refresh();
}

void EmbeddingHeatmap::pan(double positions, double dimensions)
{
    const TableWindow w = window();
    m_zoom.firstPosition = std::clamp(int(std::lround(w.firstPosition + positions)), 0,
                                      m_embedding.rows - w.positions);
    m_zoom.firstDimension = std::clamp(int(std::lround(w.firstDimension + dimensions)), 0,
                                       m_embedding.cols - w.dimensions);
    refresh();
}

void EmbeddingHeatmap::showWholeTable()
{
    const TableDisplay whole;
    m_zoom = whole;
    refresh();
}

std::optional<QPointF> EmbeddingHeatmap::cellAt(const QPointF &pos) const
{
    const std::optional<QRectF> plot = m_view->plotAt(pos);
    if (!plot || m_embedding.isEmpty())
        return std::nullopt;
    const TableWindow w = window();
    return QPointF(w.firstPosition + (pos.x() - plot->left()) / plot->width() * w.positions,
                   w.firstDimension + (pos.y() - plot->top()) / plot->height() * w.dimensions);
}

bool EmbeddingHeatmap::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view || m_embedding.isEmpty())
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Wheel: {
        auto *wheel = static_cast<QWheelEvent *>(event);
        const std::optional<QPointF> cell = cellAt(wheel->position());
        const int delta =
            wheel->angleDelta().y() != 0 ? wheel->angleDelta().y() : wheel->angleDelta().x();
        if (!cell || delta == 0)
            return false;
        const bool positions = m_embedding.cols == 1 || (wheel->modifiers() & Qt::ShiftModifier) ||
                               wheel->angleDelta().y() == 0;
        const double factor = std::pow(0.8, delta / 120.0);
        if (positions)
            zoom(Qt::Horizontal, factor, cell->x());
        else
            zoom(Qt::Vertical, factor, cell->y());
        return true;
    }
    case QEvent::MouseButtonPress: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && cellAt(mouse->position())) {
            m_dragFrom = mouse->position();
            m_dragWindow = window();
        }
        return false;
    }
    case QEvent::MouseMove: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (!m_dragFrom || !(mouse->buttons() & Qt::LeftButton))
            return false;
        const std::optional<QRectF> plot = m_view->plotAt(*m_dragFrom);
        if (!plot)
            return false;
        const QPointF moved = mouse->position() - *m_dragFrom;
        m_zoom.firstPosition = m_dragWindow.firstPosition;
        m_zoom.firstDimension = m_dragWindow.firstDimension;
        pan(-moved.x() / plot->width() * m_dragWindow.positions,
            -moved.y() / plot->height() * m_dragWindow.dimensions);
        return false;
    }
    case QEvent::MouseButtonRelease:
        m_dragFrom.reset();
        return false;
    case QEvent::MouseButtonDblClick:
        showWholeTable();
        return true;
    default:
        return QWidget::eventFilter(watched, event);
    }
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
