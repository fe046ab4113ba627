// SPDX-License-Identifier: MIT
#include "EmbeddingProfileView.h"

#include "EmbeddingStats.h"
#include "FigureView.h"
#include "figures/ProfileFigure.h"

#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace pelab {

EmbeddingProfileView::EmbeddingProfileView(QWidget *parent)
    : QWidget(parent)
{
    setMinimumSize(320, 200);
    m_view = new FigureView(
        FigureKind::Profile, [this] { return m_data; }, this);
    m_view->setMinimumSize(200, 180);
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("profileDetail"));
    m_detail->setWordWrap(true);
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    m_detail->setContentsMargins(8, 0, 8, 4);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_detail);
    changed();
}

void EmbeddingProfileView::reset(const RunStart &start)
{
    m_data = FigureData();
    m_data.config = start.config;
    if (start.config.task == TaskKind::PositionSignal)
        m_data.targetSignal = start.targetSignal;
    m_data.initialEmbedding =
        isWellFormed(start.initialEmbedding) ? start.initialEmbedding : Matrix{};
    m_data.head = start.initialHead;
    setEmbedding(m_data.initialEmbedding);
    changed();
}

void EmbeddingProfileView::setHead(const std::optional<LinearHead> &head)
{
    if (!head)
        return; // a snapshot without one keeps the last
    m_data.head = head;
    changed();
}

void EmbeddingProfileView::clear()
{
    m_data = FigureData();
    changed();
}

void EmbeddingProfileView::setEmbedding(const Matrix &embedding)
{
    m_data.embedding = isWellFormed(embedding) ? embedding : Matrix{};
    const Matrix &now = m_data.embedding;
    if (!now.isEmpty() &&
        (m_data.initialEmbedding.rows != now.rows || m_data.initialEmbedding.cols != now.cols))
        m_data.initialEmbedding = now; // no matching start: compare with the first frame seen
    // Without the task's config (no reset) there is no target to compare with.
    changed();
}

double EmbeddingProfileView::targetCorrelation() const
{
    return profileCorrelation(m_data);
}

QString EmbeddingProfileView::caption() const
{
    return profileStatement(m_data);
}

QString EmbeddingProfileView::detail() const
{
    const Matrix &now = m_data.embedding;
    if (now.isEmpty())
        return {};
    if (now.cols > 1)
        return tr("One colour per dimension; the heatmap shows all of them and how far they "
                  "moved.");
    if (m_data.config.task == TaskKind::Zeros)
        return tr("y = w\u00b7(x + p) + b. Against zeros the best model is w = 0, whatever the "
                  "embedding p, and p's gradient is proportional to w: as w falls, p stops "
                  "moving. Grey: the initial embedding.");
    if (std::isfinite(targetCorrelation()))
        return tr("Orange: the target sin(2\u03c0t/L), fixed by the task. The best model has "
                  "w = 1 and p = sin \u2212 b, so the curve ends on the band shifted by \u2212b. "
                  "Grey: the initial embedding.");
    return tr("Grey: the initial embedding.");
}

QString EmbeddingProfileView::hoverText() const
{
    return m_view->hoverText();
}

QString EmbeddingProfileView::positionText(int position) const
{
    return profilePositionText(m_data, position);
}

void EmbeddingProfileView::changed()
{
    m_detail->setText(detail());
    m_detail->setVisible(!m_detail->text().isEmpty());
    m_view->invalidate();
}

} // namespace pelab
