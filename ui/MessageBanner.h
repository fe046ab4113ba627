// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace pelab {

// A message across the top of the window (a failed run, a config file that did not load):
// impossible to miss, yet it blocks nothing, unlike a modal message box.
class MessageBanner : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Error, Warning, Info };

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &title, const QString &text);
    QString text() const;

private:
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_close;
};

} // namespace pelab
