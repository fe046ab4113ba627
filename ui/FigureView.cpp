// SPDX-License-Identifier: MIT
#include "FigureView.h"

#include "RunRecorder.h"
#include "figures/FigureRenderer.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

namespace pelab {

namespace {

constexpr int redrawIntervalMs = 100;
constexpr int soonIntervalMs = 33;

} // namespace

FigureView::FigureView(FigureKind kind, const RunRecorder *recorder, QWidget *parent)
    : FigureView(
          kind,
          [recorder] {
              // The record's measurements by reference: nothing is copied per frame.
              FigureData data;
              data.config = recorder->record().config;
              data.run = &recorder->record();
              return data;
          },
          parent)
{
    m_recorder = recorder;
    connect(recorder, &RunRecorder::changed, this, &FigureView::recordChanged);
}

FigureView::FigureView(FigureKind kind, DataSource source, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_source(std::move(source))
    , m_summary(new QLabel)
    , m_throttle(new QTimer(this))
    , m_soon(new QTimer(this))
{
    setObjectName(figureFileStem(kind) + QStringLiteral("View"));
    setMouseTracking(true);
    // Small enough for a 1024 x 768 screen; an export of the view is drawn at its layout.
    setMinimumSize(320, 340);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("figureSummary"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 0);
    layout->addWidget(m_summary);
    layout->addStretch(1);
    m_throttle->setSingleShot(true);
    // A probe changes every family view at once: staggered by up to 77 ms, they redraw in
    // separate event-loop passes, so the window never stalls for all of them together.
    static int views = 0;
    const int slot = views++ % 8;
    m_throttle->setInterval(redrawIntervalMs + slot * 11);
    m_soon->setSingleShot(true);
    m_soon->setInterval(soonIntervalMs + (slot % 3) * 7);
    connect(m_soon, &QTimer::timeout, this, [this] { update(); });
    connect(m_throttle, &QTimer::timeout, this, [this] {
        if (isShown())
            update();
    });
}

FigureData FigureView::figureData() const
{
    FigureData data = m_source();
    if (m_setting)
        m_setting(data);
    return data;
}

void FigureView::setDataSetting(std::function<void(FigureData &)> setting)
{
    m_setting = std::move(setting);
    invalidate();
}

void FigureView::addHeaderWidget(QWidget *widget)
{
    if (!m_header) {
        m_header = new QHBoxLayout;
        m_header->setContentsMargins(0, 0, 0, 0);
        m_header->addStretch(1);
        static_cast<QVBoxLayout *>(layout())->insertLayout(0, m_header);
    }
    m_header->insertWidget(m_header->count() - 1, widget);
}

void FigureView::invalidate()
{
    // At most about 25 redraws a second, staggered like the throttle: an embedding view is
    // told of every snapshot, and three of them repainting in one pass would stall the window.
    m_stale = true;
    if (!m_soon->isActive())
        m_soon->start();
}

void FigureView::setSummary(const QString &text)
{
    m_summary->setText(text);
    m_summary->setVisible(!text.isEmpty());
    m_stale = true;
    update();
}

QString FigureView::summary() const
{
    return m_summary->text();
}

void FigureView::setScale(double scale)
{
    m_scale = scale;
    m_stale = true;
    update();
}

FigureStyle FigureView::style() const
{
    // Light desktops get the paper-white figures of the exports; a dark theme gets figures on
    // its own background, so a view never glares (and its export is what it shows).
    const QColor window = palette().color(QPalette::Base);
    FigureStyle style = window.lightness() < 128
                            ? FigureStyle::onBackground(window, palette().color(QPalette::Text))
                            : FigureStyle::standard();
    return m_highContrast ? style.highContrast() : style;
}

void FigureView::setHighContrast(bool on)
{
    if (on == m_highContrast)
        return;
    m_highContrast = on;
    invalidate();
}

QSizeF FigureView::layoutSize() const
{
    return QSizeF(figureRect().size()) / m_scale;
}

QRect FigureView::figureRect() const
{
    int top = m_summary->isVisible() ? m_summary->geometry().bottom() + 4 : 0;
    if (m_header)
        top = std::max(top, m_header->geometry().bottom() + 4);
    return QRect(0, top, width(), std::max(1, height() - top));
}

QImage FigureView::draw(const FigureData &data, double pixelRatio, HoverMap *hovers) const
{
    const QSize units = figureRect().size();
    QImage image(QSize(int(std::lround(units.width() * pixelRatio)),
                       int(std::lround(units.height() * pixelRatio))),
                 QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(pixelRatio);
    image.fill(style().background);
    QPainter painter(&image);
    // Presentation mode magnifies the whole figure (text, lines, markers) by drawing a layout
    // `scale` times smaller at `scale` times the size: the proportions stay as designed.
    painter.scale(m_scale, m_scale);
    renderFigure(m_kind, data, painter, QRectF(QPointF(0, 0), layoutSize()), style(), hovers);
    return image;
}

QImage FigureView::renderImage(double pixelRatio) const
{
    return draw(figureData(), pixelRatio, nullptr);
}

QString FigureView::hoverTextAt(const QPoint &pos) const
{
    return m_hovers.textAt(QPointF(pos - figureRect().topLeft()) / m_scale);
}

std::optional<QRectF> FigureView::plotAt(const QPointF &pos) const
{
    const std::optional<QRectF> region =
        m_hovers.regionAt((pos - QPointF(figureRect().topLeft())) / m_scale);
    if (!region)
        return std::nullopt;
    return QRectF(region->topLeft() * m_scale, region->size() * m_scale)
        .translated(figureRect().topLeft());
}

void FigureView::paintEvent(QPaintEvent *)
{
    const double ratio = devicePixelRatioF();
    const QRect rect = figureRect();
    if (m_stale || m_cache.deviceIndependentSize().toSize() != rect.size() ||
        m_cache.devicePixelRatio() != ratio) {
        m_hovers.clear();
        m_drawn = figureData();
        m_cache = draw(m_drawn, ratio, &m_hovers);
        m_stale = false;
        ++m_renderCount;
        // A learner can rest the mouse on one cell and watch its numbers move.
        if (m_hoverPos.x() >= 0) {
            const QString text = hoverTextAt(m_hoverPos);
            if (text != m_hoverText && QToolTip::isVisible() && !text.isEmpty())
                QToolTip::showText(mapToGlobal(m_hoverPos), text, this);
            m_hoverText = text;
        }
    }
    QPainter painter(this);
    painter.fillRect(QRect(0, 0, width(), rect.top()), palette().window());
    painter.drawImage(rect.topLeft(), m_cache);
}

void FigureView::mouseMoveEvent(QMouseEvent *event)
{
    showHover(event->position().toPoint(), event->globalPosition().toPoint());
}

void FigureView::showHover(const QPoint &pos, const QPoint &global)
{
    const QString text = hoverTextAt(pos);
    m_hoverPos = text.isEmpty() ? QPoint(-1, -1) : pos;
    m_hoverText = text;
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(global, text, this);
    setStatusTip(text);
}

void FigureView::leaveEvent(QEvent *)
{
    m_hoverPos = QPoint(-1, -1);
    m_hoverText.clear();
    QToolTip::hideText();
}

void FigureView::changeEvent(QEvent *event)
{
    // A theme switch (the desktop's light or dark) redraws in the new colours.
    if (event->type() == QEvent::PaletteChange) {
        m_stale = true;
        update();
    }
    QWidget::changeEvent(event);
}

void FigureView::showEvent(QShowEvent *)
{
    update(); // a view hidden while the run went on catches up now
}

quint64 FigureView::dataVersion() const
{
    // What this figure draws changes with these alone: attention, entropy and rank with each
    // probe, accuracy by length with the final evaluation too, gradients with every step. A
    // snapshot of losses alone leaves them as they are, and they are not redrawn.
    const RunRecord &r = m_recorder->record();
    quint64 version = r.runId * 1000003u + r.probes.size() * 1009u + r.extrapolation.size();
    if (m_kind == FigureKind::Gradients)
        version = version * 31u + r.gradNorms.size();
    if (m_kind == FigureKind::Positions || m_kind == FigureKind::Pca)
        version = version * 31u + r.losses.size(); // the table moves with every snapshot
    return version + (r.losses.empty() ? 0u : 7u);
}

void FigureView::recordChanged()
{
    const quint64 version = dataVersion();
    if (version == m_drawnVersion)
        return;
    m_drawnVersion = version;
    m_stale = true;
    if (isShown() && !m_throttle->isActive())
        m_throttle->start();
}

} // namespace pelab
