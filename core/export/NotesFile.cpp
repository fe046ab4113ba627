// SPDX-License-Identifier: MIT
#include "export/NotesFile.h"

#include <QDir>
#include <QFile>
#include <QStringList>

namespace pelab {

namespace {

constexpr const char *notesHeader = "PE Lab export notes";

} // namespace

QByteArray notesText(const QString &note)
{
    QString out = QLatin1String(notesHeader) + QStringLiteral("\n\n");
    int column = 0;
    for (const QString &word : note.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (column > 0 && column + 1 + word.size() > 78) {
            out += QLatin1Char('\n');
            column = 0;
        } else if (column > 0) {
            out += QLatin1Char(' ');
            ++column;
        }
        out += word;
        column += int(word.size());
    }
    return (out + QLatin1Char('\n')).toUtf8();
}

void removeStaleNotes(const QString &folder)
{
    QFile file(QDir(folder).filePath(QLatin1String(notesFileName)));
    if (file.open(QIODevice::ReadOnly) && file.readLine().trimmed() == notesHeader) {
        file.close();
        file.remove();
    }
}

} // namespace pelab
