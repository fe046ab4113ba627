// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace pelab {

// A set of files that replaces a folder's contents as one: every file is written into a new
// hidden folder beside it (.NAME.pelab-new-PID-XXXXXX), which then takes the folder's place
// in one rename (renameat2's RENAME_EXCHANGE where the filesystem has it, else two renames),
// and the old contents are removed. A kill at any instant leaves the folder with the old set
// or the new, never a mix; what a kill leaves beside it is hidden and removed by the next
// write (its process gone).

// Whether `directory` can be replaced so: it is new, or a real folder (not a link, not a mount
// point, not the working folder or one it is in) holding nothing but names in `ours` (a
// folder of the user's own files is never swapped away), and its parent takes files.
bool canSwapFolder(const QString &directory, const QStringList &ours);

struct SwapResult {
    // Done; Failed (a file could not be written: the disk is full...); NotPossible (the
    // filesystem would not rename it: write the files in place instead).
    enum Outcome { Done, Failed, NotPossible } outcome;
    QString error;
};

// Writes `files` as the whole contents of `directory` (see above). Unless it is Done, the
// folder is as it was.
SwapResult swapInFolder(const QString &directory,
                        const std::vector<std::pair<QString, QByteArray>> &files);

} // namespace pelab
