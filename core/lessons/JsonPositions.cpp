// SPDX-License-Identifier: MIT
#include "JsonPositions.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pelab {

QString jsonChild(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString jsonChild(const QString &path, int index)
{
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

namespace {

// A single pass over valid JSON, tracking the path of the value being read.
class Walker {
public:
    Walker(const QByteArray &bytes, QHash<QString, int> &lines, QStringList &repeated)
        : m_bytes(bytes)
        , m_lines(lines)
        , m_repeated(repeated)
    {}

    void value(const QString &path)
    {
        skipSpace();
        m_lines.insert(path, m_line);
        if (m_at >= m_bytes.size())
            return;
        const char c = m_bytes[m_at];
        if (c == '{') {
            ++m_at;
            for (;;) {
                skipSpace();
                if (m_at >= m_bytes.size() || m_bytes[m_at] == '}') {
                    ++m_at;
                    return;
                }
                if (m_bytes[m_at] == ',') {
                    ++m_at;
                    continue;
                }
                const QString key = string();
                skipSpace();
                ++m_at; // ':'
                const QString child = jsonChild(path, key);
                if (m_lines.contains(child))
                    m_repeated << child;
                value(child);
            }
        } else if (c == '[') {
            ++m_at;
            for (int index = 0;;) {
                skipSpace();
                if (m_at >= m_bytes.size() || m_bytes[m_at] == ']') {
                    ++m_at;
                    return;
                }
                if (m_bytes[m_at] == ',') {
                    ++m_at;
                    continue;
                }
                value(jsonChild(path, index++));
            }
        } else if (c == '"') {
            string();
        } else {
            while (m_at < m_bytes.size() && !QByteArrayView(",]} \t\r\n").contains(m_bytes[m_at]))
                ++m_at;
        }
    }

private:
    void skipSpace()
    {
        while (m_at < m_bytes.size() && QByteArrayView(" \t\r\n").contains(m_bytes[m_at])) {
            if (m_bytes[m_at] == '\n')
                ++m_line;
            ++m_at;
        }
    }

    // Reads a string at m_at and returns it as JSON decodes it ("l\u0072" is "lr").
    QString string()
    {
        const qsizetype start = m_at;
        bool escaped = false;
        for (++m_at; m_at < m_bytes.size() && m_bytes[m_at] != '"'; ++m_at) {
            if (m_bytes[m_at] == '\\') {
                escaped = true;
                ++m_at;
            }
        }
        ++m_at;
        const QByteArray raw = m_bytes.mid(start, m_at - start);
        if (!escaped)
            return QString::fromUtf8(raw.mid(1, raw.size() - 2));
        return QJsonDocument::fromJson("[" + raw + "]").array().at(0).toString();
    }

    const QByteArray &m_bytes;
    QHash<QString, int> &m_lines;
    QStringList &m_repeated;
    qsizetype m_at = 0;
    int m_line = 1;
};

} // namespace

JsonPositions::JsonPositions(const QByteArray &bytes)
{
    Walker(bytes, m_lines, m_repeated).value(QString());
}

int JsonPositions::line(const QString &path) const
{
    QString p = path;
    for (;;) {
        if (const auto it = m_lines.constFind(p); it != m_lines.constEnd())
            return *it;
        const qsizetype cut =
            std::max(p.lastIndexOf(QLatin1Char('.')), p.lastIndexOf(QLatin1Char('[')));
        if (cut <= 0)
            return m_lines.value(QString(), 1);
        p.truncate(cut);
    }
}

} // namespace pelab
