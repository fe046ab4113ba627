// SPDX-License-Identifier: MIT
#include "export/ReproduceScript.h"

#include "TrainingSession.h"
#include "config/ConfigFields.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtGlobal>

namespace pelab {

namespace {

// The source's RUN_ARGS line, which the generator replaces, and its cell markers.
const QLatin1String runArgsPrefix("RUN_ARGS = None");
const QLatin1String runArgsLine("RUN_ARGS = None  # pelab: the run's flags");
const QLatin1String cellMarker("# %% [markdown] ");
constexpr int lineWidth = 99; // pelab_family.py's own limit

QString familySource()
{
    QFile file(QStringLiteral(":/python/pelab_family.py"));
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("reproduce: the embedded pelab_family.py is missing");
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

// A Python string literal: double quotes, backslash escapes for what needs them.
QString pythonString(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('"'))
            out += QLatin1Char('\\') + QString(c);
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + QLatin1Char('"');
}

// The RUN_ARGS line for `flags`, keeping the source line's comment; wrapped (a flag and its
// value on one line) when it does not fit.
QString runArgsCode(const QStringList &flags, const QString &comment)
{
    QStringList units; // "--layers", "2"
    for (const QString &flag : flags) {
        if (units.isEmpty() || flag.startsWith(QLatin1String("--")))
            units << pythonString(flag);
        else
            units.last() += QStringLiteral(", ") + pythonString(flag);
    }
    const QString oneLine = QStringLiteral("RUN_ARGS = [%1]%2").arg(units.join(", "), comment);
    if (oneLine.size() <= lineWidth)
        return oneLine;
    QString code = QStringLiteral("RUN_ARGS = [") + comment + QLatin1Char('\n');
    QString line = QStringLiteral("   ");
    for (const QString &unit : units) {
        if (line.size() > 3 && line.size() + 2 + unit.size() > lineWidth) {
            code += line + QLatin1Char('\n');
            line = QStringLiteral("   ");
        }
        line += QLatin1Char(' ') + unit + QLatin1Char(',');
    }
    return code + line + QStringLiteral("\n]");
}

// The source's lines with RUN_ARGS set to the run's flags.
QStringList sourceWithRunArgs(const QStringList &flags)
{
    QStringList lines = familySource().split(QLatin1Char('\n'));
    int found = 0;
    for (QString &line : lines) {
        if (!line.startsWith(runArgsLine))
            continue;
        line = runArgsCode(flags, line.mid(runArgsPrefix.size()));
        ++found;
    }
    if (found != 1)
        qWarning("reproduce: pelab_family.py has %d lines '%s', not one", found,
                 runArgsLine.data());
    return lines;
}

QString flagsText(const QStringList &flags)
{
    return flags.isEmpty() ? QStringLiteral("none, so the seed notebook's defaults")
                           : QLatin1Char('`') + flags.join(QLatin1Char(' ')) + QLatin1Char('`');
}

// What PE Lab ran with, which the reproduction needs to match digit for digit.
QString torchSetup()
{
    const QString blas = blasName();
    return blas == QLatin1String("unknown")
               ? QStringLiteral("LibTorch %1").arg(torchVersion())
               : QStringLiteral("LibTorch %1 with the %2 BLAS").arg(torchVersion(), blas);
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

// One `# %% [markdown]` part of the source: its paragraph and the code up to the next marker.
struct SourceCell {
    QString text;
    QStringList code;
};

// Lines before the first marker (shebang, licence) belong to no cell.
std::vector<SourceCell> sourceCells(const QStringList &lines)
{
    std::vector<SourceCell> cells;
    for (const QString &line : lines) {
        if (line.startsWith(cellMarker))
            cells.push_back({line.mid(cellMarker.size()).trimmed(), {}});
        else if (!cells.empty())
            cells.back().code << line;
    }
    for (SourceCell &cell : cells) {
        while (!cell.code.isEmpty() && cell.code.last().trimmed().isEmpty())
            cell.code.removeLast();
        while (!cell.code.isEmpty() && cell.code.first().trimmed().isEmpty())
            cell.code.removeFirst();
    }
    return cells;
}

} // namespace

namespace {

// The run's flags: its settings, then the learning rates set during it.
QStringList runFlags(const TrainingConfig &config, const std::vector<LearningRateChange> &changes)
{
    return trainFlags(config) + learningRateFlags(changes);
}

} // namespace

QByteArray reproduceScript(const TrainingConfig &config, const QStringList &printedLines,
                           const std::vector<LearningRateChange> &learningRateChanges)
{
    const QStringList flags = runFlags(config, learningRateChanges);
    QStringList source = sourceWithRunArgs(flags);
    QString out;
    if (!source.isEmpty() && source.first().startsWith(QLatin1String("#!")))
        out += source.takeFirst() + QLatin1Char('\n');
    out += QStringLiteral("# Reproduce a PE Lab run in PyTorch.\n"
                          "#\n"
                          "# This is PE Lab's model family, tasks and training loop in plain "
                          "PyTorch, set to the run's\n"
                          "# flags (RUN_ARGS below). It trains the same model on the same data and "
                          "prints PE Lab's\n"
                          "# lines digit for digit, given the same PyTorch and BLAS library.\n"
                          "# PE Lab ran %1.\n")
               .arg(torchSetup());
    if (!printedLines.isEmpty()) {
        out += QStringLiteral("#\n# PE Lab printed:\n");
        for (const QString &line : printedLines)
            out += QStringLiteral("#     ") + line + QLatin1Char('\n');
    }
    out +=
        QStringLiteral("#\n"
                       "# Run it with:  python3 reproduce.py\n"
                       "# Flags after it override RUN_ARGS (--help lists them). The `# %%` lines "
                       "divide the file\n"
                       "# into the cells of reproduce.ipynb.\n"
                       "\n");
    out += source.join(QLatin1Char('\n'));
    return out.toUtf8();
}

QByteArray reproduceNotebook(const TrainingConfig &config, const QStringList &printedLines,
                             const std::vector<LearningRateChange> &learningRateChanges)
{
    const QStringList flags = runFlags(config, learningRateChanges);
    QString intro =
        QStringLiteral(
            "# Reproduce a PE Lab run in PyTorch\n"
            "\n"
            "This notebook is PE Lab's model family, tasks and training loop in plain PyTorch, set "
            "to the run's flags (`RUN_ARGS` in the first code cell: %1). Run all cells in order: "
            "the last one trains the model and prints PE Lab's lines digit for digit, given the "
            "same PyTorch and BLAS library (PE Lab ran %2).")
            .arg(flagsText(flags), torchSetup());
    if (!printedLines.isEmpty()) {
        intro += QStringLiteral("\n\nPE Lab printed:\n\n");
        for (const QString &line : printedLines)
            intro += QStringLiteral("    ") + line + QLatin1Char('\n');
        intro.chop(1);
    }
    QJsonArray cells{cell(QStringLiteral("markdown"), QStringLiteral("intro"), intro)};
    int part = 0;
    for (const SourceCell &source : sourceCells(sourceWithRunArgs(flags))) {
        const QString id = QStringLiteral("part-%1").arg(++part);
        cells.append(cell(QStringLiteral("markdown"), id + QStringLiteral("-text"), source.text));
        if (!source.code.isEmpty())
            cells.append(cell(QStringLiteral("code"), id + QStringLiteral("-code"),
                              source.code.join(QLatin1Char('\n'))));
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
