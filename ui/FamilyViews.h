// SPDX-License-Identifier: MIT
#pragma once

#include "figures/FigureKind.h"

#include <QObject>
#include <QString>

#include <vector>

class QDockWidget;
class QMainWindow;
class QMenu;

namespace pelab {

class ExportController;
class FigureView;
class RunRecorder;
struct TrainingConfig;

// The transformer family's views (gradients, attention, entropy, rank collapse, accuracy by
// length), each a FigureView in a dock of its own, tabbed below the loss chart. They appear
// when the settings leave the seed's shape and step aside when they return to it (the View
// menu shows or hides any of them at any time).
class FamilyViews : public QObject {
    Q_OBJECT
public:
    FamilyViews(QMainWindow *window, const RunRecorder *recorder, ExportController *exporter);

    const std::vector<FigureView *> &views() const { return m_views; }
    const std::vector<QDockWidget *> &docks() const { return m_docks; }
    FigureView *view(FigureKind kind) const;
    void addToMenu(QMenu *menu) const;
    // Shows the docks when `config` leaves the seed's shape, hides them when it returns.
    void followShape(const TrainingConfig &config);

    // The kinds shown here, in tab order.
    static std::vector<FigureKind> kinds();
    // The dock's tab: one word, so five tabs fit below the loss chart.
    static QString shortTitle(FigureKind kind);
    // One line: what the view shows and what to look for.
    static QString summary(FigureKind kind);

private:
    static void showWholeTabTitles(QMainWindow *window);

    std::vector<FigureView *> m_views;
    std::vector<QDockWidget *> m_docks;
    int m_seedShape = -1; // unknown until the first config
};

} // namespace pelab
