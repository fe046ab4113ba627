// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace pelab {

class Int64SpinBox;
class LearningRateEdit;

// Every TrainingConfig field with an editor and a plain-words tooltip, validated as it is
// typed: an invalid field is marked and the reason shown, in the words of
// TrainingConfig::validate(). While a run is active it also says which edits need a restart.
class HyperparameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit HyperparameterPanel(QWidget *parent = nullptr);

    void setConfig(const TrainingConfig &config);
    // What the editors hold; a field whose text does not parse keeps the last set value.
    TrainingConfig config() const;
    // Problems in field order, keyed as in config.json ("batch_size"); empty when valid.
    const std::vector<ConfigIssue> &issues() const { return m_issues; }
    bool isValid() const { return m_issues.empty(); }

    // The active run's config, or nothing when no run is active. Edits other than the
    // learning rate (which applies live) then mark the run stale.
    void setRunConfig(const std::optional<TrainingConfig> &config);
    bool isStale() const { return !m_staleFields.isEmpty(); }

    // The editor of a config.json key, for marking and tests.
    QWidget *editor(const QString &field) const { return m_editors.value(field); }

signals:
    void configEdited();
    void validityChanged(bool valid);
    void learningRateEdited(double learningRate); // only valid rates
    void staleChanged(bool stale);

private:
    QWidget *buildGroup(const QString &title, const QStringList &fields);
    void addEditor(const QString &field, QWidget *editor);
    QWidget *withNote(QWidget *editor, const QString &note);
    void refresh();
    std::vector<ConfigIssue> parseIssues(TrainingConfig *config) const;
    void markInvalid(const QString &field, const QString &reason); // empty: valid
    void updateStale(const TrainingConfig &config);
    void updateOptimizerFields();

    TrainingConfig m_base;
    std::optional<TrainingConfig> m_runConfig;
    std::vector<ConfigIssue> m_issues;
    QStringList m_staleFields;
    bool m_valid = true;
    bool m_settingConfig = false;

    Int64SpinBox *m_samples;
    Int64SpinBox *m_seqLen;
    Int64SpinBox *m_batchSize;
    Int64SpinBox *m_epochs;
    QComboBox *m_optimizer;
    LearningRateEdit *m_learningRate;
    QDoubleSpinBox *m_momentum;
    QDoubleSpinBox *m_weightDecay;
    Int64SpinBox *m_seed;
    QComboBox *m_task;
    QCheckBox *m_shuffle;
    Int64SpinBox *m_threads;
    QHash<QString, QWidget *> m_editors;
    QHash<QString, QLabel *> m_labels;
    QLabel *m_stepsLabel;
    QLabel *m_errorLabel;
    QLabel *m_staleLabel;
};

} // namespace pelab
