// SPDX-License-Identifier: MIT
#include "ComparisonView.h"

#include "figures/SmallMultiples.h"
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
            [this](int index) { choose(m_picker->itemData(index).toInt()); });
    connect(runs, &RunSet::runsChanged, this, [this] {
        updatePicker();
        invalidate();
    });
    connect(runs, &RunSet::runChanged, this, &ComparisonView::invalidate);
    updatePicker();
}

namespace {

// The picker's item data: a line chart's enum value, or a small multiple's kind plus this.
constexpr int multiplesBase = 100;

} // namespace

void ComparisonView::updatePicker()
{
    const ComparisonData now = data();
    QList<int> wanted;
    for (const ComparisonChart chart : comparisonChartsFor(now))
        wanted << int(chart);
    for (const FigureKind kind : smallMultipleKindsFor(now))
        wanted << multiplesBase + int(kind);
    QList<int> present;
    for (int i = 0; i < m_picker->count(); ++i)
        if (m_picker->itemData(i).isValid())
            present << m_picker->itemData(i).toInt();
    if (present == wanted)
        return;
    const QSignalBlocker blocker(m_picker);
    m_picker->clear();
    for (const int item : wanted) {
        const bool multiples = item >= multiplesBase;
        if (multiples && m_picker->count() > 0 &&
            m_picker->itemData(m_picker->count() - 1).toInt() < multiplesBase)
            m_picker->insertSeparator(m_picker->count());
        m_picker->addItem(multiples ? smallMultiplesName(FigureKind(item - multiplesBase))
                                    : comparisonChartName(ComparisonChart(item)),
                          item);
    }
    const int current = m_multiples ? multiplesBase + int(*m_multiples) : int(m_chart);
    m_picker->setCurrentIndex(std::max(0, m_picker->findData(current)));
}

void ComparisonView::choose(int pickerData)
{
    if (pickerData >= multiplesBase)
        setMultiples(FigureKind(pickerData - multiplesBase));
    else
        setChart(ComparisonChart(pickerData));
}

void ComparisonView::setChart(ComparisonChart chart)
{
    m_chart = chart;
    m_multiples.reset();
    const int index = m_picker->findData(int(chart));
    if (index >= 0)
        m_picker->setCurrentIndex(index);
    m_stale = true;
    update();
}

void ComparisonView::setMultiples(FigureKind kind)
{
    m_multiples = kind;
    const int index = m_picker->findData(multiplesBase + int(kind));
    if (index >= 0)
        m_picker->setCurrentIndex(index);
    m_stale = true;
    update();
}

void ComparisonView::draw(QPainter &painter, const QRectF &rect, const FigureStyle &figureStyle,
                          HoverMap *hovers) const
{
    if (m_multiples)
        drawSmallMultiples(*m_multiples, painter, rect, data(), figureStyle, hovers);
    else
        drawComparisonChart(m_chart, painter, rect, data(), figureStyle, hovers);
}

void ComparisonView::invalidate()
{
    // Which charts have data changes as runs validate and end.
    updatePicker(); // charts get data as runs validate and end
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
    draw(painter, QRectF(QPointF(0, 0), QSizeF(rect.size())), figureStyle, nullptr);
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
        draw(painter, QRectF(QPointF(0, 0), QSizeF(rect.size())), figureStyle, &m_hovers);
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
