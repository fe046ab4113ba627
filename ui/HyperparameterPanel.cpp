// SPDX-License-Identifier: MIT
#include "HyperparameterPanel.h"

#include "config/ConfigFields.h"

#include "FieldHelp.h"
#include "Int64SpinBox.h"
#include "LearningRateEdit.h"
#include "PythonFloat.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

// Shows 0.9 rather than 0.900000, and reads numbers the way config files write them.
class PlainDoubleSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override { return formatPythonFloat(value); }
};

QDoubleSpinBox *fractionSpin(const char *objectName)
{
    auto *spin = new PlainDoubleSpinBox;
    spin->setObjectName(QLatin1String(objectName));
    spin->setLocale(QLocale::c());
    spin->setDecimals(6);
    // Up to 1 inclusive so that typing 1 gets an explanation instead of being refused.
    spin->setRange(0.0, 1.0);
    spin->setSingleStep(0.01);
    return spin;
}

Int64SpinBox *integerSpin(const char *objectName, qint64 minimum, qint64 maximum)
{
    auto *spin = new Int64SpinBox;
    spin->setObjectName(QLatin1String(objectName));
    spin->setRange(minimum, maximum);
    return spin;
}

QLineEdit *textFieldOf(QWidget *editor)
{
    if (auto *edit = qobject_cast<QLineEdit *>(editor))
        return edit;
    if (auto *rate = qobject_cast<LearningRateEdit *>(editor))
        return rate->lineEdit();
    return editor->findChild<QLineEdit *>();
}

} // namespace

HyperparameterPanel::HyperparameterPanel(QWidget *parent)
    : QWidget(parent)
    , m_samples(integerSpin("samplesSpin", 1, limits::maxSamples))
    , m_seqLen(integerSpin("seqLenSpin", 1, limits::maxSeqLen))
    , m_batchSize(integerSpin("batchSizeSpin", 1, limits::maxBatchSize))
    , m_epochs(integerSpin("epochsSpin", 1, limits::maxEpochs))
    , m_optimizer(new QComboBox)
    , m_learningRate(new LearningRateEdit)
    , m_momentum(fractionSpin("momentumSpin"))
    , m_weightDecay(fractionSpin("weightDecaySpin"))
    , m_seed(integerSpin("seedSpin", 0, limits::maxSeed))
    , m_task(new QComboBox)
    , m_shuffle(new QCheckBox)
    , m_threads(integerSpin("threadsSpin", 1, limits::maxThreads))
    , m_stepsLabel(new QLabel)
    , m_errorLabel(new QLabel)
    , m_staleLabel(new QLabel)
{
    m_optimizer->setObjectName(QStringLiteral("optimizerCombo"));
    m_optimizer->addItem(tr("Adam"), int(OptimizerKind::Adam));
    m_optimizer->addItem(tr("AdamW"), int(OptimizerKind::AdamW));
    m_optimizer->addItem(tr("SGD"), int(OptimizerKind::Sgd));
    m_task->setObjectName(QStringLiteral("taskCombo"));
    m_task->addItem(tr("Zeros (the notebook's)"), int(TaskKind::Zeros));
    m_task->addItem(tr("Position signal"), int(TaskKind::PositionSignal));
    m_shuffle->setObjectName(QStringLiteral("shuffleCheck"));
    m_learningRate->setObjectName(QStringLiteral("learningRateEdit"));
    m_momentum->setSingleStep(0.05);

    addEditor(QStringLiteral("task"), m_task);
    addEditor(QStringLiteral("samples"), m_samples);
    addEditor(QStringLiteral("seq_len"), m_seqLen);
    addEditor(QStringLiteral("epochs"), m_epochs);
    addEditor(QStringLiteral("batch_size"), m_batchSize);
    addEditor(QStringLiteral("shuffle"), m_shuffle);
    addEditor(QStringLiteral("optimizer"), m_optimizer);
    addEditor(QStringLiteral("lr"), m_learningRate);
    addEditor(QStringLiteral("momentum"), m_momentum);
    addEditor(QStringLiteral("weight_decay"), m_weightDecay);
    addEditor(QStringLiteral("seed"), m_seed);
    addEditor(QStringLiteral("threads"), m_threads);

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

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(
        buildGroup(tr("Task and data"),
                   {QStringLiteral("task"), QStringLiteral("samples"), QStringLiteral("seq_len")}));
    layout->addWidget(
        buildGroup(tr("Training"), {QStringLiteral("epochs"), QStringLiteral("batch_size"),
                                    QStringLiteral("shuffle")}));
    layout->addWidget(
        buildGroup(tr("Optimizer"), {QStringLiteral("optimizer"), QStringLiteral("lr"),
                                     QStringLiteral("momentum"), QStringLiteral("weight_decay")}));
    layout->addWidget(
        buildGroup(tr("Reproducibility"), {QStringLiteral("seed"), QStringLiteral("threads")}));
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

void HyperparameterPanel::addEditor(const QString &field, QWidget *editor)
{
    editor->setToolTip(fieldToolTip(field));
    m_editors.insert(field, editor);
    const auto changed = [this] {
        if (!m_settingConfig)
            refresh();
    };
    if (auto *spin = qobject_cast<Int64SpinBox *>(editor))
        connect(spin, &Int64SpinBox::valueEdited, this, changed);
    else if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor))
        connect(spin, &QDoubleSpinBox::valueChanged, this, changed);
    else if (auto *combo = qobject_cast<QComboBox *>(editor))
        connect(combo, &QComboBox::currentIndexChanged, this, changed);
    else if (auto *check = qobject_cast<QCheckBox *>(editor))
        connect(check, &QCheckBox::toggled, this, changed);
    else if (auto *rate = qobject_cast<LearningRateEdit *>(editor))
        connect(rate, &LearningRateEdit::edited, this, [this, changed] {
            changed();
            if (m_settingConfig)
                return;
            const auto value = m_learningRate->value();
            if (value && std::isfinite(*value) && *value > 0)
                emit learningRateEdited(*value);
        });
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

QWidget *HyperparameterPanel::buildGroup(const QString &title, const QStringList &fields)
{
    auto *group = new QGroupBox(title);
    auto *form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    for (const QString &field : fields) {
        QWidget *editor = m_editors.value(field);
        auto *label = new QLabel(fieldLabel(field));
        label->setToolTip(editor->toolTip());
        label->setBuddy(editor);
        m_labels.insert(field, label);
        if (field == QLatin1String("momentum"))
            form->addRow(label, withNote(editor, tr("SGD only")));
        else if (field == QLatin1String("weight_decay"))
            form->addRow(label, withNote(editor, tr("AdamW only")));
        else
            form->addRow(label, editor);
    }
    return group;
}

void HyperparameterPanel::setConfig(const TrainingConfig &config)
{
    m_base = config;
    m_settingConfig = true;
    m_samples->setValue(config.samples);
    m_seqLen->setValue(config.seqLen);
    m_batchSize->setValue(config.batchSize);
    m_epochs->setValue(config.epochs);
    m_optimizer->setCurrentIndex(m_optimizer->findData(int(config.optimizer)));
    m_learningRate->setValue(config.learningRate);
    m_momentum->setValue(config.momentum);
    m_weightDecay->setValue(config.effectiveWeightDecay());
    m_seed->setValue(config.seed);
    m_task->setCurrentIndex(m_task->findData(int(config.task)));
    m_shuffle->setChecked(config.shuffle);
    m_threads->setValue(config.threads);
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
    const auto readInteger = [&](const char *field, Int64SpinBox *spin, std::int64_t *out) {
        if (const auto value = spin->value()) {
            *out = *value;
            return;
        }
        issues.push_back(
            {QLatin1String(field), tr("empty"),
             tr("type a whole number from %1 to %2").arg(spin->minimum()).arg(spin->maximum())});
    };
    readInteger("samples", m_samples, &config->samples);
    readInteger("seq_len", m_seqLen, &config->seqLen);
    readInteger("batch_size", m_batchSize, &config->batchSize);
    readInteger("epochs", m_epochs, &config->epochs);
    config->optimizer = OptimizerKind(m_optimizer->currentData().toInt());
    if (const auto rate = m_learningRate->value())
        config->learningRate = *rate;
    else
        issues.push_back({QStringLiteral("lr"),
                          m_learningRate->text().isEmpty()
                              ? tr("empty")
                              : QLatin1Char('"') + m_learningRate->text() + QLatin1Char('"'),
                          tr("type a number greater than 0, like 0.01 or 1e-3")});
    config->momentum = m_momentum->value();
    // The editor sets AdamW's decay; other optimizers keep what the loaded config said (the
    // declaration's default when the optimizer was changed here).
    if (config->optimizer == OptimizerKind::AdamW)
        config->weightDecay = m_weightDecay->value();
    else if (config->optimizer != m_base.optimizer)
        config->weightDecay.reset();
    readInteger("seed", m_seed, &config->seed);
    config->task = TaskKind(m_task->currentData().toInt());
    config->shuffle = m_shuffle->isChecked();
    readInteger("threads", m_threads, &config->threads);
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

    updateOptimizerFields();
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
    QLineEdit *text = textFieldOf(editor);
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

void HyperparameterPanel::updateOptimizerFields()
{
    const auto optimizer = OptimizerKind(m_optimizer->currentData().toInt());
    m_momentum->setEnabled(optimizer == OptimizerKind::Sgd);
    m_weightDecay->setEnabled(optimizer == OptimizerKind::AdamW);
    m_labels.value(QStringLiteral("momentum"))->setEnabled(m_momentum->isEnabled());
    m_labels.value(QStringLiteral("weight_decay"))->setEnabled(m_weightDecay->isEnabled());
}

void HyperparameterPanel::setRunConfig(const std::optional<TrainingConfig> &config)
{
    m_runConfig = config;
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
    m_staleLabel->setText(
        tr("%1 changed: the running training still uses the old value. Restart to apply "
           "(Run \u2192 Restart).")
            .arg(fields.join(QStringLiteral(", "))));
    m_staleLabel->setVisible(!fields.isEmpty());
    if (wasStale != isStale())
        emit staleChanged(isStale());
}

} // namespace pelab
