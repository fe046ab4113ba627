// SPDX-License-Identifier: MIT
#pragma once

#include "LossHistory.h"
#include "LossPlot.h"
#include "LossViewport.h"
#include "TrainingProgress.h"
#include "figures/FigureData.h"

#include <QChart>
#include <QWidget>

#include <functional>
#include <vector>

class QTimer;

namespace pelab {

class LossChartCanvas;
class LossChartToolbar;

// The live loss chart: every step's loss (faint), its debiased EMA, and one point per epoch
// at the epoch's last step, with log scale, smoothing, zoom/pan and Follow controls above.
// It keeps every step and decimates only what is drawn (min/max per pixel column), on a
// coalescing timer, so a million steps redraw in milliseconds.
class LossChartView : public QWidget {
    Q_OBJECT
public:
    explicit LossChartView(QWidget *parent = nullptr);
    ~LossChartView() override;

    void reset(const RunStart &start); // new run: clears data, x axis spans the run's totalSteps
    void clear();                      // no run
    void appendLosses(const std::vector<LossPoint> &losses); // buffered, drawn on the timer
    void appendEpochs(const std::vector<EpochSummary> &epochs);
    // Validation points (loss on the loss axis, accuracy on its own 0..1 axis at the right).
    void appendValidation(const std::vector<Evaluation> &validation);
    qint64 validationCount() const { return qint64(m_validation.size()); }
    // The loss's name in the axis title ("MSE", "cross-entropy").
    void setLossName(const QString &name) { m_plot.setLossName(name); }
    // Text sizes for a projector (1: the chart theme's own).
    void setTextScale(double scale) { m_plot.setTextScale(scale); }
    // Heavier lines and black text for a projector (presentation mode).
    void setHighContrast(bool on) { m_plot.setHighContrast(on); }
    bool highContrast() const { return m_plot.highContrast(); }
    // Where the learning rate was changed during the run: a line after each step given.
    void setLearningRateChanges(const std::vector<double> &afterSteps);
    // A short warning in red on the plot (empty: none).
    void setWarning(const QString &text) { m_plot.setWarning(text); }
    QString warning() const { return m_plot.warning(); }
    qint64 pointCount() const; // steps held (raw, never decimated)
    qint64 epochCount() const;
    QChart *chart() const; // for figure export
    bool logScale() const;
    void setLogScale(bool on);
    double smoothing() const;
    void setSmoothing(double weight); // EMA weight in [0, 0.999]
    bool follow() const;
    void setFollow(bool on);
    // Draws pending data now instead of on the timer (before a figure export, in benchmarks).
    void redrawNow();

    // What the chart shows besides the data (smoothing, the steps in view, learning-rate
    // changes): an export passes it on, so the file is the chart on screen.
    LossDisplay display() const;
    // Shows the steps [from, to] (zoomed, Follow off); NaN: the steps done, following.
    void showSteps(double from, double to);
    // The chart as this view draws it, laid out in `rect` of any paint device (an export:
    // layout units of a QImage, SVG or PDF) with text of these pixel sizes.
    void renderChart(QPainter &painter, const QRectF &rect, int labelPixels, int titlePixels);
    // What a redraw gives the chart for a plot `columns` device pixels (and `plotWidth`
    // units) wide: the data in view, decimated, with everything pending included.
    LossFrame frame(int columns, double plotWidth);
    // What the empty chart says before any run of its own (empty: the default line).
    void setIdleHint(const QString &text);

signals:
    void followChanged(bool on);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void startRun(std::int64_t totalSteps, std::int64_t stepsPerEpoch, bool hasRun);
    void scheduleRedraw();
    void redraw();
    void applySettings(); // the smoothing and the run's extent, before building a frame
    LossFrame buildFrame(int columns, double plotWidth) const;
    QString placeholder() const;
    void resetZoom();
    // Applies a change of the shown range, then syncs Follow (emitting followChanged).
    void changeView(const std::function<void()> &change);
    void updateExtent();
    int plotColumns() const;
    void showHoverAt(double step);
    QString hoverText(std::int64_t index) const;

    LossHistory m_history;
    std::vector<Evaluation> m_validation;
    std::vector<double> m_learningRateChanges;
    LossViewport m_viewport;
    LossPlot m_plot;
    std::int64_t m_totalSteps = 0;
    bool m_hasRun = false;
    QString m_idleHint;
    bool m_logScale = false;
    double m_smoothing = -1; // set in the constructor
    double m_logFloor = 0;   // where the log axis draws values it cannot show
    double m_hoverStep = -1;
    std::int64_t m_nonFiniteInView = 0;
    int m_drawnColumns = 0;

    QTimer *m_redrawTimer = nullptr;
    LossChartCanvas *m_canvas = nullptr;
    LossChartToolbar *m_toolbar = nullptr;
};

} // namespace pelab
