// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QFont>
#include <QList>
#include <QPointF>
#include <QString>

#include <cstdint>
#include <span>

class QChart;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace pelab {

// One redraw's worth of already decimated data, in chart units.
struct LossFrame {
    double xMin = 0;
    double xMax = 1;
    QList<QPointF> raw;
    QList<QPointF> smoothed;
    QList<QPointF> epochMeans;
    QList<double> epochBoundaries; // steps to draw a vertical line at, already thinned
    double yLow = 0;               // extent of the finite data shown (NaN: none)
    double yHigh = 1;
    bool logScale = false;
    double logFloor = 0; // log scale: values below were raised to this
    bool epochDots = true;
    QList<QPointF> validation;         // (step, validation loss), already raised to logFloor
    QList<QPointF> accuracy;           // (step, validation accuracy), on its own 0..1 axis
    QList<double> learningRateChanges; // steps after which a new learning rate applied
    std::int64_t nonFinite = 0;        // NaN or infinite losses in view, not drawn
};

// The epochs, among those ending at `epochEnds` (ascending), whose boundary lines fit in
// [xMin, xMax] at least `minSpacingPx` apart on a plot `plotWidthPx` wide: every epoch, or
// every 2nd, 5th, 10th... so a run of thousands of epochs draws a few dozen lines.
QList<double> epochBoundaries(std::span<const double> epochEnds, double xMin, double xMax,
                              double plotWidthPx, double minSpacingPx);

// The Qt Charts side of the loss chart: series, axes and styling. It draws a LossFrame and
// knows nothing about decimation, zoom or data.
class LossPlot {
    Q_DECLARE_TR_FUNCTIONS(LossPlot)

public:
    LossPlot(); // creates chart(); whoever shows it (a QChartView) takes ownership

    QChart *chart() const { return m_chart; }
    QLineSeries *rawSeries() const { return m_rawSeries; }
    QLineSeries *smoothedSeries() const { return m_smoothedSeries; }
    QLineSeries *validationSeries() const { return m_validationSeries; }
    QLineSeries *accuracySeries() const { return m_accuracySeries; }
    QValueAxis *accuracyAxis() const { return m_yAccuracy; }

    // Names the smoothed series after the EMA weight.
    void setSmoothing(double weight);
    // Centred over the plot while there is nothing to draw; empty hides it.
    void setPlaceholder(const QString &text);
    // Text sizes times `scale` (presentation mode): axis labels and titles, legend, notes.
    void setTextScale(double scale);
    // Black text and axes and lines half again as heavy, for a projector.
    void setHighContrast(bool on);
    bool highContrast() const { return m_highContrast; }
    // A warning in red across the top of the plot (a blowing-up loss); empty hides it.
    void setWarning(const QString &text);
    QString warning() const;
    // What the loss is, in the axis titles: "MSE" or "cross-entropy".
    void setLossName(const QString &name);
    QString lossName() const { return m_lossName; }
    // Text in pixels of the paint device (an export: layout units), whatever its resolution:
    // tick labels and legend, axis titles and notes.
    void setFontPixelSizes(int labels, int titles);
    void draw(const LossFrame &frame);

private:
    static void setRangeAndInterval(QValueAxis *axis, double min, double max, double interval);
    void attachYAxis(bool log);
    void updateAxes(const LossFrame &frame);
    QList<QPointF> boundaryZigzag(const QList<double> &steps, bool log) const;
    // The series on the loss axis (linear or log), bottom to top.
    QList<QLineSeries *> lossSeries() const;

    QChart *m_chart = nullptr;
    QValueAxis *m_xAxis = nullptr;
    QValueAxis *m_yLinear = nullptr;
    QLogValueAxis *m_yLog = nullptr;
    QLineSeries *m_boundarySeries = nullptr;
    QLineSeries *m_rawSeries = nullptr;
    QLineSeries *m_smoothedSeries = nullptr;
    QLineSeries *m_epochSeries = nullptr;
    QLineSeries *m_validationSeries = nullptr;
    QLineSeries *m_learningRateSeries = nullptr;
    QLineSeries *m_accuracySeries = nullptr;
    QValueAxis *m_yAccuracy = nullptr;
    QGraphicsSimpleTextItem *m_placeholder = nullptr;
    QGraphicsSimpleTextItem *m_warning = nullptr;
    QFont m_labelFont, m_titleFont, m_legendFont, m_noteFont; // at scale 1
    QString m_lossName;
    bool m_highContrast = false;
};

} // namespace pelab
