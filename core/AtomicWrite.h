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

// Writes several files into `directory` (created if missing), all or none. A new folder, or
// one holding only files of the set or of `supersedes`, is replaced whole in one rename
// (FolderSwap.h): a kill at any instant leaves the old set or the new. A folder holding
// other files too keeps them: there every file is written to a temporary first and replaces
// its target only when every write succeeded, so a failure leaves the folder as it was.
// Returns an empty string on success, else the message of the first failure.
// `supersedes`: names of files an earlier export into the same folder may have left; those
// not in this set are removed once it is written, so a folder never mixes two runs.
QString writeFileSet(const QString &directory,
                     const std::vector<std::pair<QString, QByteArray>> &files,
                     QStringList *written = nullptr, const QStringList &supersedes = {});

// An output folder claimed before a long job: created with its missing parents and checked
// writable up front, so a bad folder costs no training; abandon() removes again the folders
// claim() created (while they are empty).
class OutputFolder {
public:
    // An empty string on success, else a message with the path and the reason.
    QString claim(const QString &path);
    void abandon();

private:
    QStringList m_created;
};

} // namespace pelab
