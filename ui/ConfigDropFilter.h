// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QMimeData;
class QWidget;

namespace pelab {

// Lets a config file be dropped onto a window: a drag of exactly one local .json file is
// accepted (anything else is left to the widget under the mouse, which refuses it), and the
// drop hands its path to `load`, which validates and reports as File > Load config does.
// It watches the whole application, because a drop goes to the innermost widget that takes
// drops (a text field, a chart view), and only then, if refused, to the window.
class ConfigDropFilter : public QObject {
    Q_OBJECT
public:
    using Loader = std::function<bool(const QString &path)>;

    // Makes `window` accept drops and takes the drops of config files anywhere in it.
    // The filter belongs to `window`.
    static ConfigDropFilter *install(QWidget *window, Loader load);

    // The path of the one local .json file `mime` carries, else empty.
    static QString configPath(const QMimeData *mime);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ConfigDropFilter(QWidget *window, Loader load);
    bool isInWindow(const QWidget *widget) const;

    QWidget *m_window;
    Loader m_load;
};

} // namespace pelab
