// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <cstdint>
#include <optional>

class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace pelab {

// Time travel's controls: a slider over the steps done, Live (follow the newest step), Play
// (a time-lapse from the slider's step to the end, about ten seconds long) and a label
// "step s of N".
class TimeScrubber : public QWidget {
    Q_OBJECT
public:
    explicit TimeScrubber(QWidget *parent = nullptr);

    // The newest step there is (the slider's end).
    void setLastStep(std::int64_t step);
    std::int64_t lastStep() const { return m_last; }
    // The step shown; nothing: live, the newest.
    std::optional<std::int64_t> step() const { return m_step; }
    void setStep(std::optional<std::int64_t> step);
    void play();
    bool isPlaying() const;

signals:
    void stepChanged(std::optional<std::int64_t> step);

private:
    void updateLabel();

    QSlider *m_slider;
    QPushButton *m_live;
    QPushButton *m_play;
    QLabel *m_label;
    QTimer *m_timer;
    std::int64_t m_last = 0;
    std::optional<std::int64_t> m_step;
};

} // namespace pelab
