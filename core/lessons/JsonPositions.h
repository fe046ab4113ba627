// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

namespace pelab {

// Where each value of a JSON text starts, by path: "" is the whole document, "title" a key
// of the top object, "runs[1].settings.norm" a key inside an array's object. QJsonDocument
// keeps no positions, so a file's reader uses this to say on which line a value it refuses
// stands. `bytes` must be valid JSON (parse it with QJsonDocument first).
class JsonPositions {
public:
    explicit JsonPositions(const QByteArray &bytes);

    // The 1-based line of the value at `path`, or of the nearest enclosing value found.
    int line(const QString &path) const;
    // Keys given twice in one object (QJsonObject keeps only the last), by path.
    const QStringList &repeated() const { return m_repeated; }

private:
    QHash<QString, int> m_lines;
    QStringList m_repeated;
};

// "runs[1]" and "runs[1].settings": paths built the way JsonPositions names them.
QString jsonChild(const QString &path, const QString &key);
QString jsonChild(const QString &path, int index);

} // namespace pelab
