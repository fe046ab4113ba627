// SPDX-License-Identifier: MIT
#pragma once

#include "EmbeddingStats.h"
#include "HeatmapPlot.h"
#include "Matrix.h"
#include "TrainingProgress.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace pelab {

// The learned positional embedding as a heatmap: positions along x, dimensions along y,
// viridis colours with a colour bar, hover for exact numbers. Shows the values or their
// change since initialisation. The colour scale covers every value since the run started and
// only widens, so a colour keeps its meaning while training moves the numbers.
class EmbeddingHeatmap : public QWidget {
    Q_OBJECT

public:
    enum class Mode { Values, ChangeSinceInit };
    Q_ENUM(Mode)

    explicit EmbeddingHeatmap(QWidget *parent = nullptr);

    void reset(const RunStart &start); // sets the initial embedding and shows it
    void clear();
    void setEmbedding(const Matrix &embedding);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    const Matrix &embedding() const { return m_embedding; } // the latest values given
    Matrix displayed() const;                               // values, or current - initial
    quint64 updateCount() const { return m_updateCount; }   // setEmbedding calls that changed it

    // The colour scale's ends, and the sentence under the plot saying what they are.
    std::pair<double, double> colorRange() const;
    QString rangeNote() const;
    // What hovering at `pos` shows (empty off the grid), and what the mouse shows now.
    QString toolTipAt(const QPoint &pos) const;
    QString hoverText() const { return m_hoverText; }
    int renderCount() const { return m_plot.renderCount(); }

signals:
    void modeChanged(pelab::EmbeddingHeatmap::Mode mode);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void refresh();
    QRect plotArea() const;
    QRect noteArea() const;
    void setHover(std::optional<QPoint> cell);
    QString cellText(const QPoint &cell) const;

    QLabel *m_shape = nullptr;
    QComboBox *m_modeCombo = nullptr;
    QWidget *m_header = nullptr;
    // What the empty view says: why a run's encoding has no table (empty: no run yet).
    static QString noTableText(EncodingKind encoding);
    QString m_emptyText;
    int m_trainedRows = 0; // positions training reaches; the rest only evaluation
    Matrix m_initial;
    Matrix m_embedding;
    ValueRange m_valueRange;  // initial and every frame since
    double m_changeLimit = 0; // largest |current - initial| since the start
    Mode m_mode = Mode::Values;
    quint64 m_updateCount = 0;
    HeatmapPlot m_plot;
    std::optional<QPoint> m_hover; // (position, dimension) under the mouse
    QString m_hoverText;
};

} // namespace pelab
