// SPDX-License-Identifier: MIT
#include "LossChartToolbar.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace pelab {

namespace {
constexpr int kSliderSteps = 1000; // slider value / 1000 = EMA weight, up to 0.999
}

LossChartToolbar::LossChartToolbar(QWidget *parent)
    : QWidget(parent)
    , m_logCheck(new QCheckBox(tr("Log scale"), this))
    , m_smoothingSlider(new QSlider(Qt::Horizontal, this))
    , m_smoothingValue(new QLabel(this))
    , m_followCheck(new QCheckBox(tr("Follow"), this))
    , m_resetZoomButton(new QPushButton(tr("Reset zoom"), this))
{
    m_logCheck->setObjectName(QStringLiteral("logScaleCheck"));
    m_logCheck->setToolTip(tr("Draw the loss on a logarithmic axis, so small late losses stay "
                              "readable. Losses of 0 or below cannot be shown on it: they are "
                              "drawn at the bottom of the axis, and hovering says so."));

    auto *smoothingLabel = new QLabel(tr("Smoothing"), this);
    m_smoothingSlider->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothingSlider->setRange(0, kSliderSteps - 1);
    m_smoothingSlider->setPageStep(50);
    m_smoothingSlider->setMinimumWidth(60);
    m_smoothingSlider->setMaximumWidth(180);
    const QString smoothingTip =
        tr("Averages each step's loss with the steps before it, like TensorBoard's smoothing "
           "(an exponential moving average, corrected so it does not start at zero). 0 shows "
           "the loss as it is; 0.99 averages over roughly the last 100 steps. The unsmoothed "
           "loss stays drawn faintly underneath.");
    m_smoothingSlider->setToolTip(smoothingTip);
    smoothingLabel->setToolTip(smoothingTip);
    smoothingLabel->setBuddy(m_smoothingSlider);
    m_smoothingValue->setObjectName(QStringLiteral("smoothingValue"));
    m_smoothingValue->setToolTip(smoothingTip);
    // Wide enough for "0.999" so the row does not shift while dragging.
    m_smoothingValue->setMinimumWidth(
        m_smoothingValue->fontMetrics().horizontalAdvance(QStringLiteral("0.999")) + 4);

    m_followCheck->setObjectName(QStringLiteral("followCheck"));
    m_followCheck->setChecked(true);
    m_followCheck->setToolTip(tr("Keep the newest steps in view while training runs. Zooming "
                                 "or panning the chart turns this off; tick it to follow "
                                 "again."));
    m_resetZoomButton->setObjectName(QStringLiteral("resetZoomButton"));
    m_resetZoomButton->setToolTip(
        tr("Show the whole run again and follow new steps. On the chart: drag across it to "
           "zoom into those steps, use the wheel to zoom, right-drag or Shift+drag to pan, "
           "double-click to reset."));

    // One row when there is room, two when narrow (a 1024-pixel screen): nothing clipped.
    auto *first = new QHBoxLayout;
    first->setSpacing(8);
    first->addWidget(m_logCheck);
    first->addSpacing(8);
    first->addWidget(smoothingLabel);
    first->addWidget(m_smoothingSlider, 1);
    first->addWidget(m_smoothingValue);
    auto *second = new QHBoxLayout;
    second->setSpacing(8);
    second->addStretch(1);
    second->addWidget(m_followCheck);
    second->addWidget(m_resetZoomButton);
    m_rows = new QBoxLayout(QBoxLayout::LeftToRight, this);
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->setSpacing(8);
    m_rows->addLayout(first, 1);
    m_rows->addLayout(second);

    connect(m_logCheck, &QCheckBox::toggled, this, &LossChartToolbar::logScaleToggled);
    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int value) {
        const double weight = double(value) / kSliderSteps;
        showSmoothing(weight);
        emit smoothingChanged(weight);
    });
    connect(m_followCheck, &QCheckBox::toggled, this, &LossChartToolbar::followToggled);
    connect(m_resetZoomButton, &QPushButton::clicked, this, &LossChartToolbar::resetZoomClicked);
    showSmoothing(0);
}

QSize LossChartToolbar::minimumSizeHint() const
{
    // The two-row arrangement's: the widest row alone.
    int width = 0, height = 0;
    for (int i = 0; i < m_rows->count(); ++i) {
        const QSize row = m_rows->itemAt(i)->minimumSize();
        width = std::max(width, row.width());
        height += row.height() + (i ? m_rows->spacing() : 0);
    }
    return {width, height};
}

void LossChartToolbar::resizeEvent(QResizeEvent *event)
{
    int oneRow = 0;
    for (int i = 0; i < m_rows->count(); ++i)
        oneRow += m_rows->itemAt(i)->sizeHint().width() + (i ? m_rows->spacing() : 0);
    const auto direction = width() >= oneRow ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_rows->direction() != direction)
        m_rows->setDirection(direction);
    QWidget::resizeEvent(event);
}

void LossChartToolbar::setLogScale(bool on)
{
    const QSignalBlocker blocker(m_logCheck);
    m_logCheck->setChecked(on);
}

void LossChartToolbar::setSmoothing(double weight)
{
    const QSignalBlocker blocker(m_smoothingSlider);
    m_smoothingSlider->setValue(int(std::lround(weight * kSliderSteps)));
    showSmoothing(weight);
}

void LossChartToolbar::setFollow(bool on)
{
    const QSignalBlocker blocker(m_followCheck);
    m_followCheck->setChecked(on);
}

void LossChartToolbar::showSmoothing(double weight)
{
    // Two decimals read well; the last notch (0.995 vs 0.999) needs the third.
    m_smoothingValue->setText(QString::number(weight, 'f', weight >= 0.99 ? 3 : 2));
}

} // namespace pelab
