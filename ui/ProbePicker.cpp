// SPDX-License-Identifier: MIT
#include "ProbePicker.h"

#include "RunRecorder.h"
#include "figures/AttentionFigure.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

namespace pelab {

ProbePicker::ProbePicker(const RunRecorder *recorder, QWidget *parent)
    : QWidget(parent)
    , m_recorder(recorder)
    , m_spin(new QSpinBox(this))
    , m_of(new QLabel(this))
{
    setObjectName(QStringLiteral("probePicker"));
    m_spin->setObjectName(QStringLiteral("probeSequenceSpin"));
    auto *label = new QLabel(tr("Probe sequence"), this);
    label->setBuddy(m_spin);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(label);
    row->addWidget(m_spin);
    row->addWidget(m_of);
    m_spin->setRange(1, 1);
    connect(m_spin, &QSpinBox::valueChanged, this, [this] { emit sequenceChanged(sequence()); });
    connect(recorder, &RunRecorder::changed, this, &ProbePicker::recordChanged);
    recordChanged();
}

int ProbePicker::sequence() const
{
    return m_spin->value() - 1;
}

void ProbePicker::setSequence(int sequence)
{
    m_spin->setValue(sequence + 1);
}

void ProbePicker::recordChanged()
{
    const std::optional<AttentionMaps> maps = pickedAttention(m_recorder->record(), 0);
    const int count = maps ? maps->count : 0;
    if (count == m_count)
        return;
    m_count = count;
    {
        const QSignalBlocker blocker(m_spin);
        m_spin->setRange(1, std::max(1, count));
    }
    m_spin->setEnabled(count > 1);
    m_of->setText(count > 0 ? tr("of %1").arg(count) : QString());
    m_spin->setToolTip(
        count > 1 ? tr("Which of the first %1 probe sequences (validation sequences when there "
                       "are some) the attention maps are drawn for")
                        .arg(count)
        : count == 1 ? tr("This model's attention maps are kept for the first probe sequence "
                          "only: more would take too much memory")
                     : tr("The attention maps arrive with the first probe"));
    emit sequenceChanged(sequence()); // the range may have moved the value
}

} // namespace pelab
