// SPDX-License-Identifier: MIT
#include "HyperparameterPanel.h"

#include "config/ConfigFields.h"

#include "FieldEditor.h"
#include "FieldHelp.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSignalBlocker>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

bool isWeightDecay(const FieldSpec &field)
{
    return field.key == QLatin1String("weight_decay");
}

} // namespace

HyperparameterPanel::HyperparameterPanel(QWidget *parent)
    : QWidget(parent)
    , m_stepsLabel(new QLabel)
    , m_errorLabel(new QLabel)
    , m_staleLabel(new QLabel)
    , m_adviceLabel(new QLabel)
{
    m_rows.reserve(configFields().size());
    for (const FieldSpec &field : configFields()) {
        Row row;
        row.field = &field;
        row.editor = createFieldEditor(field);
        const QString key = QLatin1String(field.key);
        row.editor->setToolTip(fieldToolTip(key));
        m_editors.insert(key, row.editor);
        onFieldEdited(row.editor, this, [this, &field, editor = row.editor] {
            if (m_settingConfig)
                return;
            refresh();
            if (field.live) {
                QString shown;
                const auto value = fieldEditorValue(editor, field, &shown);
                if (value && !field.check(*value))
                    emit learningRateEdited(value->toDouble());
            }
        });
        m_rows.push_back(row);
    }

    m_stepsLabel->setObjectName(QStringLiteral("stepsLabel"));
    m_stepsLabel->setWordWrap(true);
    m_errorLabel->setObjectName(QStringLiteral("configErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(
        QStringLiteral("QLabel { color: #8c1d18; background: #fce8e6; border: 1px solid #e8a29b;"
                       " border-radius: 4px; padding: 6px; }"));
    m_errorLabel->hide();
    m_staleLabel->setObjectName(QStringLiteral("staleLabel"));
    m_staleLabel->setWordWrap(true);
    m_staleLabel->setStyleSheet(
        QStringLiteral("QLabel { color: #6b4a00; background: #fef3d6; border: 1px solid #e9c46a;"
                       " border-radius: 4px; padding: 6px; }"));
    m_staleLabel->hide();
    m_adviceLabel->setObjectName(QStringLiteral("adviceLabel"));
    m_adviceLabel->setWordWrap(true);
    m_adviceLabel->setStyleSheet(
        QStringLiteral("QLabel { color: #0b2e6b; background: #e8f0fe; border: 1px solid #a8c7fa;"
                       " border-radius: 4px; padding: 6px; }"));
    m_adviceLabel->hide();

    auto *layout = new QVBoxLayout(this);
    // At the top, where it is seen before Start (the panel scrolls).
    layout->addWidget(m_adviceLabel);
    for (const QString &group : configGroups()) {
        QList<Row *> rows;
        for (Row &row : m_rows)
            if (QLatin1String(row.field->group) == group)
                rows << &row;
        if (!rows.isEmpty())
            layout->addWidget(buildGroup(tr(qPrintable(group)), rows));
    }
    layout->addWidget(m_stepsLabel);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_staleLabel);
    layout->addStretch(1);

    // One label column across the groups, so the editors line up.
    int labelWidth = 0;
    for (const QLabel *label : std::as_const(m_labels))
        labelWidth = std::max(labelWidth, label->sizeHint().width());
    for (QLabel *label : std::as_const(m_labels))
        label->setMinimumWidth(labelWidth);

    setConfig(TrainingConfig{});
}

QWidget *HyperparameterPanel::withNote(QWidget *editor, const QString &note)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(editor, 1);
    auto *label = new QLabel(note);
    label->setEnabled(false); // drawn in the palette's muted text colour
    layout->addWidget(label);
    return row;
}

QWidget *HyperparameterPanel::buildGroup(const QString &title, const QList<Row *> &rows)
{
    auto *group = new QGroupBox(title);
    group->setObjectName(title.toLower().remove(QLatin1Char(' ')) + QStringLiteral("Group"));
    auto *form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    for (Row *row : rows) {
        const QString key = QLatin1String(row->field->key);
        row->label = new QLabel(fieldLabel(key));
        row->label->setToolTip(row->editor->toolTip());
        row->label->setBuddy(row->editor);
        m_labels.insert(key, row->label);
        // The optimizer's settings stay in view, disabled with a note, so switching the
        // optimizer shows what it uses; other fields hide when they do not apply.
        if (isWeightDecay(*row->field))
            row->rowWidget = withNote(row->editor, tr("AdamW only"));
        else if (row->field->section == ConfigSection::Optimizer && *row->field->appliesWhen)
            row->rowWidget = withNote(row->editor, tr(row->field->appliesWhen));
        else
            row->rowWidget = row->editor;
        form->addRow(row->label, row->rowWidget);
        row->form = form;
        row->group = group;
    }
    return group;
}

void HyperparameterPanel::setConfig(const TrainingConfig &config)
{
    m_base = config;
    m_settingConfig = true;
    for (const Row &row : m_rows) {
        // The weight decay editor shows what AdamW uses when the config leaves it unset.
        const QJsonValue value = isWeightDecay(*row.field)
                                     ? QJsonValue(config.effectiveWeightDecay())
                                     : row.field->get(config);
        setFieldEditorValue(row.editor, *row.field, value);
    }
    m_settingConfig = false;
    refresh();
}

TrainingConfig HyperparameterPanel::config() const
{
    TrainingConfig config = m_base;
    parseIssues(&config);
    return config;
}

std::vector<ConfigIssue> HyperparameterPanel::parseIssues(TrainingConfig *config) const
{
    std::vector<ConfigIssue> issues;
    for (const Row &row : m_rows) {
        QString shown;
        const auto value = fieldEditorValue(row.editor, *row.field, &shown);
        if (!value) {
            issues.push_back({QLatin1String(row.field->key), shown, row.field->allowed()});
            continue;
        }
        if (isWeightDecay(*row.field))
            continue; // below, once the optimizer is known
        row.field->set(*config, *value);
    }
    // The editor sets AdamW's decay; other optimizers keep what the loaded config said (the
    // default, when the optimizer was changed here).
    QString shown;
    const Row &decay = *std::find_if(m_rows.begin(), m_rows.end(),
                                     [](const Row &row) { return isWeightDecay(*row.field); });
    if (config->optimizer == OptimizerKind::AdamW)
        config->weightDecay = fieldEditorValue(decay.editor, *decay.field, &shown)->toDouble();
    else if (config->optimizer != m_base.optimizer)
        config->weightDecay.reset();
    return issues;
}

void HyperparameterPanel::refresh()
{
    TrainingConfig config = m_base;
    std::vector<ConfigIssue> issues = parseIssues(&config);
    for (ConfigIssue &issue : config.validate())
        issues.push_back(std::move(issue));
    m_issues = std::move(issues);

    QStringList messages;
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it)
        markInvalid(it.key(), QString());
    for (const ConfigIssue &issue : m_issues) {
        const QString message = tr("<b>%1</b>: %2 is not allowed; %3")
                                    .arg(fieldLabel(issue.field), issue.value.toHtmlEscaped(),
                                         issue.allowed.toHtmlEscaped());
        markInvalid(issue.field, message);
        messages << message;
    }
    m_errorLabel->setText(messages.join(QStringLiteral("<br>")));
    m_errorLabel->setVisible(!messages.isEmpty());
    // Only a valid config has a step count (a batch size of 0 would divide by zero).
    m_stepsLabel->setVisible(m_issues.empty());
    if (m_issues.empty())
        m_stepsLabel->setText(tr("%L1 steps per epoch, %L2 steps in all")
                                  .arg(config.stepsPerEpoch())
                                  .arg(config.totalSteps()));

    updateApplicability(config);
    // Valid, but unable to learn its task fully: said before the run, not discovered after.
    const QString advice = m_issues.empty() ? config.advisory() : QString();
    m_adviceLabel->setText(advice);
    m_adviceLabel->setVisible(!advice.isEmpty());
    updateStale(config);
    emit configEdited();
    if (m_valid != m_issues.empty()) {
        m_valid = m_issues.empty();
        emit validityChanged(m_valid);
    }
}

void HyperparameterPanel::markInvalid(const QString &field, const QString &reason)
{
    const bool invalid = !reason.isEmpty();
    QWidget *editor = m_editors.value(field);
    if (!editor || editor->property("invalid").toBool() == invalid)
        return;
    editor->setProperty("invalid", invalid);
    if (QLabel *label = m_labels.value(field))
        label->setStyleSheet(invalid ? QStringLiteral("color: #b3261e; font-weight: bold;")
                                     : QString());
    QLineEdit *text = editorTextField(editor);
    if (!text)
        return;
    // A warning sign inside the field itself, where the eye already is.
    auto *warning = text->findChild<QAction *>(QStringLiteral("invalidMarker"));
    if (invalid && !warning) {
        warning = text->addAction(style()->standardIcon(QStyle::SP_MessageBoxWarning),
                                  QLineEdit::TrailingPosition);
        warning->setObjectName(QStringLiteral("invalidMarker"));
    }
    if (warning) {
        warning->setVisible(invalid);
        warning->setToolTip(reason);
    }
}

void HyperparameterPanel::updateApplicability(const TrainingConfig &config)
{
    QSet<QWidget *> visibleGroups;
    for (const Row &row : m_rows) {
        const bool applies = isWeightDecay(*row.field) ? config.optimizer == OptimizerKind::AdamW
                                                       : row.field->applies(config);
        const bool locked = m_locked.contains(QLatin1String(row.field->key));
        if (row.rowWidget != row.editor) {
            row.editor->setEnabled(applies && !locked);
            row.label->setEnabled(applies && !locked);
            visibleGroups.insert(row.group);
            continue;
        }
        row.editor->setEnabled(!locked);
        row.form->setRowVisible(row.editor, applies);
        if (applies)
            visibleGroups.insert(row.group);
    }
    for (const Row &row : m_rows)
        row.group->setVisible(visibleGroups.contains(row.group));
}

void HyperparameterPanel::setLocked(const QStringList &fields, const QString &reason)
{
    m_locked = fields;
    m_lockReason = reason;
    for (const Row &row : m_rows) {
        const QString key = QLatin1String(row.field->key);
        QString tip = fieldToolTip(key);
        if (m_locked.contains(key))
            tip += QStringLiteral("\n\n") + reason;
        row.editor->setToolTip(tip);
        row.label->setToolTip(tip);
    }
    updateApplicability(config());
}

void HyperparameterPanel::setRunConfig(const std::optional<TrainingConfig> &config, bool running)
{
    m_runConfig = config;
    m_runRunning = running;
    updateStale(this->config());
}

void HyperparameterPanel::setRunRunning(bool running)
{
    if (m_runRunning == running)
        return;
    m_runRunning = running;
    updateStale(this->config());
}

void HyperparameterPanel::updateStale(const TrainingConfig &config)
{
    QStringList fields;
    if (m_runConfig) {
        TrainingConfig edited = config;
        edited.learningRate = m_runConfig->learningRate; // applies live, never stale
        // Every declared field, so a field added to the declarations is covered too.
        for (const QString &key : changedFields(edited, *m_runConfig))
            if (const FieldSpec *field = findField(key); field && !field->live)
                fields << fieldLabel(key);
    }
    const bool wasStale = isStale();
    m_staleFields = fields;
    const QString list = fields.join(QStringLiteral(", "));
    m_staleLabel->setText(
        m_runRunning
            ? tr("%1 changed: the running training still uses the old value. Restart to apply "
                 "(Run \u2192 Restart).")
                  .arg(list)
            : tr("%1 changed: the run on screen was trained with the old value. Start to "
                 "train with the new one, or Reset to clear the views.")
                  .arg(list));
    m_staleLabel->setVisible(!fields.isEmpty());
    if (wasStale != isStale())
        emit staleChanged(isStale());
}

} // namespace pelab
