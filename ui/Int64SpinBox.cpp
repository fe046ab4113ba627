// SPDX-License-Identifier: MIT
#include "Int64SpinBox.h"

#include <QLineEdit>

#include <algorithm>

namespace pelab {

namespace {

// 18 digits always fit in a qint64, so parsing can never overflow.
constexpr int maxDigits = 18;

} // namespace

Int64SpinBox::Int64SpinBox(QWidget *parent)
    : QAbstractSpinBox(parent)
{
    setCorrectionMode(CorrectToPreviousValue);
    lineEdit()->setMaxLength(maxDigits);
    connect(lineEdit(), &QLineEdit::textChanged, this, &Int64SpinBox::valueEdited);
}

void Int64SpinBox::setRange(qint64 minimum, qint64 maximum)
{
    m_minimum = minimum;
    m_maximum = std::max(minimum, maximum);
    updateGeometry();
}

std::optional<qint64> Int64SpinBox::value() const
{
    bool ok = false;
    const qint64 number = text().toLongLong(&ok);
    return ok ? std::optional<qint64>(number) : std::nullopt;
}

void Int64SpinBox::setValue(qint64 value)
{
    const QString text = QString::number(value);
    if (text != lineEdit()->text())
        lineEdit()->setText(text);
}

void Int64SpinBox::stepBy(int steps)
{
    const qint64 current = value().value_or(m_minimum);
    const qint64 next = std::clamp(current + qint64(steps), m_minimum, m_maximum);
    setValue(next);
    selectAll();
}

QValidator::State Int64SpinBox::validate(QString &input, int &) const
{
    if (input.size() > maxDigits)
        return QValidator::Invalid;
    for (const QChar c : input)
        if (!c.isDigit())
            return QValidator::Invalid;
    return QValidator::Acceptable;
}

QAbstractSpinBox::StepEnabled Int64SpinBox::stepEnabled() const
{
    if (isReadOnly())
        return StepNone;
    const auto current = value();
    if (!current)
        return StepUpEnabled;
    StepEnabled enabled = StepNone;
    if (*current < m_maximum)
        enabled |= StepUpEnabled;
    if (*current > m_minimum)
        enabled |= StepDownEnabled;
    return enabled;
}

QSize Int64SpinBox::sizeHint() const
{
    // Wide enough for the largest value the arrows reach, like QSpinBox.
    QSize hint = QAbstractSpinBox::sizeHint();
    const int digitsWidth =
        fontMetrics().horizontalAdvance(QString::number(m_maximum) + QLatin1Char(' '));
    hint.setWidth(std::max(hint.width(), digitsWidth + 40));
    return hint;
}

} // namespace pelab
