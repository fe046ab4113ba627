// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "TrainingConfig.h"
#include "TrainingProgress.h"

#include <QWidget>

namespace pelab {

class FigureView;

// Cosine similarity between every pair of positions (rows of the embedding) on a fixed -1..1
// scale: how distinguishable the positions are to the layers above. With a width-1 embedding
// every pair is just +1 or -1 (the signs), so the view says that instead of drawing it. The
// picture is core's similarity figure, the same as its export.
class SimilarityView : public QWidget {
    Q_OBJECT

public:
    explicit SimilarityView(QWidget *parent = nullptr);

    void reset(const RunStart &start);
    void clear();
    void setEmbedding(const Matrix &embedding);
    bool isMeaningful() const; // false for width 1 (and for no embedding)

    // positions x positions; computed when first needed after a change, not on every frame.
    const Matrix &similarity() const;
    // What the view says instead of a matrix (empty when it draws one).
    QString message() const;
    // What hovering at `pos` shows (empty off the matrix), and what the mouse shows now.
    QString toolTipAt(const QPoint &pos) const;
    QString hoverText() const;
    FigureView *figureView() const { return m_view; }

private:
    TrainingConfig m_config;
    Matrix m_embedding;
    mutable Matrix m_similarity;
    mutable bool m_similarityStale = false;
    FigureView *m_view = nullptr;
};

} // namespace pelab
