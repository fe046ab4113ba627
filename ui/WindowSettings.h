// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <QList>
#include <QSettings>

#include <optional>

class QMainWindow;
class QSplitter;

namespace pelab {

// What the window remembers between launches: the last config (as config.json text, so it
// survives new fields), the geometry and the dock and splitter layout. Stored as an INI file
// in the user's config folder; tests redirect it with QSettings::setPath(IniFormat, ...).
class WindowSettings {
public:
    WindowSettings();

    // Empty on first launch, or when the stored config no longer loads.
    std::optional<TrainingConfig> config() const;
    void setConfig(const TrainingConfig &config);

    // Splitters are keyed by objectName.
    void saveLayout(const QMainWindow &window, const QList<QSplitter *> &splitters);
    bool restoreLayout(QMainWindow &window, const QList<QSplitter *> &splitters) const;

    QString fileName() const { return m_settings.fileName(); }

    // Bumped when docks change, so an old layout is dropped instead of half-applied.
    static constexpr int layoutVersion = 2;

private:
    mutable QSettings m_settings;
};

} // namespace pelab
