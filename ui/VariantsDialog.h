// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace pelab {

// "Run variants": the current settings, one field to vary and its values (all five encodings,
// seeds 0..4, or any list typed in). Shows the runs it would start, by name, or what is wrong
// with the values, naming the field and what is allowed.
class VariantsDialog : public QDialog {
    Q_OBJECT
public:
    explicit VariantsDialog(const TrainingConfig &base, QWidget *parent = nullptr);

    void setField(const QString &key); // also fills in the field's suggested values
    QString field() const;
    void setValues(const QString &text);
    QString values() const;
    // The runs it would start (empty while the values are not valid) and why not.
    const std::vector<TrainingConfig> &configs() const { return m_configs; }
    QString problem() const { return m_problem; }

    // What the dialog suggests for a field: every choice, both switch positions, seeds 0..4,
    // around the current value for numbers.
    static QString suggestedValues(const QString &key, const TrainingConfig &base);

private:
    void update();

    TrainingConfig m_base;
    QComboBox *m_field;
    QLineEdit *m_values;
    QLabel *m_hint;
    QLabel *m_preview;
    QDialogButtonBox *m_buttons;
    std::vector<TrainingConfig> m_configs;
    QString m_problem;
};

} // namespace pelab
