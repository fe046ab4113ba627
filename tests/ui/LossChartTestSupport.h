// SPDX-License-Identifier: MIT
// Helpers for the loss chart's widget tests: runs, synthetic losses, finding series and
// axes, and sending mouse and wheel events to the chart at a given step and loss.
#pragma once

#include "LossChartCanvas.h"
#include "LossChartView.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QLineSeries>
#include <QMouseEvent>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>
#include <limits>

namespace pelab::test {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

inline RunStart runOf(std::int64_t totalSteps, std::int64_t stepsPerEpoch)
{
    RunStart start;
    start.totalSteps = totalSteps;
    start.stepsPerEpoch = stepsPerEpoch;
    return start;
}

// Steps [first, last] of a decaying loss, `stepsPerEpoch` to an epoch.
inline std::vector<LossPoint> lossesFor(std::int64_t first, std::int64_t last,
                                        std::int64_t stepsPerEpoch)
{
    std::vector<LossPoint> losses;
    for (std::int64_t step = first; step <= last; ++step) {
        const double noise = 0.05 * std::sin(double(step) * 12.9898);
        losses.push_back(
            {(step - 1) / stepsPerEpoch + 1, step, std::exp(-double(step) / 300.0) + 0.1 + noise});
    }
    return losses;
}

inline QLineSeries *series(const LossChartView &view, const QString &objectName)
{
    for (QAbstractSeries *s : view.chart()->series()) {
        if (s->objectName() == objectName)
            return qobject_cast<QLineSeries *>(s);
    }
    return nullptr;
}

inline QValueAxis *xAxis(const LossChartView &view)
{
    return qobject_cast<QValueAxis *>(view.chart()->axes(Qt::Horizontal).value(0));
}

// The vertical axis the series are drawn against; the other one must be hidden, or both
// sets of labels would overlap.
inline QAbstractAxis *yAxis(const LossChartView &view)
{
    QAbstractAxis *attached = nullptr;
    for (QAbstractAxis *axis : series(view, QStringLiteral("rawLossSeries"))->attachedAxes()) {
        if (axis->orientation() == Qt::Vertical)
            attached = axis;
    }
    for (QAbstractAxis *axis : view.chart()->axes(Qt::Vertical)) {
        if (axis->isVisible() != (axis == attached))
            return nullptr;
    }
    return attached;
}

inline LossChartCanvas *canvas(const LossChartView &view)
{
    return view.findChild<LossChartCanvas *>(QStringLiteral("lossChartView"));
}

// Viewport position of a chart value, for synthetic mouse events.
inline QPoint viewportPos(const LossChartView &view, QPointF value)
{
    LossChartCanvas *c = canvas(view);
    const QPointF chartPos = view.chart()->mapToPosition(value, view.chart()->series().value(1));
    return c->mapFromScene(view.chart()->mapToScene(chartPos));
}

inline void sendMouse(QWidget *target, QEvent::Type type, QPoint pos, Qt::MouseButton button,
                      Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QMouseEvent event(type, pos, target->mapToGlobal(pos), button, buttons, modifiers);
    QApplication::sendEvent(target, &event);
}

inline void sendWheel(QWidget *target, QPoint pos, int delta)
{
    QWheelEvent event(pos, target->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &event);
}

} // namespace pelab::test
