// SPDX-License-Identifier: MIT
#include "ComparisonView.h"

#include "run/RunSet.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

namespace pelab {

ComparisonView::ComparisonView(const RunSet *runs, QWidget *parent)
    : QWidget(parent)
    , m_runs(runs)
    , m_picker(new QComboBox)
    , m_throttle(new QTimer(this))
{
    setObjectName(QStringLiteral("comparisonView"));
    m_picker->setObjectName(QStringLiteral("comparisonChartPicker"));
    setMouseTracking(true);
    setMinimumSize(320, 240);
    auto *label = new QLabel(tr("&Measurement"));
    label->setBuddy(m_picker);
    auto *header = new QHBoxLayout;
    header->addWidget(label);
    header->addWidget(m_picker);
    header->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 0);
    layout->addLayout(header);
    layout->addStretch(1);
    m_throttle->setSingleShot(true);
    m_throttle->setInterval(100); // at most ten redraws a second
    connect(m_throttle, &QTimer::timeout, this, [this] {
        m_stale = true;
        update();
    });
    connect(m_picker, &QComboBox::activated, this,
            [this](int index) { setChart(ComparisonChart(m_picker->itemData(index).toInt())); });
    connect(runs, &RunSet::runsChanged, this, [this] {
        updatePicker();
        invalidate();
    });
    connect(runs, &RunSet::runChanged, this, &ComparisonView::invalidate);
    updatePicker();
}

void ComparisonView::updatePicker()
{
    const std::vector<ComparisonChart> available = comparisonChartsFor(data());
    QList<int> wanted;
    for (const ComparisonChart chart : available)
        wanted << int(chart);
    QList<int> present;
    for (int i = 0; i < m_picker->count(); ++i)
        present << m_picker->itemData(i).toInt();
    if (present == wanted)
        return;
    const QSignalBlocker blocker(m_picker);
    m_picker->clear();
    for (const ComparisonChart chart : available)
        m_picker->addItem(comparisonChartName(chart), int(chart));
    m_picker->setCurrentIndex(std::max(0, m_picker->findData(int(m_chart))));
}

void ComparisonView::setChart(ComparisonChart chart)
{
    m_chart = chart;
    const int index = m_picker->findData(int(chart));
    if (index >= 0)
        m_picker->setCurrentIndex(index);
    m_stale = true;
    update();
}

void ComparisonView::invalidate()
{
    // Which charts have data changes as runs validate and end.
    if (m_picker->count() < int(allComparisonCharts().size()))
        updatePicker();
    if (isShown() && !m_throttle->isActive())
        m_throttle->start();
    else if (!isShown())
        m_stale = true;
}

ComparisonData ComparisonView::data() const
{
    return m_runs->comparison();
}

QRect ComparisonView::figureRect() const
{
    const int top = m_picker->geometry().bottom() + 4;
    return QRect(0, top, width(), std::max(0, height() - top));
}

FigureStyle ComparisonView::style() const
{
    const QColor window = palette().color(QPalette::Base);
    return window.lightness() < 128
               ? FigureStyle::onBackground(window, palette().color(QPalette::Text))
               : FigureStyle::standard();
}

QImage ComparisonView::renderImage(double pixelRatio) const
{
    const QRect rect = figureRect();
    QImage image(rect.size() * pixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(pixelRatio);
    const FigureStyle figureStyle = style();
    image.fill(figureStyle.background);
    QPainter painter(&image);
    drawComparisonChart(m_chart, painter, QRectF(QPointF(0, 0), QSizeF(rect.size())), data(),
                        figureStyle);
    return image;
}

void ComparisonView::paintEvent(QPaintEvent *)
{
    const QRect rect = figureRect();
    if (rect.isEmpty())
        return;
    const double ratio = devicePixelRatioF();
    if (m_stale || m_cache.size() != rect.size() * ratio) {
        m_cache = QImage(rect.size() * ratio, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(ratio);
        const FigureStyle figureStyle = style();
        m_cache.fill(figureStyle.background);
        m_hovers.clear();
        QPainter painter(&m_cache);
        drawComparisonChart(m_chart, painter, QRectF(QPointF(0, 0), QSizeF(rect.size())), data(),
                            figureStyle, &m_hovers);
        m_stale = false;
        ++m_renderCount;
    }
    QPainter painter(this);
    painter.drawImage(rect.topLeft(), m_cache);
}

QString ComparisonView::hoverTextAt(const QPoint &pos) const
{
    return m_hovers.textAt(QPointF(pos - figureRect().topLeft()));
}

void ComparisonView::mouseMoveEvent(QMouseEvent *event)
{
    const QString text = hoverTextAt(event->position().toPoint());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void ComparisonView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_stale = true;
}

void ComparisonView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_stale = true;
}

} // namespace pelab
