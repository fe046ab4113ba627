// SPDX-License-Identifier: MIT
#pragma once

#include "EmbeddingStats.h"
#include "Matrix.h"
#include "TrainingConfig.h"
#include "TrainingProgress.h"
#include "figures/FigureData.h"

#include <QWidget>

#include <optional>
#include <utility>

class QComboBox;
class QPushButton;
class QLabel;

namespace pelab {

class FigureView;

// The learned positional embedding as a heatmap: positions along x, dimensions along y,
// viridis colours with a colour bar, hover for exact numbers. Shows the values or their
// change since initialisation. The colour scale covers every value since the run started and
// only widens, so a colour keeps its meaning while training moves the numbers. The picture is
// core's embedding figure (FigureKind::Embeddings) drawn with this view's mode and range, so
// its export is what the view shows.
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
    QString hoverText() const;
    int renderCount() const;
    FigureView *figureView() const { return m_view; }

    // The part of the table shown: a wide table (up to 512 dimensions) is read by zooming in.
    // The wheel zooms the dimensions around the mouse (Shift, or a width-1 table: the
    // positions), a drag pans, a double-click shows everything again.
    TableWindow window() const;
    void zoom(Qt::Orientation axis, double factor, double anchor);
    void pan(double positions, double dimensions);
    void showWholeTable();

signals:
    void modeChanged(pelab::EmbeddingHeatmap::Mode mode);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // The table cell (fractional position, dimension) under a point of the figure view.
    std::optional<QPointF> cellAt(const QPointF &pos) const;
    FigureData figureData() const;
    void refresh();

    QLabel *m_shape = nullptr;
    QComboBox *m_modeCombo = nullptr;
    FigureView *m_view = nullptr;
    QLabel *m_note = nullptr;
    TrainingConfig m_config;
    Matrix m_initial;
    Matrix m_embedding;
    ValueRange m_valueRange;  // initial and every frame since
    double m_changeLimit = 0; // largest |current - initial| since the start
    Mode m_mode = Mode::Values;
    quint64 m_updateCount = 0;
    TableDisplay m_zoom; // only its window fields: the part of the table shown
    QPushButton *m_showAll = nullptr;
    std::optional<QPointF> m_dragFrom; // where a pan started, in the figure view
    TableWindow m_dragWindow;
};

} // namespace pelab
