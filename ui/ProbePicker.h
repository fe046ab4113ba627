// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QSpinBox;

namespace pelab {

class RunRecorder;

// Which sequence of the probe batch the attention view draws: "Probe sequence [n] of N".
// N is how many the run's newest probe kept (up to 8; 1 for very large models, when the
// picker says so); the choice holds across probes and runs while it exists.
class ProbePicker : public QWidget {
    Q_OBJECT
public:
    explicit ProbePicker(const RunRecorder *recorder, QWidget *parent = nullptr);

    int sequence() const; // 0-based
    void setSequence(int sequence);
    int count() const { return m_count; }

signals:
    void sequenceChanged(int sequence);

private:
    void recordChanged();

    const RunRecorder *m_recorder;
    QSpinBox *m_spin;
    QLabel *m_of;
    int m_count = 0;
};

} // namespace pelab
