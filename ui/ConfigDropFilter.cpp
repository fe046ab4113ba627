// SPDX-License-Identifier: MIT
#include "ConfigDropFilter.h"

#include <QApplication>
#include <QDockWidget>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>
#include <QWidget>

namespace pelab {

ConfigDropFilter::ConfigDropFilter(QWidget *window, Loader load)
    : QObject(window)
    , m_window(window)
    , m_load(std::move(load))
{}

ConfigDropFilter *ConfigDropFilter::install(QWidget *window, Loader load)
{
    auto *filter = new ConfigDropFilter(window, std::move(load));
    window->setAcceptDrops(true);
    qApp->installEventFilter(filter); // removed again when the filter is destroyed
    return filter;
}

// In the window, or in one of its docks floating on its own.
bool ConfigDropFilter::isInWindow(const QWidget *widget) const
{
    const QWidget *window = widget->window();
    if (qobject_cast<const QDockWidget *>(window) && window->parentWidget())
        window = window->parentWidget()->window();
    return window == m_window;
}

QString ConfigDropFilter::configPath(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1)
        return {};
    const QUrl url = mime->urls().constFirst();
    if (!url.isLocalFile())
        return {};
    const QString path = url.toLocalFile();
    if (QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) != 0)
        return {};
    return path;
}

bool ConfigDropFilter::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)
        return false;
    const auto *widget = qobject_cast<QWidget *>(watched);
    if (!widget || !isInWindow(widget))
        return false;
    switch (type) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDropEvent *>(event);
        if (configPath(drag->mimeData()).isEmpty())
            break;
        drag->acceptProposedAction();
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        const QString path = configPath(drop->mimeData());
        if (path.isEmpty())
            break;
        drop->acceptProposedAction();
        m_load(path);
        return true;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace pelab
