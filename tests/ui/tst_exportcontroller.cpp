// SPDX-License-Identifier: MIT
// The window's export of a whole run, driven as a user does: actions found by objectName,
// folders answered through the FileDialogs seam, real Trainer runs. Export all writes the
// full set or nothing; a run the script cannot replay comes with NOTES.txt.
#include "ConfigJson.h"
#include "ExportTestSupport.h"
#include "MessageBanner.h"
#include "RunExport.h"
#include "UiTestSupport.h"
#include "figures/FigureRenderer.h"

#include <QImageReader>
#include <QStatusBar>
#include <QtTest>

using namespace pelab;
using namespace pelab::test;

namespace {

// The files of Export all: the run's data and script, and each figure in three formats.
QStringList fullSet()
{
    QStringList names = runFileNames(TrainingConfig());
    for (const char *stem : {"loss", "embeddings", "similarity", "profile"})
        for (const char *format : {"png", "svg", "pdf"})
            names << QStringLiteral("%1.%2").arg(QLatin1String(stem), QLatin1String(format));
    names.sort();
    return names;
}

} // namespace

class TestExportController : public QObject {
    Q_OBJECT
private slots:
    void init() { m_f = std::make_unique<ExportFixture>(); }
    void cleanup()
    {
        m_f.reset();
        FileDialogs::instance()->clearNext();
    }
    void actionsWaitForRunData();
    void exportAllWritesTheFullSet();
    void cancelledFolderDialogWritesNothing();
    void unwritableDestinationLeavesNothing_data();
    void unwritableDestinationLeavesNothing();
    void stoppedRunExportsANote();
    void earlierExportIsNeverReplacedUnasked();
    void scriptExportWritesScriptAndNotebook();
    void messagesReachBannerAndStatusBar();

private:
    std::unique_ptr<ExportFixture> m_f;
};

void TestExportController::actionsWaitForRunData()
{
    const char *names[] = {"exportAllAction",     "exportScriptAction",  "exportLossAction",
                           "exportHeatmapAction", "exportProfileAction", "exportSimilarityAction"};
    for (const char *name : names) {
        QVERIFY2(action(m_f->window.get(), name), name);
        QVERIFY2(!action(m_f->window.get(), name)->isEnabled(), name);
    }
    QVERIFY(m_f->runToEnd());
    for (const char *name : names)
        QVERIFY2(action(m_f->window.get(), name)->isEnabled(), name);
    // Triggered with nothing to export (after Reset), they write nothing.
    m_f->exporter->recorder()->clear();
    for (const char *name : names)
        QVERIFY2(!action(m_f->window.get(), name)->isEnabled(), name);
    QVERIFY(!m_f->exporter->exportAll(m_f->dir.filePath("after-reset")));
    QVERIFY(!QFileInfo::exists(m_f->dir.filePath("after-reset")));
}

void TestExportController::exportAllWritesTheFullSet()
{
    QVERIFY(m_f->runToEnd());
    const QString folder = m_f->dir.filePath("run");
    QSignalSpy exported(m_f->exporter, &ExportController::exported);
    QSignalSpy failed(m_f->exporter, &ExportController::failed);
    FileDialogs::instance()->setNextDirectory(folder);
    action(m_f->window.get(), "exportAllAction")->trigger();

    QCOMPARE(failed.count(), 0);
    QCOMPARE(exported.count(), 1);
    QCOMPARE(filesIn(folder), fullSet());
    QCOMPARE(exported.at(0).at(0).toString(),
             QStringLiteral("Exported %1 files to %2").arg(fullSet().size()).arg(folder));
    QVERIFY(exported.at(0).at(1).toString().isEmpty()); // a complete run needs no note

    const RunRecord &record = m_f->exporter->recorder()->record();
    QCOMPARE(readFile(folder + "/loss.csv"), lossCsv(record.losses));
    QCOMPARE(readFile(folder + "/embeddings.csv"), embeddingsCsv(record.embedding));
    const ConfigLoadResult loaded = loadConfigFile(folder + "/config.json");
    QVERIFY2(loaded.config, qPrintable(loaded.errors.join('\n')));
    QVERIFY(*loaded.config == smallRun());
    const FigureData data = figureDataFor(record);
    for (FigureKind kind : figureKindsFor(data)) {
        const QString stem = folder + QLatin1Char('/') + figureFileStem(kind);
        QCOMPARE(QImageReader(stem + ".png").size(), defaultFigurePixels(kind, data));
        QVERIFY(readFile(stem + ".pdf").startsWith("%PDF-"));
        QVERIFY(readFile(stem + ".svg").contains("<svg"));
    }
}

void TestExportController::cancelledFolderDialogWritesNothing()
{
    QVERIFY(m_f->runToEnd());
    QSignalSpy exported(m_f->exporter, &ExportController::exported);
    QSignalSpy failed(m_f->exporter, &ExportController::failed);
    FileDialogs::instance()->setNextDirectory(QString());
    action(m_f->window.get(), "exportAllAction")->trigger();
    FileDialogs::instance()->setNextDirectory(QString());
    action(m_f->window.get(), "exportScriptAction")->trigger();
    QCOMPARE(exported.count() + failed.count(), 0);
    QVERIFY(tree(m_f->dir.path()).isEmpty());
}

void TestExportController::unwritableDestinationLeavesNothing_data()
{
    QTest::addColumn<QString>("folder");  // relative to the temporary folder
    QTest::addColumn<QString>("blocked"); // the path the message must name
    // A regular file where a folder would go: no folder can be made under it (as root too).
    QTest::newRow("under a regular file") << "file.txt/run"
                                          << "file.txt/run";
    // A folder where one of the files would go: the others must not be written either.
    QTest::newRow("a file's name taken") << "existing"
                                         << "existing/similarity.pdf";
}

void TestExportController::unwritableDestinationLeavesNothing()
{
    QFETCH(QString, folder);
    QFETCH(QString, blocked);
    QVERIFY(m_f->runToEnd());
    QFile file(m_f->dir.filePath("file.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a folder\n");
    file.close();
    QVERIFY(QDir().mkpath(m_f->dir.filePath("existing/similarity.pdf")));
    const QStringList before = tree(m_f->dir.path());

    QSignalSpy exported(m_f->exporter, &ExportController::exported);
    QSignalSpy failed(m_f->exporter, &ExportController::failed);
    FileDialogs::instance()->setNextDirectory(m_f->dir.filePath(folder));
    action(m_f->window.get(), "exportAllAction")->trigger();
    QCOMPARE(exported.count(), 0);
    QCOMPARE(failed.count(), 1);
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains(m_f->dir.filePath(blocked)), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String(": ")), qPrintable(message)); // and the reason
    QCOMPARE(tree(m_f->dir.path()), before);
}

void TestExportController::stoppedRunExportsANote()
{
    QVERIFY(m_f->runAndStop());
    const QString folder = m_f->dir.filePath("stopped");
    QSignalSpy exported(m_f->exporter, &ExportController::exported);
    FileDialogs::instance()->setNextDirectory(folder);
    action(m_f->window.get(), "exportAllAction")->trigger();
    QCOMPARE(exported.count(), 1);
    const QString message = exported.at(0).at(0).toString();
    const QString note = exported.at(0).at(1).toString();
    QVERIFY2(message.endsWith(QStringLiteral(", with NOTES.txt")), qPrintable(message));
    QVERIFY2(note.contains(QStringLiteral("started with, 30 epochs at lr 0.01")), qPrintable(note));
    QVERIFY2(note.contains(QStringLiteral("was stopped at step 4 of 300")), qPrintable(note));
    QVERIFY2(note.contains(QStringLiteral("0.1 from step 4")), qPrintable(note));

    // NOTES.txt, and lr_schedule.csv for the rate set at step 4.
    QStringList expected = fullSet() << "NOTES.txt"
                                     << "lr_schedule.csv";
    expected.sort();
    QCOMPARE(filesIn(folder), expected);
    const QString notes = QString::fromUtf8(readFile(folder + "/NOTES.txt"));
    QVERIFY(notes.startsWith(QStringLiteral("PE Lab export notes\n\n")));
    QCOMPARE(notes.simplified(), (QStringLiteral("PE Lab export notes ") + note).simplified());
    for (const QString &line : notes.split(QLatin1Char('\n')))
        QVERIFY2(line.size() <= 78, qPrintable(line));
    // The exported config is the run's start: the lr change is in the note, not in it.
    const ConfigLoadResult loaded = loadConfigFile(folder + "/config.json");
    QVERIFY(loaded.config);
    QCOMPARE(loaded.config->learningRate, 0.01);
    QCOMPARE(loaded.config->epochs, std::int64_t(30));
    QCOMPARE(readFile(folder + "/loss.csv").count('\n'), 5);

    // A complete run exported into the same folder (the user asked, and chose Replace)
    // takes the stale note away.
    QVERIFY(m_f->runToEnd());
    FileDialogs::instance()->setNextDirectory(folder);
    FileDialogs::instance()->setNextExistingAnswer(FileDialogs::Existing::Replace);
    action(m_f->window.get(), "exportAllAction")->trigger();
    QCOMPARE(exported.count(), 2);
    QVERIFY(exported.at(1).at(1).toString().isEmpty());
    QCOMPARE(filesIn(folder), fullSet());
}

void TestExportController::earlierExportIsNeverReplacedUnasked()
{
    QVERIFY(m_f->runToEnd());
    const QString folder = m_f->dir.filePath("twice");
    QVERIFY(m_f->exporter->exportAll(folder));
    const QByteArray before = readFile(folder + "/loss.csv");
    QSignalSpy exported(m_f->exporter, &ExportController::exported);
    QSignalSpy failed(m_f->exporter, &ExportController::failed);
    // Unanswered (nobody can click on the offscreen platform): Cancel, nothing touched.
    QVERIFY(m_f->runAndStop());
    QVERIFY(!m_f->exporter->exportAll(folder));
    QCOMPARE(exported.count() + failed.count(), 0);
    QCOMPARE(readFile(folder + "/loss.csv"), before);
    QCOMPARE(filesIn(folder), fullSet());
    // New Folder: the second run lands in a folder of its own inside, the first stays.
    FileDialogs::instance()->setNextExistingAnswer(FileDialogs::Existing::NewFolder);
    QVERIFY(m_f->exporter->exportAll(folder));
    QCOMPARE(readFile(folder + "/loss.csv"), before);
    const QStringList runs = QDir(folder).entryList({QStringLiteral("run-*")}, QDir::Dirs);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(filesIn(folder + QLatin1Char('/') + runs.first()).size(),
             fullSet().size() + 2); // NOTES.txt and lr_schedule.csv
    QVERIFY(exported.last().at(0).toString().contains(runs.first()));
    // One figure onto an existing file: kept unless the user says Replace.
    const QString png = folder + QStringLiteral("/loss.png");
    const QByteArray figure = readFile(png);
    QString error = QStringLiteral("unset");
    QVERIFY(!m_f->exporter->exportFigure(FigureKind::Loss, {png, FigureFormat::Png, {800, 600}},
                                         &error));
    QVERIFY(error.isEmpty());
    QCOMPARE(readFile(png), figure);
    FileDialogs::instance()->setNextExistingAnswer(FileDialogs::Existing::Replace);
    QVERIFY(m_f->exporter->exportFigure(FigureKind::Loss, {png, FigureFormat::Png, {800, 600}},
                                        &error));
    QCOMPARE(QImageReader(png).size(), QSize(800, 600));
}

void TestExportController::scriptExportWritesScriptAndNotebook()
{
    QVERIFY(m_f->runToEnd());
    const QString folder = m_f->dir.filePath("script");
    QSignalSpy exported(m_f->exporter, &ExportController::exported);
    FileDialogs::instance()->setNextDirectory(folder);
    action(m_f->window.get(), "exportScriptAction")->trigger();
    QCOMPARE(exported.count(), 1);
    QCOMPARE(filesIn(folder), (QStringList{"reproduce.ipynb", "reproduce.py"}));
    QCOMPARE(exported.at(0).at(0).toString(),
             QStringLiteral("Exported reproduce.py and reproduce.ipynb to %1").arg(folder));
    QVERIFY(readFile(folder + "/reproduce.py").contains("Epoch 3, Loss: "));

    QVERIFY(m_f->runAndStop());
    FileDialogs::instance()->setNextDirectory(folder);
    FileDialogs::instance()->setNextExistingAnswer(FileDialogs::Existing::Replace);
    action(m_f->window.get(), "exportScriptAction")->trigger();
    QCOMPARE(filesIn(folder), (QStringList{"NOTES.txt", "reproduce.ipynb", "reproduce.py"}));
    QVERIFY(!exported.last().at(1).toString().contains(QStringLiteral("loss.csv")));
}

void TestExportController::messagesReachBannerAndStatusBar()
{
    auto *banner = new MessageBanner;
    m_f->window->setCentralWidget(banner);
    m_f->exporter->showMessagesIn(banner, m_f->window->statusBar());
    m_f->window->show();
    QVERIFY(m_f->runAndStop());
    QFile file(m_f->dir.filePath("file.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    QVERIFY(!m_f->exporter->exportAll(m_f->dir.filePath("file.txt/run")));
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QStringLiteral("Export failed")));
    QVERIFY(banner->text().contains(m_f->dir.filePath("file.txt/run")));

    QVERIFY(m_f->exporter->exportAll(m_f->dir.filePath("run")));
    QCOMPARE(m_f->window->statusBar()->currentMessage(),
             QStringLiteral("Exported %1 files to %2, with NOTES.txt")
                 .arg(fullSet().size() + 2) // NOTES.txt and lr_schedule.csv
                 .arg(m_f->dir.filePath("run")));
    QVERIFY(banner->text().contains(QStringLiteral("was stopped at step 4")));
    saveShot(m_f->window.get(), QStringLiteral("export-note-banner"));
}

QTEST_MAIN(TestExportController)
#include "tst_exportcontroller.moc"
