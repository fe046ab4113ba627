// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QWidget>

class QPushButton;
class QTableWidget;
class QTimer;

namespace pelab {

class RunSet;

// The runs list: every run of the comparison with its colour, whether it is shown, its name
// (made from the settings that differ; double-click to rename), state and key figures (final
// loss, validation accuracy, accuracy at the longest evaluation length). Buttons act on the
// selected runs (pause or resume, stop, delete, load their settings, compare two runs'
// settings) and on all.
class RunsPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { NameColumn, StateColumn, StepsColumn, LossColumn, AccuracyColumn, LongestColumn };

    RunsPanel(RunSet *runs, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    // The selected runs' ids, in list order.
    std::vector<quint64> selectedRuns() const;
    void selectRuns(const std::vector<quint64> &ids);
    // The table's rows refreshed now (they follow the runs within a quarter second).
    void refresh();

    QPushButton *button(const QString &objectName) const;

signals:
    void variantsRequested();
    void addSettingsRequested();
    void loadSettingsRequested(const pelab::TrainingConfig &config);

private:
    void rebuild();
    void updateButtons();
    void compareSettings();
    QPushButton *addButton(const QString &text, const QString &name, const QString &tip);

    RunSet *m_runs;
    QTableWidget *m_table;
    QTimer *m_refresh;
    QList<QPushButton *> m_buttons;
    bool m_rebuilding = false;
};

} // namespace pelab
