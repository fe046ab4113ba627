// SPDX-License-Identifier: MIT
#include "AtomicWrite.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace pelab {

QString writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return QStringLiteral("cannot write %1: %2").arg(path, reason);
    }
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString ensureDirectory(const QString &directory)
{
    const QFileInfo info(directory);
    if (info.exists() && !info.isDir())
        return QStringLiteral("cannot use %1 as the output folder: it is a file").arg(directory);
    if (!info.exists() && !QDir().mkpath(directory))
        return QStringLiteral("cannot create the output folder %1: permission denied or an "
                              "invalid path")
            .arg(directory);
    return {};
}

QString writeFileSet(const QString &directory,
                     const std::vector<std::pair<QString, QByteArray>> &files, QStringList *written)
{
    const bool existed = QFileInfo(directory).isDir();
    if (QString error = ensureDirectory(directory); !error.isEmpty())
        return error;
    QStringList created;
    QStringList done;
    for (const auto &[name, bytes] : files) {
        const QString path = QDir(directory).filePath(name);
        const bool replacing = QFileInfo::exists(path);
        if (QString error = writeFileAtomically(path, bytes); !error.isEmpty()) {
            for (const QString &path : std::as_const(created))
                QFile::remove(path);
            if (!existed)
                QDir().rmdir(directory);
            return error;
        }
        if (!replacing)
            created << path;
        done << path;
    }
    if (written)
        *written = done;
    return {};
}

} // namespace pelab
