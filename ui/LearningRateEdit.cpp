// SPDX-License-Identifier: MIT
#include "LearningRateEdit.h"

#include "PythonFloat.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace pelab {

LearningRateEdit::LearningRateEdit(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
{
    m_edit->setObjectName(QStringLiteral("lrEdit"));
    // Characters of a number only; whether it is a valid rate is the panel's to say.
    m_edit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9eE.+-]{0,24}")), m_edit));
    m_edit->setMaximumWidth(m_edit->fontMetrics().horizontalAdvance(QStringLiteral("0.00000125")) +
                            16);

    m_slider->setObjectName(QStringLiteral("lrSlider"));
    m_slider->setRange(minExponent * sliderStepsPerDecade, maxExponent * sliderStepsPerDecade);
    m_slider->setSingleStep(10);
    m_slider->setPageStep(sliderStepsPerDecade);
    m_slider->setTickInterval(sliderStepsPerDecade);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setToolTip(tr("Log scale: each tick is ten times the one before, from 0.000001 "
                            "to 10."));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    layout->addWidget(m_slider, 1);
    setFocusProxy(m_edit);

    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        syncSliderToText();
        emit edited();
    });
    connect(m_slider, &QSlider::valueChanged, this, &LearningRateEdit::takeSliderValue);
}

std::optional<double> LearningRateEdit::value() const
{
    double number = 0;
    if (parseDouble(m_edit->text(), &number))
        return number;
    return std::nullopt;
}

QString LearningRateEdit::text() const
{
    return m_edit->text();
}

void LearningRateEdit::setValue(double learningRate)
{
    m_edit->setText(formatPythonFloat(learningRate));
}

void LearningRateEdit::syncSliderToText()
{
    const auto rate = value();
    if (m_takingSlider || !rate || !(*rate > 0))
        return;
    const QSignalBlocker blocker(m_slider);
    m_slider->setValue(int(std::lround(std::log10(*rate) * sliderStepsPerDecade)));
}

void LearningRateEdit::takeSliderValue(int position)
{
    // Two significant digits: the slider lands on rates people would type (0.0032, not
    // 0.0031622776601683794).
    const double exact = std::pow(10.0, double(position) / sliderStepsPerDecade);
    const double rounded = QString::number(exact, 'g', 2).toDouble();
    // The rounded text maps back to a slightly different position: don't let it nudge the
    // slider under the user's hand.
    m_takingSlider = true;
    m_edit->setText(formatPythonFloat(rounded));
    m_takingSlider = false;
}

} // namespace pelab
