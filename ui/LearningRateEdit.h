// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <optional>

class QLineEdit;
class QSlider;

namespace pelab {

// The learning rate: a text field for exact values and a slider on a log scale (1e-6 to 10),
// because useful rates span decades and a linear slider would crowd them into one end.
class LearningRateEdit : public QWidget {
    Q_OBJECT
public:
    explicit LearningRateEdit(QWidget *parent = nullptr);

    // Empty while the text is not a number.
    std::optional<double> value() const;
    QString text() const;
    void setValue(double learningRate);

    QLineEdit *lineEdit() const { return m_edit; }

    static constexpr int sliderStepsPerDecade = 100;
    static constexpr int minExponent = -6;
    static constexpr int maxExponent = 1;

signals:
    void edited(); // the text changed, typed or by the slider

private:
    void syncSliderToText();
    void takeSliderValue(int position);

    QLineEdit *m_edit;
    QSlider *m_slider;
    bool m_takingSlider = false;
};

} // namespace pelab
