// SPDX-License-Identifier: MIT
#include "FolderSwap.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pelab {

namespace {

QString reason(int code)
{
    return QString::fromLocal8Bit(std::strerror(code));
}

// Removes what an earlier writer of `name` in `parent` left when it was killed: hidden
// staging and old folders whose process is gone.
void removeLeftovers(const QDir &parent, const QString &name)
{
    const QRegularExpression pattern(
        QStringLiteral("^\\.%1\\.pelab-(new|old)-(\\d+)-").arg(QRegularExpression::escape(name)));
    for (const QString &entry :
         parent.entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot)) {
        const QRegularExpressionMatch match = pattern.match(entry);
        if (!match.hasMatch())
            continue;
        const pid_t pid = pid_t(match.captured(2).toLongLong());
        if (pid != getpid() && ::kill(pid, 0) != 0 && errno == ESRCH)
            QDir(parent.filePath(entry)).removeRecursively();
    }
}

// Writes one file of the staging folder; the folder is private, so no temporary name.
QString writeWhole(const QString &path, const QByteArray &bytes)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0)
        return reason(errno);
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, std::size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int code = n < 0 ? errno : ENOSPC;
            ::close(fd);
            return reason(code);
        }
        done += n;
    }
    // On disk before the folder becomes the output: a crash of the machine afterwards must
    // not leave the new folder's files empty.
    if (::fsync(fd) != 0) {
        const int code = errno;
        ::close(fd);
        return reason(code);
    }
    if (::close(fd) != 0)
        return reason(errno);
    return {};
}

} // namespace

bool canSwapFolder(const QString &directory, const QStringList &ours)
{
    const QFileInfo info(directory);
    const QFileInfo parent(info.absolutePath());
    if (!parent.isDir() || !parent.isWritable() || info.fileName().isEmpty())
        return false;
    if (!info.exists())
        return true;
    if (!info.isDir() || info.isSymLink())
        return false;
    const QStringList entries = QDir(directory).entryList(QDir::AllEntries | QDir::Hidden |
                                                          QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries)
        if (!ours.contains(entry) || QFileInfo(QDir(directory).filePath(entry)).isDir())
            return false;
    return true;
}

QString swapInFolder(const QString &directory,
                     const std::vector<std::pair<QString, QByteArray>> &files)
{
    const QFileInfo info(directory);
    const QString target = info.absoluteFilePath();
    const QDir parent(info.absolutePath());
    const QString name = info.fileName();
    removeLeftovers(parent, name);

    const QString prefix = QStringLiteral(".%1.pelab-new-%2-").arg(name).arg(getpid());
    QTemporaryDir staging(parent.filePath(prefix + QStringLiteral("XXXXXX")));
    if (!staging.isValid())
        return QStringLiteral("cannot write %1: %2").arg(directory, staging.errorString());
    for (const auto &[file, bytes] : files)
        if (QString error = writeWhole(staging.filePath(file), bytes); !error.isEmpty())
            return QStringLiteral("cannot write %1: %2").arg(QDir(directory).filePath(file), error);

    const QByteArray from = QFile::encodeName(staging.path());
    const QByteArray to = QFile::encodeName(target);
    struct stat old {};
    if (::stat(to.constData(), &old) != 0) {
        // A new folder: one rename makes it appear whole, with a new folder's permissions.
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::chmod(from.constData(), 0777 & ~mask);
        if (::rename(from.constData(), to.constData()) != 0)
            return QStringLiteral("cannot create %1: %2").arg(directory, reason(errno));
        staging.setAutoRemove(false);
        return {};
    }
    ::chmod(from.constData(), old.st_mode & 07777); // the folder keeps its permissions
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_EXCHANGE) == 0) {
        // The staging path now holds the old contents; QTemporaryDir removes them.
        return {};
    }
    if (errno != EINVAL && errno != ENOSYS)
        return QStringLiteral("cannot replace %1: %2").arg(directory, reason(errno));
    // No exchange on this filesystem: two renames. Between them the folder is briefly
    // absent, with its old contents whole in the hidden folder beside it.
    const QString aside = parent.filePath(QStringLiteral(".%1.pelab-old-%2-%3")
                                              .arg(name)
                                              .arg(getpid())
                                              .arg(QFileInfo(staging.path()).fileName().right(6)));
    const QByteArray asideName = QFile::encodeName(aside);
    if (::rename(to.constData(), asideName.constData()) != 0)
        return QStringLiteral("cannot replace %1: %2").arg(directory, reason(errno));
    if (::rename(from.constData(), to.constData()) != 0) {
        const int code = errno;
        ::rename(asideName.constData(), to.constData()); // put the old one back
        return QStringLiteral("cannot replace %1: %2").arg(directory, reason(code));
    }
    staging.setAutoRemove(false);
    QDir(aside).removeRecursively();
    return {};
}

} // namespace pelab
