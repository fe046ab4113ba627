// SPDX-License-Identifier: MIT
#pragma once

#include "EmbeddingStats.h"
#include "Matrix.h"
#include "ProfilePlot.h"
#include "TrainingProgress.h"

#include <QWidget>

#include <optional>

namespace pelab {

// The embedding as a curve over positions, with its initial values drawn faintly. For the
// position-signal task it overlays the target sine mapped through the best affine fit
// a * sin + c (the linear layer can rescale and shift the embedding, so only the shape is
// learnt) and states the correlation. Width > 1 draws a few dimensions spread across it.
class EmbeddingProfileView : public QWidget {
    Q_OBJECT

public:
    explicit EmbeddingProfileView(QWidget *parent = nullptr);

    void reset(const RunStart &start);
    void clear();
    void setEmbedding(const Matrix &embedding);

    // Pearson r of the (width-1) embedding with the target sine; NaN without a sine target.
    double targetCorrelation() const { return m_correlation; }
    // The caption under the plot (what the learner should take from it), and its gloss.
    QString caption() const;
    QString detail() const;
    QString hoverText() const { return m_hoverText; }

    static constexpr int maxDimensions = 4;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    std::vector<int> shownDimensions() const;
    std::vector<ProfileSeries> series() const;
    int captionHeight() const;
    void setHover(std::optional<int> position);
    QString positionText(int position) const;

    Matrix m_initial;
    Matrix m_embedding;
    std::vector<double> m_target; // the sine, only for the position-signal task
    std::optional<TaskKind> m_task;
    AffineFit m_fit;
    double m_correlation;
    ProfilePlot m_plot;
    std::optional<int> m_hover;
    QString m_hoverText;
};

} // namespace pelab
