// SPDX-License-Identifier: MIT
// Export from the real window: File > Export all through the dialog seam, and a config
// dropped onto the window.
#include "ExportController.h"
#include "FileDialogs.h"
#include "HyperparameterPanel.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "Trainer.h"
#include "UiTestSupport.h"

#include <QAction>
#include <QDir>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pelab;
using namespace pelab::test;

class TestMainWindowExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void exportAllFromTheFileMenuWritesTheFullSet();
    void exportIsDisabledUntilThereIsARun();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindowExport::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useSettingsIn(m_settingsDir.path());
}

void TestMainWindowExport::exportAllFromTheFileMenuWritesTheFullSet()
{
    MainWindow window;
    window.setSaveSettingsOnClose(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(window.trainer(), &Trainer::finished);
    action(&window, "startAction")->trigger();
    QVERIFY(finished.wait(60000));

    QTemporaryDir dir;
    const QString out = dir.filePath("export");
    FileDialogs::instance()->setNextDirectory(out);
    QAction *exportAll = action(&window, "exportAllAction");
    QVERIFY(exportAll);
    QTRY_VERIFY(exportAll->isEnabled());
    // It is reachable from the File menu, where a user finds it.
    QVERIFY(window.menuBar()->actions().first()->menu()->actions().contains(exportAll));
    exportAll->trigger();

    QStringList expected = {"loss.csv",       "validation.csv", "extrapolation.csv",
                            "grad_norms.csv", "state_dict.pt",  "embeddings.csv",
                            "embeddings.npy", "embeddings.pt",  "embeddings.json",
                            "config.json",    "reproduce.py",   "reproduce.ipynb"};
    for (const char *stem : {"loss", "embeddings", "similarity", "profile"})
        for (const char *format : {"png", "svg", "pdf"})
            expected << QStringLiteral("%1.%2").arg(stem, format);
    QTRY_VERIFY(QFileInfo::exists(QDir(out).filePath("reproduce.ipynb")));
    QStringList written = QDir(out).entryList(QDir::Files);
    written.sort();
    expected.sort();
    QCOMPARE(written, expected);
}

void TestMainWindowExport::exportIsDisabledUntilThereIsARun()
{
    MainWindow window;
    window.setSaveSettingsOnClose(false);
    QVERIFY(action(&window, "exportAllAction"));
    QVERIFY(!action(&window, "exportAllAction")->isEnabled());
    QVERIFY(!action(&window, "exportScriptAction")->isEnabled());
}

QTEST_MAIN(TestMainWindowExport)
#include "tst_mainwindowexport.moc"
