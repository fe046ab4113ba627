// SPDX-License-Identifier: MIT
#include "CgroupMemory.h"

#include <QDir>
#include <QFile>
#include <QStringList>

#include <algorithm>

namespace pelab {

namespace {

std::optional<double> readLimit(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool ok = false;
    const double value = file.read(64).trimmed().toDouble(&ok); // "max" is not a number
    // cgroup v1 writes "unlimited" as the largest page-aligned 63-bit number.
    if (!ok || value <= 0 || value >= 0x1p62)
        return std::nullopt;
    return value;
}

// The smallest limit in `group` and its ancestors, each found at root/<dir>/<file>. A group
// inside a namespace may not be visible under the mount: only the levels that exist count.
std::optional<double> smallestOnThePath(const QString &mount, QString group, const QString &file)
{
    std::optional<double> smallest;
    while (true) {
        const QString directory = QDir::cleanPath(mount + QLatin1Char('/') + group);
        if (const auto limit = readLimit(directory + QLatin1Char('/') + file))
            smallest = smallest ? std::min(*smallest, *limit) : *limit;
        if (group.isEmpty() || group == QLatin1String("/"))
            break;
        group = group.left(std::max<qsizetype>(0, group.lastIndexOf(QLatin1Char('/'))));
    }
    return smallest;
}

} // namespace

std::optional<double> cgroupMemoryLimitBytes(const QString &procSelfCgroup, const QString &root)
{
    QFile file(procSelfCgroup);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    std::optional<double> smallest;
    const auto take = [&](std::optional<double> limit) {
        if (limit)
            smallest = smallest ? std::min(*smallest, *limit) : *limit;
    };
    // Lines are "ID:CONTROLLERS:PATH": "0::/path" for v2, "4:memory:/path" for v1's memory.
    for (const QByteArray &line : file.read(1 << 16).split('\n')) {
        const QList<QByteArray> parts = line.split(':');
        if (parts.size() < 3)
            continue;
        const QString path = QString::fromUtf8(line.mid(parts[0].size() + parts[1].size() + 2));
        if (parts[0] == "0" && parts[1].isEmpty())
            take(smallestOnThePath(root, path, QStringLiteral("memory.max")));
        else if (parts[1].split(',').contains("memory"))
            take(smallestOnThePath(root + QStringLiteral("/memory"), path,
                                   QStringLiteral("memory.limit_in_bytes")));
    }
    return smallest;
}

} // namespace pelab
