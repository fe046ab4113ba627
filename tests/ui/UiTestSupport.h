// SPDX-License-Identifier: MIT
// Helpers for tests that drive widgets the way a user does.
#pragma once

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QWidget>

namespace pelab::test {

// The text field a user types into: the widget itself, or the one inside a spin box.
inline QLineEdit *textFieldOf(QWidget *editor)
{
    if (auto *edit = qobject_cast<QLineEdit *>(editor))
        return edit;
    return editor ? editor->findChild<QLineEdit *>() : nullptr;
}

// Replaces the field's text by typing: select all, then keystrokes (an empty `text` clears).
inline bool typeInto(QWidget *editor, const QString &text)
{
    QLineEdit *field = textFieldOf(editor);
    if (!field || !field->isEnabled())
        return false;
    field->selectAll();
    if (text.isEmpty())
        QTest::keyClick(field, Qt::Key_Backspace);
    else
        QTest::keyClicks(field, text);
    return field->text() == text;
}

inline QAction *action(QWidget *window, const char *objectName)
{
    return window->findChild<QAction *>(QLatin1String(objectName));
}

inline QWidget *field(QWidget *window, const char *objectName)
{
    return window->findChild<QWidget *>(QLatin1String(objectName));
}

// Picks the combo box entry whose data is `data`, as choosing it from the list does.
inline bool selectData(QWidget *window, const char *combo, int data)
{
    auto *box = window->findChild<QComboBox *>(QLatin1String(combo));
    const int index = box ? box->findData(data) : -1;
    if (index < 0)
        return false;
    box->setCurrentIndex(index);
    return true;
}

// Points the window's settings (QSettings, INI format) at `dir`: never the user's own.
inline void useSettingsIn(const QString &dir)
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
}

// Forgets what earlier windows saved: the next window starts as on first launch.
inline void clearWindowSettings()
{
    QSettings settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("PE Lab"),
                       QStringLiteral("pelab"));
    settings.clear();
    settings.sync();
}

// With PELAB_TEST_SHOTS=DIR set, saves what the widget looks like, to look at by eye.
inline void saveShot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("PELAB_TEST_SHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace pelab::test
