// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractSpinBox>

#include <optional>

namespace pelab {

// A spin box for 64-bit whole numbers (seeds reach 2^53 - 1, past QSpinBox's int). It keeps
// whatever digits are typed, even out of range, so the hyperparameter panel can say what is
// wrong instead of the editor silently clamping; the arrows and wheel stay within the range.
class Int64SpinBox : public QAbstractSpinBox {
    Q_OBJECT
public:
    explicit Int64SpinBox(QWidget *parent = nullptr);

    void setRange(qint64 minimum, qint64 maximum);
    qint64 minimum() const { return m_minimum; }
    qint64 maximum() const { return m_maximum; }

    // Empty when the field is empty.
    std::optional<qint64> value() const;
    void setValue(qint64 value);

    void stepBy(int steps) override;
    QValidator::State validate(QString &input, int &pos) const override;
    QSize sizeHint() const override;

signals:
    void valueEdited(); // the text changed, by typing or stepping

protected:
    StepEnabled stepEnabled() const override;

private:
    qint64 m_minimum = 0;
    qint64 m_maximum = 99;
};

} // namespace pelab
