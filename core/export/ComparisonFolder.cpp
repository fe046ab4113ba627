// SPDX-License-Identifier: MIT
#include "ComparisonFolder.h"

#include "AtomicWrite.h"
#include "ComparisonExport.h"
#include "figures/FigureWriter.h"
#include "run/Variants.h"

#include <QDir>

#include <iterator>

namespace pelab {

namespace {

using FileSet = std::vector<std::pair<QString, QByteArray>>;

QStringList comparisonOutputNames()
{
    QStringList names = comparisonCsvNames();
    for (const ComparisonChart chart : allComparisonCharts())
        for (const QString &format : figureFormatNames())
            names << comparisonChartStem(chart) + QLatin1Char('.') + format;
    return names;
}

} // namespace

QString comparisonFolderName()
{
    return QStringLiteral("comparison");
}

QString checkComparisonFolder(const QString &path, const QStringList &runFolders)
{
    const QDir dir(path);
    if (!dir.exists())
        return {};
    QStringList foreign;
    for (const QString &entry :
         dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name))
        if (!runFolders.contains(entry) && entry != comparisonFolderName())
            foreign << entry;
    if (foreign.isEmpty())
        return {};
    return QStringLiteral("%1 already holds %2, which this comparison would not replace; give "
                          "a new or empty folder")
        .arg(path, foreign.size() > 3 ? foreign.mid(0, 3).join(", ") + QStringLiteral(", ...")
                                      : foreign.join(", "));
}

QString writeComparisonFolder(const QString &dir, const ComparisonData &data,
                              const QStringList &states, const QList<FigureFormat> &formats)
{
    std::vector<std::pair<QString, FileSet>> sets;
    for (const ComparedRun &run : data.runs) {
        FileSet files = runFiles(*run.record);
        if (!formats.isEmpty()) {
            QString error;
            FileSet figures = renderFigureFiles(figureDataFor(*run.record), formats, &error);
            if (!error.isEmpty())
                return run.name + QStringLiteral(": ") + error;
            std::move(figures.begin(), figures.end(), std::back_inserter(files));
        }
        sets.emplace_back(runFolderName(run.name), std::move(files));
    }
    FileSet comparison = comparisonCsvFiles(data, states);
    if (!formats.isEmpty()) {
        QString error;
        FileSet figures = renderComparisonFiles(data, formats, &error);
        if (!error.isEmpty())
            return QStringLiteral("comparison: ") + error;
        std::move(figures.begin(), figures.end(), std::back_inserter(comparison));
    }
    sets.emplace_back(comparisonFolderName(), std::move(comparison));
    const QDir out(dir);
    for (const auto &[name, files] : sets) {
        const bool overall = name == comparisonFolderName();
        if (QString error = writeFileSet(out.filePath(name), files, nullptr,
                                         overall ? comparisonOutputNames() : runOutputNames());
            !error.isEmpty())
            return error;
    }
    return {};
}

} // namespace pelab
