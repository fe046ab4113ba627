// SPDX-License-Identifier: MIT
#include "export/ReproduceScript.h"

#include "export/ReproduceSections.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pelab {

namespace {

constexpr int commentWidth = 88; // the width black and most Python style guides use

// The words of `paragraph`, with each `code span` kept whole so no line breaks inside it.
QStringList wrapUnits(const QString &paragraph)
{
    QStringList units;
    bool inCode = false;
    for (const QString &word : paragraph.simplified().split(QLatin1Char(' '))) {
        if (inCode)
            units.last() += QLatin1Char(' ') + word;
        else
            units << word;
        if (word.count(QLatin1Char('`')) % 2 == 1)
            inCode = !inCode;
    }
    return units;
}

// `text` as '#' comment lines: paragraphs re-wrapped, verbatim lines (indented by 4) kept.
QString asComment(const QString &text)
{
    QString out;
    const QStringList paragraphs = text.split(QStringLiteral("\n\n"));
    for (qsizetype p = 0; p < paragraphs.size(); ++p) {
        if (p > 0)
            out += QStringLiteral("#\n");
        const QString &paragraph = paragraphs[p];
        if (paragraph.startsWith(QStringLiteral("    ")) ||
            paragraph.contains(QStringLiteral("\n    "))) {
            for (const QString &line : paragraph.split(QLatin1Char('\n')))
                out += (line.isEmpty() ? QStringLiteral("#") : QStringLiteral("# ") + line) +
                       QLatin1Char('\n');
            continue;
        }
        QString line = QStringLiteral("#");
        for (const QString &word : wrapUnits(paragraph)) {
            if (line.size() > 1 && line.size() + 1 + word.size() > commentWidth) {
                out += line + QLatin1Char('\n');
                line = QStringLiteral("#");
            }
            line += QLatin1Char(' ') + word;
        }
        out += line + QLatin1Char('\n');
    }
    return out;
}

// Notebook sources are lists of lines, each keeping its newline except the last.
QJsonArray sourceLines(const QString &text)
{
    QJsonArray lines;
    const QStringList parts = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < parts.size(); ++i)
        lines.append(i + 1 < parts.size() ? parts[i] + QLatin1Char('\n') : parts[i]);
    return lines;
}

QJsonObject cell(const QString &type, const QString &id, const QString &source)
{
    QJsonObject cell{{QStringLiteral("cell_type"), type},
                     {QStringLiteral("id"), id},
                     {QStringLiteral("metadata"), QJsonObject()},
                     {QStringLiteral("source"), sourceLines(source)}};
    if (type == QLatin1String("code")) {
        cell[QStringLiteral("execution_count")] = QJsonValue::Null;
        cell[QStringLiteral("outputs")] = QJsonArray();
    }
    return cell;
}

} // namespace

QByteArray reproduceScript(const TrainingConfig &config, const QStringList &printedLines)
{
    QString out;
    bool first = true;
    for (const ScriptSection &section : reproduceSections(config, printedLines)) {
        if (first) {
            out += QStringLiteral("# %1\n#\n").arg(section.title);
        } else {
            const QString rule = QStringLiteral("# -- %1 ").arg(section.title);
            out += QStringLiteral("\n\n") + rule +
                   QString(qMax(0, int(commentWidth - rule.size())), QLatin1Char('-')) +
                   QStringLiteral("\n#\n");
        }
        first = false;
        out += asComment(section.text);
        if (!section.code.isEmpty())
            out += QLatin1Char('\n') + section.code + QLatin1Char('\n');
    }
    return out.toUtf8();
}

QByteArray reproduceNotebook(const TrainingConfig &config, const QStringList &printedLines)
{
    QJsonArray cells;
    bool first = true;
    for (const ScriptSection &section : reproduceSections(config, printedLines)) {
        const QString heading = first ? QStringLiteral("# ") : QStringLiteral("## ");
        first = false;
        cells.append(cell(QStringLiteral("markdown"), section.id + QStringLiteral("-text"),
                          heading + section.title + QStringLiteral("\n\n") + section.text));
        if (!section.code.isEmpty())
            cells.append(
                cell(QStringLiteral("code"), section.id + QStringLiteral("-code"), section.code));
    }
    const QJsonObject kernelspec{{QStringLiteral("display_name"), QStringLiteral("Python 3")},
                                 {QStringLiteral("language"), QStringLiteral("python")},
                                 {QStringLiteral("name"), QStringLiteral("python3")}};
    const QJsonObject languageInfo{{QStringLiteral("name"), QStringLiteral("python")}};
    const QJsonObject notebook{
        {QStringLiteral("cells"), cells},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("kernelspec"), kernelspec},
                                                 {QStringLiteral("language_info"), languageInfo}}},
        {QStringLiteral("nbformat"), 4},
        {QStringLiteral("nbformat_minor"), 5}};
    return QJsonDocument(notebook).toJson(QJsonDocument::Indented);
}

} // namespace pelab
