// SPDX-License-Identifier: MIT
#pragma once

#include "figures/FigureHover.h"
#include "figures/FigureKind.h"
#include "figures/FigureStyle.h"

#include <QImage>
#include <QWidget>

class QLabel;
class QTimer;

namespace pelab {

class RunRecorder;

// A live view of one of core's figures (gradients, attention, entropy, rank, extrapolation):
// the window draws it with the same renderer, data and layout as its export, so an export at
// this size (PNG pixels = 2 x the view, SVG, PDF) is the picture on screen. Above it, one line
// says what it shows and what to look for. It redraws at most ten times a second while the
// run changes, and not at all while hidden; hovering names the value under the mouse.
class FigureView : public QWidget {
    Q_OBJECT
public:
    FigureView(FigureKind kind, const RunRecorder *recorder, QWidget *parent = nullptr);

    FigureKind kind() const { return m_kind; }
    // The one-line explanation above the picture.
    void setSummary(const QString &text);
    QString summary() const;
    // Magnification for a projector (1 = the figure style's own sizes): the figure is laid
    // out at layoutSize(), the view's size over the scale, and drawn that much larger.
    void setScale(double scale);
    double scale() const { return m_scale; }
    QSizeF layoutSize() const;
    // The colours (the desktop's light or dark theme) and sizes the figure is drawn with.
    FigureStyle style() const;

    // The picture as drawn in the view, at `pixelRatio` device pixels per layout unit: at 2,
    // the same pixels as a PNG export of twice the figure's size.
    QImage renderImage(double pixelRatio) const;
    // Where the picture goes (below the summary), in widget coordinates.
    QRect figureRect() const;
    // What hovering at `pos` (widget coordinates) says; empty off the data.
    QString hoverTextAt(const QPoint &pos) const;
    // Whether any of it is on screen: a dock tabbed behind another is visible to Qt but
    // covered, and gets no paint events.
    bool isShown() const { return isVisible() && !visibleRegion().isEmpty(); }
    // How many times the picture was drawn (a hidden or unchanged view draws nothing).
    int renderCount() const { return m_renderCount; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void recordChanged();
    quint64 dataVersion() const;
    QImage draw(double pixelRatio, HoverMap *hovers) const;

    FigureKind m_kind;
    const RunRecorder *m_recorder;
    QLabel *m_summary;
    QTimer *m_throttle;
    double m_scale = 1;
    QImage m_cache;
    HoverMap m_hovers;
    bool m_stale = true;
    quint64 m_drawnVersion = 0;
    int m_renderCount = 0;
};

} // namespace pelab
