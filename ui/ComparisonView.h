// SPDX-License-Identifier: MIT
#pragma once

#include "figures/ComparisonFigure.h"
#include "figures/FigureHover.h"
#include "figures/FigureKind.h"

#include <QImage>
#include <QWidget>

#include <optional>

class QComboBox;
class QTimer;

namespace pelab {

class RunSet;

// The comparison's line charts: one measurement of every visible run overlaid, each run in its
// colour, the legend naming it by the settings that differ. A picker above chooses the
// measurement (loss, validation, accuracy, entropy, gradient ratio, accuracy by length), or
// the runs' heatmaps (encoding tables, similarity, attention, gradients) as small multiples
// on one colour scale. It
// redraws at most ten times a second while runs train, and not at all while hidden; hovering
// names the run and value under the mouse.
class ComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonView(const RunSet *runs, QWidget *parent = nullptr);

    ComparisonChart chart() const { return m_chart; }
    void setChart(ComparisonChart chart);
    // The runs' heatmaps side by side on one colour scale (SmallMultiples.h) instead of a
    // line chart; nothing: the line chart.
    std::optional<FigureKind> multiples() const { return m_multiples; }
    void setMultiples(FigureKind kind);
    // The runs changed: redraw within 100 ms (if shown).
    void invalidate();

    // What it draws now, and the picture at `pixelRatio` (2: a PNG export's pixels).
    ComparisonData data() const;
    QImage renderImage(double pixelRatio) const;
    QString hoverTextAt(const QPoint &pos) const;
    int renderCount() const { return m_renderCount; }
    bool isShown() const { return isVisible() && !visibleRegion().isEmpty(); }

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QRect figureRect() const;
    void draw(QPainter &painter, const QRectF &rect, const FigureStyle &style,
              HoverMap *hovers) const;
    void choose(int pickerData);
    FigureStyle style() const;
    void updatePicker();

    const RunSet *m_runs;
    ComparisonChart m_chart = ComparisonChart::Loss;
    std::optional<FigureKind> m_multiples;
    QComboBox *m_picker;
    QTimer *m_throttle;
    QImage m_cache;
    HoverMap m_hovers;
    bool m_stale = true;
    int m_renderCount = 0;
};

} // namespace pelab
