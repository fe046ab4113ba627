// SPDX-License-Identifier: MIT
#pragma once

#include "figures/FigureData.h"
#include "figures/FigureHover.h"
#include "figures/FigureKind.h"
#include "figures/FigureStyle.h"

#include <QImage>
#include <QWidget>

#include <functional>

class QHBoxLayout;
class QLabel;
class QTimer;

namespace pelab {

class RunRecorder;

// A live view of one of core's figures: the window draws it with the same renderer, data and
// layout as its export, so an export at this size (PNG pixels = 2 x the view, SVG, PDF) is the
// picture on screen. Above it, one line says what it shows and what to look for. It redraws
// only when its data changed, and not at all while hidden; hovering names the value under the
// mouse.
class FigureView : public QWidget {
    Q_OBJECT
public:
    using DataSource = std::function<FigureData()>;

    // A family view: draws the recorder's run, at most ten times a second while it changes.
    FigureView(FigureKind kind, const RunRecorder *recorder, QWidget *parent = nullptr);
    // A view of data its owner holds (the embedding views): the owner calls invalidate() when
    // what `source` returns changes.
    FigureView(FigureKind kind, DataSource source, QWidget *parent = nullptr);

    // What the view draws now, view settings (colour mode and range, the probe sequence)
    // included: an export of this is the picture on screen.
    FigureData figureData() const;
    // A view setting that changes what is drawn (the probe sequence picked): applied to the
    // data on every draw; call invalidate() when it changes.
    void setDataSetting(std::function<void(FigureData &)> setting);
    // Controls above the summary line (a picker), in one row.
    void addHeaderWidget(QWidget *widget);
    // The data changed: redraw within about 40 ms (at once on an explicit repaint).
    void invalidate();

    FigureKind kind() const { return m_kind; }
    // The one-line explanation above the picture.
    void setSummary(const QString &text);
    QString summary() const;
    // Magnification for a projector (1 = the figure style's own sizes): the figure is laid
    // out at layoutSize(), the view's size over the scale, and drawn that much larger.
    void setScale(double scale);
    double scale() const { return m_scale; }
    QSizeF layoutSize() const;
    // High-contrast colours for a projector (presentation mode).
    void setHighContrast(bool on);
    bool highContrast() const { return m_highContrast; }
    // The colours (the desktop's light or dark theme, high contrast when presenting) and
    // sizes the figure is drawn with.
    FigureStyle style() const;

    // The picture as drawn in the view, at `pixelRatio` device pixels per layout unit: at 2,
    // the same pixels as a PNG export of twice the figure's size.
    QImage renderImage(double pixelRatio) const;
    // Where the picture goes (below the summary), in widget coordinates.
    QRect figureRect() const;
    // What hovering at `pos` (widget coordinates) says; empty off the data.
    QString hoverTextAt(const QPoint &pos) const;
    // The plot or panel under `pos`, in widget coordinates, as last drawn.
    std::optional<QRectF> plotAt(const QPointF &pos) const;
    // Whether any of it is on screen: a dock tabbed behind another is visible to Qt but
    // covered, and gets no paint events.
    bool isShown() const { return isVisible() && !visibleRegion().isEmpty(); }
    // What the mouse rests on now (empty: nothing); it follows the data while the run goes on.
    QString hoverText() const { return m_hoverText; }
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
    QImage draw(const FigureData &data, double pixelRatio, HoverMap *hovers) const;
    void showHover(const QPoint &pos, const QPoint &global);

    FigureKind m_kind;
    DataSource m_source;
    std::function<void(FigureData &)> m_setting;
    QHBoxLayout *m_header = nullptr;
    const RunRecorder *m_recorder = nullptr;
    FigureData m_drawn; // what the cache shows; its hover texts refer to it
    QPoint m_hoverPos{-1, -1};
    QString m_hoverText;
    QLabel *m_summary;
    QTimer *m_throttle;
    QTimer *m_soon; // invalidate()'s
    double m_scale = 1;
    bool m_highContrast = false;
    QImage m_cache;
    HoverMap m_hovers;
    bool m_stale = true;
    quint64 m_drawnVersion = 0;
    int m_renderCount = 0;
};

} // namespace pelab
