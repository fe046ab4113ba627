// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "RunData.h"
#include "TrainingConfig.h"
#include "TrainingProgress.h"
#include "figures/FigureData.h"

#include <QWidget>

#include <optional>

class QLabel;

namespace pelab {

class FigureView;

// The embedding as a curve over positions, with its initial values drawn faintly. For the
// position-signal task it overlays the target sin(2 pi t / L), fixed by the task (the best
// model has w = 1 and an embedding of sin - b), and states the correlation; for width 1 it
// shows the linear layer's w and b live, which explain both tasks' lessons. Width > 1 draws
// a few dimensions spread across it. The picture is core's profile figure, the same as its
// export; a gloss under it says how to read it.
class EmbeddingProfileView : public QWidget {
    Q_OBJECT

public:
    explicit EmbeddingProfileView(QWidget *parent = nullptr);

    void reset(const RunStart &start);
    void clear();
    void setEmbedding(const Matrix &embedding);
    // The seed's linear layer now (nothing for other models).
    void setHead(const std::optional<LinearHead> &head);
    std::optional<LinearHead> head() const { return m_data.head; }

    // Pearson r of the (width-1) embedding with the target sine; NaN without a sine target.
    double targetCorrelation() const;
    // The sentence under the plot (what the learner should take from it), and its gloss.
    QString caption() const;
    QString detail() const;
    QString hoverText() const;
    // What hovering over position `position` says.
    QString positionText(int position) const;
    FigureView *figureView() const { return m_view; }

private:
    void changed();

    FigureData m_data; // config, embedding, initial, target and head: what the figure draws
    FigureView *m_view = nullptr;
    QLabel *m_detail = nullptr;
};

} // namespace pelab
