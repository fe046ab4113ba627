// SPDX-License-Identifier: MIT
#include "ComparisonFolder.h"

#include "AtomicWrite.h"
#include "ComparisonExport.h"
#include "figures/FigureWriter.h"
#include "figures/SmallMultiples.h"
#include "run/Variants.h"

#include <QDir>

#include <iterator>

namespace pelab {

namespace {

using FileSet = std::vector<std::pair<QString, QByteArray>>;

// The size of a comparison's figures, in PNG pixels (an 800 x 500 layout).
const QSize comparisonPixels(1600, 1000);

QStringList comparisonOutputNames()
{
    QStringList stems;
    for (const ComparisonChart chart : allComparisonCharts())
        stems << comparisonChartStem(chart);
    for (const FigureKind kind : smallMultipleKinds())
        stems << figureFileStem(kind);
    QStringList names = comparisonCsvNames();
    for (const QString &stem : stems)
        for (const QString &format : figureFormatNames())
            names << stem + QLatin1Char('.') + format;
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
        for (const ComparisonChart chart : comparisonChartsFor(data))
            if (!appendDrawingFiles(comparison, comparisonChartStem(chart),
                                    comparisonDrawing(chart, data), formats, comparisonPixels,
                                    &error))
                return QStringLiteral("comparison: ") + error;
        for (const FigureKind kind : smallMultipleKindsFor(data))
            if (!appendDrawingFiles(comparison, figureFileStem(kind),
                                    smallMultiplesDrawing(kind, data), formats, comparisonPixels,
                                    &error))
                return QStringLiteral("comparison: ") + error;
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
