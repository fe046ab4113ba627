// SPDX-License-Identifier: MIT
#include "AtomicWrite.h"

#include "FolderSwap.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

namespace pelab {

namespace {

// Writes without Qt's buffer, so a full disk fails the write itself rather than vanishing in
// a later flush that commit() does not report.
QString writeToSaveFile(QSaveFile &file, const QByteArray &bytes)
{
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return file.errorString();
    errno = 0;
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        // Unbuffered writes leave errorString() at "Unknown error"; errno has the reason.
        const int code = errno;
        return code != 0 ? QString::fromLocal8Bit(std::strerror(code)) : file.errorString();
    }
    return {};
}

QString reasonOf(const std::error_code &error)
{
    return QString::fromStdString(error.message());
}

} // namespace

QString writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (QString error = writeToSaveFile(file, bytes); !error.isEmpty()) {
        file.cancelWriting();
        return QStringLiteral("cannot write %1: %2").arg(path, error);
    }
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString OutputFolder::claim(const QString &path)
{
    namespace fs = std::filesystem;
    if (path.isEmpty())
        return QStringLiteral("the output folder is empty; give a folder name");
    std::error_code error;
    const fs::path folder = fs::absolute(fs::path(path.toStdString()), error);
    // Note the missing ancestors first: abandon() removes exactly those.
    std::vector<fs::path> missing;
    for (fs::path p = folder; !p.empty() && !fs::exists(p, error); p = p.parent_path()) {
        missing.push_back(p);
        if (p == p.parent_path())
            break;
    }
    if (fs::exists(folder, error) && !fs::is_directory(folder, error))
        return QStringLiteral("cannot use %1 as the output folder: it is a file").arg(path);
    if (!fs::create_directories(folder, error) && error)
        return QStringLiteral("cannot create the output folder %1: %2").arg(path, reasonOf(error));
    for (auto it = missing.rbegin(); it != missing.rend(); ++it)
        m_created << QString::fromStdString(it->string());

    // A folder can exist and still refuse files (read-only mounts, /proc): try one now.
    QSaveFile probe(QDir(path).filePath(QStringLiteral(".pelab-write-check")));
    if (QString reason = writeToSaveFile(probe, "ok"); !reason.isEmpty()) {
        probe.cancelWriting();
        abandon();
        return QStringLiteral("cannot write into the output folder %1: %2").arg(path, reason);
    }
    probe.cancelWriting();
    return {};
}

void OutputFolder::abandon()
{
    for (auto it = m_created.rbegin(); it != m_created.rend(); ++it)
        QDir().rmdir(*it); // only removes them while empty
    m_created.clear();
}

QString writeFileSet(const QString &directory,
                     const std::vector<std::pair<QString, QByteArray>> &files, QStringList *written,
                     const QStringList &supersedes)
{
    // A folder that is new or holds only such files is replaced whole, so that even a kill
    // cannot leave it with files of two runs (FolderSwap.h).
    QStringList ours = supersedes;
    for (const auto &file : files)
        ours << file.first;
    OutputFolder parent;
    const QString parentPath = QFileInfo(directory).absolutePath();
    if (!directory.isEmpty() && !QFileInfo(parentPath).exists())
        if (QString error = parent.claim(parentPath); !error.isEmpty())
            return error;
    if (!directory.isEmpty() && canSwapFolder(directory, ours)) {
        const SwapResult swap = swapInFolder(directory, files);
        if (swap.outcome == SwapResult::Failed) {
            parent.abandon();
            return swap.error;
        }
        if (swap.outcome == SwapResult::Done) {
            if (written) {
                written->clear();
                for (const auto &file : files)
                    *written << QDir(directory).filePath(file.first);
            }
            return {};
        }
        // NotPossible (a rename the filesystem refuses): write in place, as below.
    }
    // A folder of the user's own files: each file replaced atomically, all written before
    // any replaces its target (a kill during the renames can leave two runs' files).
    OutputFolder folder;
    if (QString error = folder.claim(directory); !error.isEmpty())
        return error;

    // Two phases, so a failure leaves the folder as it was: every file is written to its
    // temporary first, and only when all are written do they replace their targets.
    std::vector<std::unique_ptr<QSaveFile>> pending;
    QStringList paths;
    for (const auto &[name, bytes] : files) {
        const QString path = QDir(directory).filePath(name);
        auto file = std::make_unique<QSaveFile>(path);
        if (QString error = writeToSaveFile(*file, bytes); !error.isEmpty()) {
            file->cancelWriting();
            for (auto &done : pending)
                done->cancelWriting(); // their temporaries are removed on destruction
            pending.clear();
            file.reset();
            folder.abandon();
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
    for (const QString &name : supersedes) {
        const QString path = QDir(directory).filePath(name);
        if (!paths.contains(path))
            QFile::remove(path);
    }
    if (written)
        *written = paths;
    return {};
}

} // namespace pelab
