// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace pelab {

// Writes `bytes` to `path` through QSaveFile: the file is replaced whole or not at all.
// Returns an empty string on success, else a message naming the path and the reason.
QString writeFileAtomically(const QString &path, const QByteArray &bytes);

// Writes several files into `directory` (created if missing): all are written to temporary
// files first and replace their targets only when every write succeeded, so a failure leaves
// the folder as it was (and removes it again if this call created it).
// Returns an empty string on success, else the message of the first failure.
QString writeFileSet(const QString &directory,
                     const std::vector<std::pair<QString, QByteArray>> &files,
                     QStringList *written = nullptr);

// Creates `directory` with its parents; an empty string on success, else the reason.
QString ensureDirectory(const QString &directory);

} // namespace pelab
