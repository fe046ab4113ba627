// SPDX-License-Identifier: MIT
#include "WindowSettings.h"

#include "ConfigJson.h"

#include <QMainWindow>
#include <QSplitter>

namespace pelab {

namespace {

const QString configKey = QStringLiteral("run/config");
const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");
const QString versionKey = QStringLiteral("window/layoutVersion");

QString splitterKey(const QSplitter *splitter)
{
    return QStringLiteral("window/splitters/") + splitter->objectName();
}

} // namespace

WindowSettings::WindowSettings()
    : m_settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("PE Lab"),
                 QStringLiteral("pelab"))
{}

std::optional<TrainingConfig> WindowSettings::config() const
{
    const QByteArray json = m_settings.value(configKey).toByteArray();
    if (json.isEmpty())
        return std::nullopt;
    return configFromJsonBytes(json, m_settings.fileName()).config;
}

void WindowSettings::setConfig(const TrainingConfig &config)
{
    m_settings.setValue(configKey, QString::fromUtf8(configToJsonBytes(config)));
}

void WindowSettings::saveLayout(const QMainWindow &window, const QList<QSplitter *> &splitters)
{
    m_settings.setValue(versionKey, layoutVersion);
    m_settings.setValue(geometryKey, window.saveGeometry());
    m_settings.setValue(stateKey, window.saveState(layoutVersion));
    for (const QSplitter *splitter : splitters)
        m_settings.setValue(splitterKey(splitter), splitter->saveState());
    m_settings.sync();
}

bool WindowSettings::restoreLayout(QMainWindow &window, const QList<QSplitter *> &splitters) const
{
    if (m_settings.value(versionKey).toInt() != layoutVersion)
        return false;
    const bool geometry = window.restoreGeometry(m_settings.value(geometryKey).toByteArray());
    window.restoreState(m_settings.value(stateKey).toByteArray(), layoutVersion);
    for (QSplitter *splitter : splitters)
        splitter->restoreState(m_settings.value(splitterKey(splitter)).toByteArray());
    return geometry;
}

} // namespace pelab
