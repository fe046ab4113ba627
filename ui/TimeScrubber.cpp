// SPDX-License-Identifier: MIT
#include "TimeScrubber.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTimer>

#include <algorithm>

namespace pelab {

namespace {
constexpr int frameMs = 100; // a time-lapse shows ten frames a second
constexpr int framesPerRun = 100;
} // namespace

TimeScrubber::TimeScrubber(QWidget *parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal))
    , m_live(new QPushButton(tr("Live")))
    , m_play(new QPushButton(tr("Play")))
    , m_label(new QLabel)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("timeScrubber"));
    m_slider->setObjectName(QStringLiteral("timeSlider"));
    m_live->setObjectName(QStringLiteral("liveButton"));
    m_play->setObjectName(QStringLiteral("playButton"));
    m_slider->setToolTip(tr("Drag to see every run as it was at that step"));
    m_live->setToolTip(tr("Follow the newest step"));
    m_play->setToolTip(tr("Replay the runs from the slider's step to the end"));
    m_live->setCheckable(true);
    m_live->setChecked(true);
    m_slider->setRange(0, 0);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_play);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);
    layout->addWidget(m_live);
    m_timer->setInterval(frameMs);

    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        if (m_slider->isSliderDown() || m_step)
            setStep(value);
    });
    connect(m_slider, &QSlider::sliderPressed, this, [this] { setStep(m_slider->value()); });
    connect(m_live, &QPushButton::clicked, this, [this](bool live) {
        if (live)
            setStep(std::nullopt);
        else
            setStep(m_slider->value());
    });
    connect(m_play, &QPushButton::clicked, this, [this] {
        if (isPlaying())
            m_timer->stop();
        else
            play();
        m_play->setText(isPlaying() ? tr("Pause") : tr("Play"));
    });
    connect(m_timer, &QTimer::timeout, this, [this] {
        const std::int64_t stride = std::max<std::int64_t>(1, m_last / framesPerRun);
        const std::int64_t next = std::min(m_last, m_step.value_or(0) + stride);
        setStep(next);
        if (next >= m_last) {
            m_timer->stop();
            m_play->setText(tr("Play"));
        }
    });
    updateLabel();
}

void TimeScrubber::setLastStep(std::int64_t step)
{
    m_last = std::max<std::int64_t>(0, step);
    const QSignalBlocker blocker(m_slider);
    m_slider->setRange(0, int(std::min<std::int64_t>(m_last, INT32_MAX)));
    if (!m_step)
        m_slider->setValue(m_slider->maximum());
    updateLabel();
}

void TimeScrubber::setStep(std::optional<std::int64_t> step)
{
    if (step)
        step = std::clamp<std::int64_t>(*step, 0, m_last);
    if (step == m_step)
        return;
    m_step = step;
    {
        const QSignalBlocker blocker(m_slider);
        m_slider->setValue(int(step.value_or(m_last)));
    }
    m_live->setChecked(!step);
    updateLabel();
    emit stepChanged(step);
}

void TimeScrubber::play()
{
    if (!m_step || *m_step >= m_last)
        setStep(0);
    m_timer->start();
    m_play->setText(tr("Pause"));
}

bool TimeScrubber::isPlaying() const
{
    return m_timer->isActive();
}

void TimeScrubber::updateLabel()
{
    m_label->setText(m_step ? tr("step %L1 of %L2").arg(*m_step).arg(m_last)
                            : tr("step %L1 (live)").arg(m_last));
}

} // namespace pelab
