// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QBoxLayout;
class QCheckBox;
class QLabel;
class QPushButton;
class QSlider;

namespace pelab {

// The row of controls above the loss chart. It only reports what the user did; setters
// update the controls without echoing a signal back.
class LossChartToolbar : public QWidget {
    Q_OBJECT
public:
    explicit LossChartToolbar(QWidget *parent = nullptr);

    void setLogScale(bool on);
    void setSmoothing(double weight);
    void setFollow(bool on);
    QSize minimumSizeHint() const override;

signals:
    void logScaleToggled(bool on);
    void smoothingChanged(double weight);
    void followToggled(bool on);
    void resetZoomClicked();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void showSmoothing(double weight);

    QBoxLayout *m_rows = nullptr; // the two rows, side by side or stacked
    QCheckBox *m_logCheck = nullptr;
    QSlider *m_smoothingSlider = nullptr;
    QLabel *m_smoothingValue = nullptr;
    QCheckBox *m_followCheck = nullptr;
    QPushButton *m_resetZoomButton = nullptr;
};

} // namespace pelab
