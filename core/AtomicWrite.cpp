// SPDX-License-Identifier: MIT
#include "AtomicWrite.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <memory>

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
    const auto rollBack = [&] {
        if (!existed)
            QDir().rmdir(directory);
    };

    // Two phases, so a failure leaves the folder as it was: every file is written to its
    // temporary first, and only when all are written do they replace their targets.
    std::vector<std::unique_ptr<QSaveFile>> pending;
    QStringList paths;
    for (const auto &[name, bytes] : files) {
        const QString path = QDir(directory).filePath(name);
        auto file = std::make_unique<QSaveFile>(path);
        QString error;
        if (!file->open(QIODevice::WriteOnly))
            error = file->errorString();
        else if (file->write(bytes) != bytes.size())
            error = file->errorString();
        if (!error.isEmpty()) {
            for (auto &done : pending)
                done->cancelWriting(); // their temporaries are removed on destruction
            pending.clear();
            file.reset();
            rollBack();
            return QStringLiteral("cannot write %1: %2").arg(path, error);
        }
        pending.push_back(std::move(file));
        paths << path;
    }
    for (std::size_t i = 0; i < pending.size(); ++i) {
        if (!pending[i]->commit()) {
            // A rename failed after every write succeeded: rare (the disk vanished). The
            // files already committed are complete; say which ones.
            const QString error = QStringLiteral("cannot write %1: %2 (%3 of %4 files were "
                                                 "written)")
                                      .arg(paths[int(i)], pending[i]->errorString())
                                      .arg(i)
                                      .arg(pending.size());
            for (std::size_t j = i + 1; j < pending.size(); ++j)
                pending[j]->cancelWriting();
            return error;
        }
    }
    if (written)
        *written = paths;
    return {};
}

} // namespace pelab
