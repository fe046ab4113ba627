// SPDX-License-Identifier: MIT
// MainWindow's files: config files loaded and saved, and the settings kept between launches.
#include "AtomicWrite.h"
#include "ConfigJson.h"
#include "HyperparameterPanel.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "TextZoom.h"
#include "WindowSettings.h"

#include <QSplitter>

namespace pelab {

bool MainWindow::loadConfigFile(const QString &path)
{
    const ConfigLoadResult loaded = pelab::loadConfigFile(path);
    if (!loaded.config) {
        m_banner->showMessage(MessageBanner::Kind::Error, tr("Could not load %1").arg(path),
                              loaded.errors.join(QLatin1Char('\n')) +
                                  tr("\nThe settings in the panel are unchanged."));
        return false;
    }
    startAfresh(*loaded.config);
    m_banner->hide();
    return true;
}

bool MainWindow::saveConfigFile(const QString &path)
{
    if (!m_panel->isValid()) {
        m_banner->showMessage(MessageBanner::Kind::Error, tr("Config not saved"),
                              tr("Fix the setting marked in the panel first: a file with it "
                                 "could not be loaded again."));
        return false;
    }
    const QString error = writeFileAtomically(path, configToJsonBytes(m_panel->config()));
    if (!error.isEmpty()) {
        m_banner->showMessage(MessageBanner::Kind::Error, tr("Could not save the config"), error);
        return false;
    }
    return true;
}

QList<QSplitter *> MainWindow::splitters() const
{
    return {m_embeddingSplitter};
}

bool MainWindow::restoreSettings()
{
    m_zoom->restore();
    WindowSettings settings;
    const auto config = settings.config();
    if (config)
        setConfig(*config);
    const bool layout = settings.restoreLayout(*this, splitters());
    return config || layout;
}

void MainWindow::saveSettings()
{
    WindowSettings settings;
    // A config that cannot run would not load next time: keep the last good one instead.
    if (m_panel->isValid())
        settings.setConfig(m_panel->config());
    settings.saveLayout(*this, splitters());
}

} // namespace pelab
