// SPDX-License-Identifier: MIT
#include "LossChartCanvas.h"

#include <QBrush>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QGraphicsEllipseItem>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QPen>
#include <QRubberBand>
#include <QValueAxis>
#include <QWheelEvent>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {
constexpr int kDragThreshold = 4; // pixels before a press becomes a drag
constexpr double kWheelZoomPerNotch = 0.8;
constexpr qreal kHoverZ = 1000;
} // namespace

LossChartCanvas::LossChartCanvas(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
    , m_rubberBand(new QRubberBand(QRubberBand::Rectangle, viewport()))
{
    setRubberBand(QChartView::NoRubberBand);
    setRenderHint(QPainter::Antialiasing);
    viewport()->setMouseTracking(true);

    m_guide = new QGraphicsLineItem(chart);
    m_guide->setPen(QPen(QColor(0, 0, 0, 70), 1, Qt::DashLine));
    m_label = new QGraphicsRectItem(chart);
    m_label->setPen(QPen(QColor(0, 0, 0, 60)));
    m_label->setBrush(QColor(255, 255, 255, 235));
    m_labelText = new QGraphicsSimpleTextItem(m_label);
    m_labelText->setBrush(QColor(40, 40, 40));
    for (QGraphicsItem *item :
         {static_cast<QGraphicsItem *>(m_guide), static_cast<QGraphicsItem *>(m_label)}) {
        item->setZValue(kHoverZ);
        item->setVisible(false);
    }
}

QRectF LossChartCanvas::plotRectInViewport() const
{
    const QRectF scene = chart()->mapToScene(chart()->plotArea()).boundingRect();
    return mapFromScene(scene).boundingRect();
}

double LossChartCanvas::stepsPerPixel() const
{
    const auto *axis = qobject_cast<QValueAxis *>(chart()->axes(Qt::Horizontal).value(0));
    const double width = plotRectInViewport().width();
    if (!axis || width <= 0)
        return 0;
    return (axis->max() - axis->min()) / width;
}

double LossChartCanvas::stepAt(double viewportX) const
{
    const auto *axis = qobject_cast<QValueAxis *>(chart()->axes(Qt::Horizontal).value(0));
    const QRectF plot = plotRectInViewport();
    if (!axis || plot.width() <= 0)
        return 0;
    const double x = std::clamp(viewportX, plot.left(), plot.right());
    return axis->min() + (x - plot.left()) / plot.width() * (axis->max() - axis->min());
}

void LossChartCanvas::mousePressEvent(QMouseEvent *event)
{
    const bool pan =
        event->button() == Qt::RightButton || event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && event->modifiers().testFlag(Qt::ShiftModifier));
    if (!pan && event->button() != Qt::LeftButton)
        return QChartView::mousePressEvent(event);
    m_drag = pan ? Drag::Pan : Drag::Zoom;
    m_panMoved = false;
    m_pressPos = m_lastPos = event->position().toPoint();
    hideHover();
    event->accept();
}

void LossChartCanvas::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    switch (m_drag) {
    case Drag::Zoom: {
        if (std::abs(pos.x() - m_pressPos.x()) < kDragThreshold)
            break;
        const QRectF plot = plotRectInViewport();
        const int left =
            int(std::clamp<double>(std::min(pos.x(), m_pressPos.x()), plot.left(), plot.right()));
        const int right =
            int(std::clamp<double>(std::max(pos.x(), m_pressPos.x()), plot.left(), plot.right()));
        m_rubberBand->setGeometry(
            QRect(QPoint(left, int(plot.top())), QPoint(right, int(plot.bottom()))));
        m_rubberBand->show();
        break;
    }
    case Drag::Pan:
        // Within the threshold it may still be a right click (the context menu): no pan yet,
        // and once past it the pan catches up from the press.
        if (!m_panMoved && (pos - m_pressPos).manhattanLength() < kDragThreshold)
            break;
        m_panMoved = true;
        if (pos.x() != m_lastPos.x())
            emit panRequested(-(pos.x() - m_lastPos.x()) * stepsPerPixel());
        m_lastPos = pos;
        break;
    case Drag::None:
        m_hoverPos = pos;
        if (plotRectInViewport().contains(pos))
            emit hovered(stepAt(pos.x()));
        else {
            hideHover();
            emit hoverLeft();
        }
        break;
    }
    event->accept();
}

void LossChartCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_drag == Drag::None)
        return QChartView::mouseReleaseEvent(event);
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Zoom && std::abs(pos.x() - m_pressPos.x()) >= kDragThreshold)
        emit zoomRequested(stepAt(m_pressPos.x()), stepAt(pos.x()));
    m_rubberBand->hide();
    const bool rightClick =
        m_drag == Drag::Pan && event->button() == Qt::RightButton && !m_panMoved;
    m_drag = Drag::None;
    event->accept();
    if (rightClick) {
        // A right click that did not pan asks for the context menu (see contextMenuEvent).
        QContextMenuEvent menu(QContextMenuEvent::Mouse, pos, event->globalPosition().toPoint(),
                               event->modifiers());
        m_forwardingContextMenu = true;
        QCoreApplication::sendEvent(viewport(), &menu);
        m_forwardingContextMenu = false;
    }
}

void LossChartCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QChartView::mouseDoubleClickEvent(event);
    emit resetRequested();
    event->accept();
}

void LossChartCanvas::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0)
        return QChartView::wheelEvent(event);
    emit wheelZoomRequested(stepAt(event->position().x()),
                            std::pow(kWheelZoomPerNotch, delta / 120.0));
    event->accept();
}

void LossChartCanvas::leaveEvent(QEvent *event)
{
    hideHover();
    emit hoverLeft();
    QChartView::leaveEvent(event);
}

// Right-drag pans, yet most platforms raise the context menu on the right button's press,
// which would open a menu at the start of every pan. So mouse-raised menu events are
// swallowed here, and mouseReleaseEvent raises one for a right click without a drag; that
// one, and keyboard ones, pass on (ignored) to the parent's context menu.
void LossChartCanvas::contextMenuEvent(QContextMenuEvent *event)
{
    if (event->reason() == QContextMenuEvent::Mouse && !m_forwardingContextMenu)
        event->accept();
    else
        event->ignore();
}

void LossChartCanvas::showHover(double step, const QString &text, const QList<HoverMarker> &markers)
{
    const QRectF plot = chart()->plotArea();
    const auto *axis = qobject_cast<QValueAxis *>(chart()->axes(Qt::Horizontal).value(0));
    if (!axis || axis->max() <= axis->min())
        return hideHover();
    const double x =
        plot.left() + (step - axis->min()) / (axis->max() - axis->min()) * plot.width();
    m_guide->setLine(QLineF(x, plot.top(), x, plot.bottom()));
    m_guide->setVisible(plot.left() <= x && x <= plot.right());

    while (m_dots.size() < markers.size()) {
        auto *dot = new QGraphicsEllipseItem(QRectF(-3.5, -3.5, 7, 7), chart());
        dot->setZValue(kHoverZ);
        m_dots.append(dot);
    }
    for (qsizetype i = 0; i < m_dots.size(); ++i) {
        QGraphicsEllipseItem *dot = m_dots[i];
        if (i >= markers.size() || !markers[i].series) {
            dot->setVisible(false);
            continue;
        }
        const QPointF at = chart()->mapToPosition(markers[i].value, markers[i].series);
        const auto *line = qobject_cast<QXYSeries *>(markers[i].series);
        const QColor color = line ? line->color() : QColor(Qt::black);
        dot->setPos(at);
        dot->setBrush(color);
        dot->setPen(QPen(Qt::white, 1.5));
        dot->setVisible(plot.adjusted(-1, -1, 1, 1).contains(at));
    }

    m_labelText->setText(text);
    const QRectF textRect = m_labelText->boundingRect();
    const QSizeF size(textRect.width() + 12, textRect.height() + 8);
    m_labelText->setPos(6, 4);
    m_label->setRect(QRectF(QPointF(0, 0), size));
    // Beside the cursor, flipped to the other side near the plot's right or bottom edge.
    const QPointF cursor = chart()->mapFromScene(mapToScene(m_hoverPos));
    QPointF topLeft(x + 12, cursor.y() + 12);
    if (topLeft.x() + size.width() > plot.right())
        topLeft.setX(x - 12 - size.width());
    if (topLeft.y() + size.height() > plot.bottom())
        topLeft.setY(cursor.y() - 12 - size.height());
    topLeft.setX(std::max(topLeft.x(), plot.left()));
    topLeft.setY(std::max(topLeft.y(), plot.top()));
    m_label->setPos(topLeft);
    m_label->setVisible(true);
}

void LossChartCanvas::hideHover()
{
    m_guide->setVisible(false);
    m_label->setVisible(false);
    for (QGraphicsEllipseItem *dot : m_dots)
        dot->setVisible(false);
}

bool LossChartCanvas::hoverVisible() const
{
    return m_label->isVisible();
}

QString LossChartCanvas::hoverText() const
{
    return m_labelText->text();
}

} // namespace pelab
