// SPDX-License-Identifier: MIT
#pragma once

#include "figures/FigureHover.h"
#include "lessons/CostExplorer.h"

#include <QImage>
#include <QWidget>

class QLabel;
class QSpinBox;

namespace pelab {

// The quadratic-cost lesson's view: attention's measured time and memory against the length
// on log-log axes with their fitted power laws (core's CostFigure), and a length box that
// says, before anything runs, how much memory that length would need and whether this
// machine has it.
class CostExplorerView : public QWidget {
    Q_OBJECT
public:
    explicit CostExplorerView(QWidget *parent = nullptr);

    void setResults(const CostResults &results);
    const CostResults &results() const { return m_results; }
    QSpinBox *lengthBox() const { return m_length; }
    QLabel *predictionLabel() const { return m_prediction; }
    QImage renderImage(double pixelRatio) const;
    QString hoverTextAt(const QPoint &pos) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    QRect figureRect() const;
    void updatePrediction();

    CostResults m_results;
    QSpinBox *m_length;
    QLabel *m_prediction;
    HoverMap m_hovers;
};

} // namespace pelab
