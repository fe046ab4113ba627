// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace pelab {

// NOTES.txt beside an export whose config.json and reproduce.py do not replay the run
// exactly: the note, wrapped for a text editor, under a header that marks the file as PE Lab's.
inline constexpr const char *notesFileName = "NOTES.txt";
QByteArray notesText(const QString &note);

// Removes a NOTES.txt an earlier export left in `folder` (it would describe another run),
// but only one of PE Lab's: a file of the user's by that name stays.
void removeStaleNotes(const QString &folder);

} // namespace pelab
