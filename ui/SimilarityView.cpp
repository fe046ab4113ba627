// SPDX-License-Identifier: MIT
#include "SimilarityView.h"

#include "EmbeddingStats.h"
#include "FigureView.h"

#include <QVBoxLayout>

namespace pelab {

SimilarityView::SimilarityView(QWidget *parent)
    : QWidget(parent)
{
    setMinimumSize(320, 200);
    m_view = new FigureView(
        FigureKind::Similarity,
        [this] {
            FigureData data;
            data.config = m_config;
            data.embedding = m_embedding;
            return data;
        },
        this);
    m_view->setMinimumSize(200, 120);
    m_view->setSummary(tr("How alike two positions look to the layers above: the cosine of "
                          "their rows, on a fixed scale (1 same direction, 0 unrelated, "
                          "\u22121 opposite)."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void SimilarityView::reset(const RunStart &start)
{
    clear();
    m_config = start.config;
    setEmbedding(start.initialEmbedding);
}

void SimilarityView::clear()
{
    m_config = TrainingConfig();
    setEmbedding({});
}

void SimilarityView::setEmbedding(const Matrix &embedding)
{
    const Matrix next = isWellFormed(embedding) ? embedding : Matrix{};
    if (next == m_embedding)
        return;
    m_embedding = next;
    m_similarityStale = true;
    m_view->invalidate();
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

QString SimilarityView::toolTipAt(const QPoint &pos) const
{
    return m_view->hoverTextAt(m_view->mapFrom(this, pos));
}

QString SimilarityView::hoverText() const
{
    return m_view->hoverText();
}

} // namespace pelab
