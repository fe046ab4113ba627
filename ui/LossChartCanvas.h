// SPDX-License-Identifier: MIT
#pragma once

#include <QChartView>
#include <QList>

class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QGraphicsEllipseItem;
class QRubberBand;

namespace pelab {

// The plot surface of the loss chart: turns mouse gestures into requests in step units
// (drag: zoom to a step range; right/middle/Shift-drag: pan; wheel: zoom; double-click:
// reset; a right click without a drag: the parent's context menu) and draws the hover
// read-out. It never changes the axes itself: LossChartView owns the range, so every redraw
// decimates for exactly what is shown.
class LossChartCanvas : public QChartView {
    Q_OBJECT
public:
    explicit LossChartCanvas(QChart *chart, QWidget *parent = nullptr);

    struct HoverMarker {
        QPointF value; // in the coordinates of `series`
        QAbstractSeries *series = nullptr;
    };
    // Shows `text` next to the cursor, a guide line at `step` and a dot per marker.
    void showHover(double step, const QString &text, const QList<HoverMarker> &markers);
    void hideHover();
    bool hoverVisible() const;
    QString hoverText() const;

signals:
    void zoomRequested(double fromStep, double toStep);
    void wheelZoomRequested(double anchorStep, double factor);
    void panRequested(double deltaSteps);
    void resetRequested();
    void hovered(double step);
    void hoverLeft();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    enum class Drag { None, Zoom, Pan };

    double stepAt(double viewportX) const;
    double stepsPerPixel() const;
    QRectF plotRectInViewport() const;

    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    QPoint m_lastPos;
    QPoint m_hoverPos;
    bool m_panMoved = false;              // a pan left the click threshold: not a click
    bool m_forwardingContextMenu = false; // see contextMenuEvent()
    QRubberBand *m_rubberBand = nullptr;
    QGraphicsLineItem *m_guide = nullptr;
    QGraphicsRectItem *m_label = nullptr;
    QGraphicsSimpleTextItem *m_labelText = nullptr;
    QList<QGraphicsEllipseItem *> m_dots;
};

} // namespace pelab
