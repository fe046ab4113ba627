// SPDX-License-Identifier: MIT
#include "FieldEditor.h"

#include "Int64SpinBox.h"
#include "LearningRateEdit.h"
#include "PythonFloat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLineEdit>

#include <cmath>

namespace pelab {

namespace {

// Shows 0.9 rather than 0.900000, and reads numbers the way config files write them.
class PlainDoubleSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override { return formatPythonFloat(value); }
};

QString camelCase(const char *key)
{
    QString name;
    bool upper = false;
    for (const char *c = key; *c; ++c) {
        if (*c == '_') {
            upper = true;
            continue;
        }
        name += upper ? QChar(*c).toUpper() : QChar(*c);
        upper = false;
    }
    return name;
}

struct ChoiceText {
    const char *key;
    const char *choice;
    const char *label;
};

constexpr ChoiceText choiceTexts[] = {
    {"task", "zeros", QT_TRANSLATE_NOOP("FieldEditor", "Zeros (the notebook's)")},
    {"task", "position-signal", QT_TRANSLATE_NOOP("FieldEditor", "Position signal")},
    {"task", "shift", QT_TRANSLATE_NOOP("FieldEditor", "Shift: copy the token k back")},
    {"task", "reverse", QT_TRANSLATE_NOOP("FieldEditor", "Reverse the sequence")},
    {"task", "sort", QT_TRANSLATE_NOOP("FieldEditor", "Sort the sequence")},
    {"task", "count", QT_TRANSLATE_NOOP("FieldEditor", "Count each token")},
    {"task", "markov", QT_TRANSLATE_NOOP("FieldEditor", "Markov chain: next token")},
    {"optimizer", "adam", QT_TRANSLATE_NOOP("FieldEditor", "Adam")},
    {"optimizer", "adamw", QT_TRANSLATE_NOOP("FieldEditor", "AdamW")},
    {"optimizer", "sgd", QT_TRANSLATE_NOOP("FieldEditor", "SGD")},
    {"norm", "pre", QT_TRANSLATE_NOOP("FieldEditor", "Pre-LN (before each sublayer)")},
    {"norm", "post", QT_TRANSLATE_NOOP("FieldEditor", "Post-LN (after the residual sum)")},
    {"norm", "none", QT_TRANSLATE_NOOP("FieldEditor", "None")},
    {"encoding", "learned", QT_TRANSLATE_NOOP("FieldEditor", "Learned table (the notebook's)")},
    {"encoding", "sinusoidal", QT_TRANSLATE_NOOP("FieldEditor", "Sinusoidal (fixed)")},
    {"encoding", "none", QT_TRANSLATE_NOOP("FieldEditor", "None")},
    {"encoding", "rope", QT_TRANSLATE_NOOP("FieldEditor", "RoPE (rotary, in attention)")},
    {"encoding", "alibi", QT_TRANSLATE_NOOP("FieldEditor", "ALiBi (linear bias, in attention)")},
};

} // namespace

QString choiceLabel(const QString &key, const QString &choice)
{
    for (const ChoiceText &text : choiceTexts)
        if (key == QLatin1String(text.key) && choice == QLatin1String(text.choice))
            return QCoreApplication::translate("FieldEditor", text.label);
    return choice;
}

QWidget *createFieldEditor(const FieldSpec &field)
{
    const QString name = camelCase(field.key);
    QWidget *editor = nullptr;
    switch (field.kind) {
    case FieldKind::Integer: {
        auto *spin = new Int64SpinBox;
        spin->setRange(qint64(field.minimum), qint64(field.maximum));
        spin->setObjectName(name + QStringLiteral("Spin"));
        editor = spin;
        break;
    }
    case FieldKind::Real: {
        if (field.live) { // the learning rate: exact text and a log-scale slider
            editor = new LearningRateEdit;
            editor->setObjectName(QStringLiteral("learningRateEdit"));
            break;
        }
        auto *spin = new PlainDoubleSpinBox;
        spin->setLocale(QLocale::c());
        spin->setDecimals(6);
        // The range includes an excluded end, so typing it gets an explanation.
        spin->setRange(field.minimum, field.maximum);
        spin->setSingleStep(field.maximum <= 1 ? 0.05 : 0.1);
        spin->setObjectName(name + QStringLiteral("Spin"));
        editor = spin;
        break;
    }
    case FieldKind::Bool:
        editor = new QCheckBox;
        editor->setObjectName(name + QStringLiteral("Check"));
        break;
    case FieldKind::Choice: {
        auto *combo = new QComboBox;
        for (int i = 0; i < field.choices.size(); ++i)
            combo->addItem(choiceLabel(QLatin1String(field.key), field.choices[i]), i);
        combo->setObjectName(name + QStringLiteral("Combo"));
        // Long choice names elide instead of widening the panel past its dock.
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(14);
        editor = combo;
        break;
    }
    case FieldKind::IntegerList: {
        auto *edit = new QLineEdit;
        edit->setPlaceholderText(QCoreApplication::translate("FieldEditor", "none, e.g. 32,64"));
        edit->setObjectName(name + QStringLiteral("Edit"));
        editor = edit;
        break;
    }
    }
    return editor;
}

void setFieldEditorValue(QWidget *editor, const FieldSpec &field, const QJsonValue &value)
{
    if (auto *spin = qobject_cast<Int64SpinBox *>(editor))
        spin->setValue(qint64(value.toDouble()));
    else if (auto *rate = qobject_cast<LearningRateEdit *>(editor))
        rate->setValue(value.toDouble());
    else if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor))
        spin->setValue(value.toDouble());
    else if (auto *check = qobject_cast<QCheckBox *>(editor))
        check->setChecked(value.toBool());
    else if (auto *combo = qobject_cast<QComboBox *>(editor))
        combo->setCurrentIndex(int(field.choices.indexOf(value.toString())));
    else if (auto *edit = qobject_cast<QLineEdit *>(editor))
        edit->setText(field.format(value));
}

std::optional<QJsonValue> fieldEditorValue(const QWidget *editor, const FieldSpec &field,
                                           QString *shown)
{
    const auto problem = [&](const QString &text) -> std::optional<QJsonValue> {
        *shown = text.trimmed().isEmpty() ? QCoreApplication::translate("FieldEditor", "empty")
                                          : QLatin1Char('"') + text + QLatin1Char('"');
        return std::nullopt;
    };
    if (auto *spin = qobject_cast<const Int64SpinBox *>(editor)) {
        if (const auto value = spin->value())
            return QJsonValue(qint64(*value));
        return problem(spin->text());
    }
    if (auto *rate = qobject_cast<const LearningRateEdit *>(editor)) {
        if (const auto value = rate->value())
            return QJsonValue(*value);
        return problem(rate->text());
    }
    if (auto *spin = qobject_cast<const QDoubleSpinBox *>(editor))
        return QJsonValue(spin->value());
    if (auto *check = qobject_cast<const QCheckBox *>(editor))
        return QJsonValue(check->isChecked());
    if (auto *combo = qobject_cast<const QComboBox *>(editor))
        return QJsonValue(field.choices.value(combo->currentIndex()));
    if (auto *edit = qobject_cast<const QLineEdit *>(editor)) {
        QString error;
        if (const auto value = field.parse(edit->text(), &error))
            return value;
        return problem(edit->text());
    }
    return std::nullopt;
}

void onFieldEdited(QWidget *editor, QObject *context, const std::function<void()> &edited)
{
    if (auto *spin = qobject_cast<Int64SpinBox *>(editor))
        QObject::connect(spin, &Int64SpinBox::valueEdited, context, edited);
    else if (auto *rate = qobject_cast<LearningRateEdit *>(editor))
        QObject::connect(rate, &LearningRateEdit::edited, context, edited);
    else if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor))
        QObject::connect(spin, &QDoubleSpinBox::valueChanged, context, edited);
    else if (auto *check = qobject_cast<QCheckBox *>(editor))
        QObject::connect(check, &QCheckBox::toggled, context, edited);
    else if (auto *combo = qobject_cast<QComboBox *>(editor))
        QObject::connect(combo, &QComboBox::currentIndexChanged, context, edited);
    else if (auto *edit = qobject_cast<QLineEdit *>(editor))
        QObject::connect(edit, &QLineEdit::textEdited, context, edited);
}

QLineEdit *editorTextField(QWidget *editor)
{
    if (auto *edit = qobject_cast<QLineEdit *>(editor))
        return edit;
    if (auto *rate = qobject_cast<LearningRateEdit *>(editor))
        return rate->lineEdit();
    return editor->findChild<QLineEdit *>();
}

} // namespace pelab
