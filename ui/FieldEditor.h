// SPDX-License-Identifier: MIT
#pragma once

#include "config/ConfigFields.h"

#include <QJsonValue>

#include <functional>
#include <optional>

class QLineEdit;
class QObject;
class QWidget;

namespace pelab {

// The editor widget for a declared field, made from its declaration: a spin box for whole
// numbers, a number box for reals (the learning rate gets its log-scale slider), a combo
// box for choices, a check box for switches and a text field for lists. Its object name is
// the key in camelCase plus the kind: "seqLenSpin", "taskCombo", "shuffleCheck".
QWidget *createFieldEditor(const FieldSpec &field);
void setFieldEditorValue(QWidget *editor, const FieldSpec &field, const QJsonValue &value);
// The value typed, or nothing with `problem` saying what is wrong ("empty", the text).
std::optional<QJsonValue> fieldEditorValue(const QWidget *editor, const FieldSpec &field,
                                           QString *shown);
// Calls `edited` whenever the user changes the editor.
void onFieldEdited(QWidget *editor, QObject *context, const std::function<void()> &edited);
// The text field inside an editor, if it has one (for the invalid marker).
QLineEdit *editorTextField(QWidget *editor);
// How a choice reads in the window: "position-signal" -> "Position signal".
QString choiceLabel(const QString &key, const QString &choice);

} // namespace pelab
