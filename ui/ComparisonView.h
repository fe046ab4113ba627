// SPDX-License-Identifier: MIT
#pragma once

#include "figures/ComparisonFigure.h"
#include "figures/FigureHover.h"
#include "figures/FigureKind.h"

#include <QImage>
#include <QWidget>

#include <optional>

class QComboBox;
class QPushButton;
class QTimer;

namespace pelab {

class RunSet;
class TimeScrubber;

// The comparison's line charts: one measurement of every visible run overlaid, each run in its
// colour, the legend naming it by the settings that differ. A picker above chooses the
// measurement (loss, validation, accuracy, entropy, gradient ratio, accuracy by length), or
// the runs' heatmaps (encoding tables, similarity, attention, gradients) as small multiples
// on one colour scale. It
// redraws at most ten times a second while runs train, and not at all while hidden; hovering
// names the run and value under the mouse. A scrubber below shows every run as it was at an
// earlier step (RunRecord::snapshots), plays it as a time-lapse, and saves it as PNG frames.
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
    // Shows the chart or small multiples named `stem` (comparisonChartStem or the figure's
    // file stem: "loss", "gradients"); false when no such view exists.
    bool showNamed(const QString &stem);
    // A lesson points here: an accent frame around the picture for a few seconds.
    void flashHighlight();
    bool isHighlighted() const { return m_highlighted; }

    // Time travel: every run as it was after `step` steps (nothing: live).
    void showStep(std::optional<std::int64_t> step);
    std::optional<std::int64_t> shownStep() const { return m_step; }
    TimeScrubber *scrubber() const { return m_scrubber; }
    // Writes the picture at each of `frames` steps (all runs at the same step) as
    // frame_0001.png, frame_0002.png... into `folder`, all or none, at 2x the view's pixels.
    // Empty on success, else the message.
    QString writeTimeLapse(const QString &folder, const std::vector<std::int64_t> &frames);
    // Writes the picture as on screen (its layout, colours and step) to `path`: PNG at twice
    // the view's pixels, SVG or PDF by the file's extension. Empty on success, else why not.
    QString exportFigure(const QString &path);
    // The steps a time-lapse shows: the first shown run's snapshot steps, at most 200.
    std::vector<std::int64_t> timeLapseSteps() const;

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
    TimeScrubber *m_scrubber;
    QPushButton *m_saveLapse;
    QPushButton *m_exportFigure;
    std::optional<std::int64_t> m_step;
    mutable std::vector<RunRecord> m_atStep; // the records data() points into while scrubbing
    QTimer *m_throttle;
    QImage m_cache;
    HoverMap m_hovers;
    bool m_stale = true;
    bool m_highlighted = false;
    QTimer *m_highlightTimer = nullptr;
    int m_renderCount = 0;
};

} // namespace pelab
