// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace pelab {

// The memory limit of the control group this process runs in, in bytes: the smallest limit
// on the way from its group up to the root, as cgroup v2 (memory.max) or v1
// (memory/memory.limit_in_bytes) sets it, read from `procSelfCgroup` (/proc/self/cgroup) and
// the hierarchy mounted at `root` (/sys/fs/cgroup). Nothing when no group sets one (v1's
// "unlimited" is a huge number and counts as none) or the files are not there.
std::optional<double>
cgroupMemoryLimitBytes(const QString &procSelfCgroup = QStringLiteral("/proc/self/cgroup"),
                       const QString &root = QStringLiteral("/sys/fs/cgroup"));

} // namespace pelab
