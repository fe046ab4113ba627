// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QDialog>

class QTableWidget;

namespace pelab {

// Two runs' settings side by side, every field, the ones that differ highlighted and listed
// first.
class SettingsDiffDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDiffDialog(const QString &nameA, const TrainingConfig &a, const QString &nameB,
                       const TrainingConfig &b, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

} // namespace pelab
