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

// A real folder (not a link to one) of this user's: the only kind this code ever removes.
bool ownFolder(const QString &path)
{
    struct stat info {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 && S_ISDIR(info.st_mode) &&
           info.st_uid == ::getuid();
}

// Handles what an earlier writer of `name` in `parent` left when it was killed (its process
// gone): a staging folder is removed; an old set moved aside is put back if the folder is
// missing (killed between its two renames), else removed.
void handleLeftovers(const QDir &parent, const QString &name)
{
    const QRegularExpression pattern(
        QStringLiteral("^\\.%1\\.pelab-(new|old)-(\\d+)-").arg(QRegularExpression::escape(name)));
    const QString target = parent.filePath(name);
    for (const QString &entry :
         parent.entryList(QDir::Dirs | QDir::Hidden | QDir::NoSymLinks | QDir::NoDotAndDotDot)) {
        const QRegularExpressionMatch match = pattern.match(entry);
        const QString path = parent.filePath(entry);
        if (!match.hasMatch() || !ownFolder(path))
            continue;
        const pid_t pid = pid_t(match.captured(2).toLongLong());
        if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH)
            continue; // a writer still at work
        if (match.captured(1) == QLatin1String("old") && !QFileInfo::exists(target) &&
            ::rename(QFile::encodeName(path).constData(), QFile::encodeName(target).constData()) ==
                0)
            continue;
        ::chmod(QFile::encodeName(path).constData(), 0700);
        QDir(path).removeRecursively();
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

// Makes a folder's entries durable (the files were synced one by one; their names too).
void syncFolder(const QByteArray &path)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// The permissions a new folder gets (0777 less the umask). umask() cannot be read without
// setting it, process-wide, which would race other threads' files; Linux states it in
// /proc/self/status, and elsewhere a probe folder made inside `inside` shows it. When neither
// works: 0700, private rather than too open.
mode_t newFolderMode(const QString &inside)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly))
        for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine())
            if (line.startsWith("Umask:")) {
                bool ok = false;
                const uint mask = line.mid(6).trimmed().toUInt(&ok, 8);
                if (ok)
                    return 0777 & ~mode_t(mask);
            }
    QTemporaryDir probe(inside + QStringLiteral("/.mode-XXXXXX"));
    if (!probe.isValid())
        return 0700;
    const QByteArray path = QFile::encodeName(probe.path() + QStringLiteral("/d"));
    struct stat made {};
    const bool ok = ::mkdir(path.constData(), 0777) == 0 && ::stat(path.constData(), &made) == 0;
    return ok ? made.st_mode & 0777 : 0700;
}

// Whether `inner` is `outer` or lies inside it.
bool within(const QString &inner, const QString &outer)
{
    return inner == outer || inner.startsWith(outer + QLatin1Char('/'));
}

} // namespace

bool canSwapFolder(const QString &directory, const QStringList &ours)
{
    const QString target = QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
    const QFileInfo info(target);
    const QFileInfo parent(info.absolutePath());
    const QString name = info.fileName();
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String("..") ||
        target == QLatin1String("/") || !parent.isDir() || !parent.isWritable())
        return false;
    // Never the working folder or one it is in: a shell there would be left in a deleted one.
    if (within(QDir::cleanPath(QDir::currentPath()), target))
        return false;
    if (!info.exists(target))
        return !info.isSymLink(); // a dangling link is not a new folder
    // A folder the user made read-only is not to be written: replacing it would bypass that.
    if (!info.isWritable())
        return false;
    struct stat self {
    }, up{};
    if (::lstat(QFile::encodeName(target).constData(), &self) != 0 || !S_ISDIR(self.st_mode) ||
        ::stat(QFile::encodeName(parent.filePath()).constData(), &up) != 0 ||
        self.st_dev != up.st_dev) // a mount point (a container's volume) cannot be renamed
        return false;
    const QStringList entries = QDir(target).entryList(QDir::AllEntries | QDir::Hidden |
                                                       QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries)
        if (!ours.contains(entry) || QFileInfo(QDir(target).filePath(entry)).isDir())
            return false;
    return true;
}

SwapResult swapInFolder(const QString &directory,
                        const std::vector<std::pair<QString, QByteArray>> &files)
{
    const QString target = QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
    const QDir parent(QFileInfo(target).absolutePath());
    const QString name = QFileInfo(target).fileName();
    handleLeftovers(parent, name);
    const QString pid = QString::number(::getpid());

    QTemporaryDir staging(
        parent.filePath(QStringLiteral(".%1.pelab-new-%2-XXXXXX").arg(name, pid)));
    if (!staging.isValid())
        return {SwapResult::NotPossible, staging.errorString()};
    for (const auto &[file, bytes] : files)
        if (QString error = writeWhole(staging.filePath(file), bytes); !error.isEmpty())
            return {
                SwapResult::Failed,
                QStringLiteral("cannot write %1: %2").arg(QDir(directory).filePath(file), error)};

    const QByteArray from = QFile::encodeName(staging.path());
    const QByteArray to = QFile::encodeName(target);
    const QByteArray up = QFile::encodeName(parent.path());
    struct stat old {};
    const bool isNew = ::lstat(to.constData(), &old) != 0;
    const mode_t mode = isNew ? newFolderMode(staging.path()) : old.st_mode & 07777;
    syncFolder(from);
    if (isNew) {
        // A new folder: one rename makes it appear whole, with a new folder's permissions.
        ::chmod(from.constData(), mode);
        if (::rename(from.constData(), to.constData()) != 0)
            return {SwapResult::NotPossible, reason(errno)};
        staging.setAutoRemove(false);
        syncFolder(up);
        return {SwapResult::Done, {}};
    }
    if (!S_ISDIR(old.st_mode))
        return {SwapResult::NotPossible, QStringLiteral("not a folder")};
    ::chmod(from.constData(), mode); // the folder keeps its permissions
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_EXCHANGE) == 0) {
        // The staging path now holds the old contents, which QTemporaryDir removes.
        ::chmod(from.constData(), 0700);
        syncFolder(up);
        return {SwapResult::Done, {}};
    }
    if (errno != EINVAL && errno != ENOSYS)
        return {SwapResult::NotPossible, reason(errno)};
    // No exchange on this filesystem: two renames. Between them the folder is briefly
    // absent, with its old contents whole in the hidden folder beside it (and a later writer
    // puts them back if this one is killed there).
    const QString aside = parent.filePath(
        QStringLiteral(".%1.pelab-old-%2-%3").arg(name, pid, staging.path().right(6)));
    const QByteArray asideName = QFile::encodeName(aside);
    if (::rename(to.constData(), asideName.constData()) != 0)
        return {SwapResult::NotPossible, reason(errno)};
    if (::rename(from.constData(), to.constData()) != 0) {
        const int code = errno;
        ::rename(asideName.constData(), to.constData()); // put the old one back
        return {SwapResult::NotPossible, reason(code)};
    }
    staging.setAutoRemove(false);
    syncFolder(up);
    ::chmod(asideName.constData(), 0700);
    QDir(aside).removeRecursively();
    return {SwapResult::Done, {}};
}

} // namespace pelab
