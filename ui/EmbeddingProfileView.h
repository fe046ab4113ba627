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
// position-signal task it overlays the target sin(2 pi t / L), fixed by the task (the best
// model has w = 1 and an embedding of sin - b), and states the correlation; for width 1 it
// shows the linear layer's w and b live, which explain both tasks' lessons. Width > 1 draws
// a few dimensions spread across it.
class EmbeddingProfileView : public QWidget {
    Q_OBJECT

public:
    explicit EmbeddingProfileView(QWidget *parent = nullptr);

    void reset(const RunStart &start);
    void clear();
    void setEmbedding(const Matrix &embedding);
    // The seed's linear layer now (nothing for other models).
    void setHead(const std::optional<LinearHead> &head);
    std::optional<LinearHead> head() const { return m_head; }

    // Pearson r of the (width-1) embedding with the target sine; NaN without a sine target.
    double targetCorrelation() const { return m_correlation; }
    // The caption under the plot (what the learner should take from it), and its gloss.
    QString caption() const;
    QString detail() const;
    QString hoverText() const { return m_hoverText; }
    // What hovering over position `position` says.
    QString positionText(int position) const;

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

    Matrix m_initial;
    Matrix m_embedding;
    std::vector<double> m_target; // the sine, only for the position-signal task
    std::optional<TaskKind> m_task;
    std::optional<LinearHead> m_head;
    double m_correlation;
    ProfilePlot m_plot;
    std::optional<int> m_hover;
    QString m_hoverText;
};

} // namespace pelab
