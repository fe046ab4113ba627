// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;

namespace pelab {

struct FieldSpec;

// An editor for every declared hyperparameter (config/ConfigFields.cpp), grouped, with a
// plain-words tooltip, validated as it is typed: an invalid field is marked and the reason
// shown, in the words of TrainingConfig::validate(). Fields that do not apply to the chosen
// model or task are hidden (or, for the optimizer's, disabled with a note), so the seed's
// shape looks as simple as the notebook. While a run is active it also says which edits
// need a restart.
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

    // The config of the run the views show (running, or ended and still on screen), or
    // nothing (no run, or after Reset). Edits other than the learning rate (which applies
    // live) then mark the settings as not applied, worded for a run going on or one ended.
    void setRunConfig(const std::optional<TrainingConfig> &config, bool running = true);
    void setRunRunning(bool running);
    bool isStale() const { return !m_staleFields.isEmpty(); }

    // Settings a lesson is about: their editors are disabled, their tooltips say why (an
    // empty list unlocks them all).
    void setLocked(const QStringList &fields, const QString &reason);
    const QStringList &lockedFields() const { return m_locked; }

    // The editor of a config.json key, for marking and tests.
    QWidget *editor(const QString &field) const { return m_editors.value(field); }

signals:
    void configEdited();
    void validityChanged(bool valid);
    void learningRateEdited(double learningRate); // only valid rates
    void staleChanged(bool stale);

private:
    struct Row {
        const FieldSpec *field = nullptr;
        QWidget *editor = nullptr;
        QLabel *label = nullptr;
        QWidget *rowWidget = nullptr; // the editor, or the editor with its note
        QFormLayout *form = nullptr;
        QWidget *group = nullptr;
    };

    QWidget *buildGroup(const QString &title, const QList<Row *> &rows);
    QWidget *withNote(QWidget *editor, const QString &note);
    void refresh();
    std::vector<ConfigIssue> parseIssues(TrainingConfig *config) const;
    void markInvalid(const QString &field, const QString &reason); // empty: valid
    void updateStale(const TrainingConfig &config);
    void updateApplicability(const TrainingConfig &config);

    TrainingConfig m_base;
    std::optional<TrainingConfig> m_runConfig;
    bool m_runRunning = false;
    std::vector<ConfigIssue> m_issues;
    QStringList m_staleFields;
    bool m_valid = true;
    bool m_settingConfig = false;

    std::vector<Row> m_rows; // one per declared field, in declaration order
    QHash<QString, QWidget *> m_editors;
    QStringList m_locked;
    QString m_lockReason;
    QHash<QString, QLabel *> m_labels;
    QLabel *m_stepsLabel;
    QLabel *m_errorLabel;
    QLabel *m_staleLabel;
    QLabel *m_adviceLabel;
};

} // namespace pelab
