// SPDX-License-Identifier: MIT
// The window as an application: first launch and restored settings, config files, the help
// dialogs, and the `pelab` command's automation flags and no-display fallback.
#include "HyperparameterPanel.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "Presets.h"
#include "TestSupport.h"
#include "TrainingSession.h"
#include "UiTestSupport.h"

#include <QAction>
#include <QDialog>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <memory>

using namespace pelab;
using namespace pelab::test;

class TestMainWindowApp : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void firstLaunchLoadsSeedPreset();
    void presetsMenuLoadsEachPreset();
    void badConfigFileShowsBanner_data();
    void badConfigFileShowsBanner();
    void configFileRoundTrip();
    void settingsRestore();
    void helpDialogsOpen();
    void automationFlagsSaveScreenshot_data();
    void automationFlagsSaveScreenshot();
    void noDisplayTrainsHeadless();
    void noDisplayStillWritesTheScreenshot();
    void automatedRunThatBlewUpExitsThree();

private:
    std::unique_ptr<MainWindow> makeWindow();

    QTemporaryDir m_settingsDir;
};

void TestMainWindowApp::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useSettingsIn(m_settingsDir.path());
}

void TestMainWindowApp::init()
{
    clearWindowSettings();
}

std::unique_ptr<MainWindow> TestMainWindowApp::makeWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("window not exposed");
    return window;
}

void TestMainWindowApp::firstLaunchLoadsSeedPreset()
{
    auto window = makeWindow();
    QVERIFY(!window->restoreSettings());
    QCOMPARE(window->panel()->config(), findPreset(QStringLiteral("seed"))->config);
    QVERIFY(action(window.get(), "startAction")->isEnabled());
    QVERIFY(window->width() >= 1280 && window->height() >= 800);
}

void TestMainWindowApp::presetsMenuLoadsEachPreset()
{
    auto window = makeWindow();
    for (const Preset &preset : presets()) {
        auto *item = window->findChild<QAction *>(QStringLiteral("preset-") + preset.id);
        QVERIFY2(item, qPrintable(preset.id));
        QCOMPARE(item->text(), preset.title);
        item->trigger();
        QCOMPARE(window->panel()->config(), preset.config);
    }
}

void TestMainWindowApp::badConfigFileShowsBanner_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not json") << QByteArray("{ nope") << QString();
    QTest::newRow("batch size 0") << QByteArray(R"({"batch_size": 0})") << "batch_size";
    QTest::newRow("unknown key") << QByteArray(R"({"colour": 3})") << "colour";
}

void TestMainWindowApp::badConfigFileShowsBanner()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
    file.close();

    auto window = makeWindow();
    const TrainingConfig before = window->panel()->config();
    QVERIFY(!window->loadConfigFile(path));
    QVERIFY(window->banner()->isVisible());
    QVERIFY(window->banner()->text().contains(path));
    QVERIFY2(window->banner()->text().contains(mentions), qPrintable(window->banner()->text()));
    QCOMPARE(window->panel()->config(), before);
}

void TestMainWindowApp::configFileRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    auto window = makeWindow();
    QVERIFY(typeInto(field(window.get(), "seedSpin"), QStringLiteral("424242")));
    QVERIFY(selectData(window.get(), "taskCombo", int(TaskKind::PositionSignal)));
    const TrainingConfig edited = window->panel()->config();
    QVERIFY(window->saveConfigFile(path));
    window->setConfig(TrainingConfig{});
    QVERIFY(window->loadConfigFile(path));
    QCOMPARE(window->panel()->config(), edited);

    QVERIFY(typeInto(field(window.get(), "batchSizeSpin"), QStringLiteral("0")));
    QVERIFY(!window->saveConfigFile(dir.filePath(QStringLiteral("invalid.json"))));
    QVERIFY(window->banner()->isVisible());
}

void TestMainWindowApp::settingsRestore()
{
    TrainingConfig saved;
    {
        auto window = makeWindow();
        QVERIFY(typeInto(field(window.get(), "seedSpin"), QStringLiteral("777")));
        QVERIFY(typeInto(field(window.get(), "epochsSpin"), QStringLiteral("9")));
        QVERIFY(selectData(window.get(), "optimizerCombo", int(OptimizerKind::Sgd)));
        QVERIFY(typeInto(field(window.get(), "momentumSpin"), QStringLiteral("0.75")));
        window->findChild<QDockWidget *>(QStringLiteral("similarityDock"))->close();
        window->resize(1300, 820);
        saved = window->panel()->config();
        window->close();
    }
    auto window = std::make_unique<MainWindow>();
    QCOMPARE(window->panel()->config(), findPreset(QStringLiteral("seed"))->config);
    QVERIFY(window->restoreSettings());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QCOMPARE(window->panel()->config(), saved);
    QCOMPARE(window->size(), QSize(1300, 820));
    QVERIFY(!window->findChild<QDockWidget *>(QStringLiteral("similarityDock"))->isVisible());
    QVERIFY(window->findChild<QDockWidget *>(QStringLiteral("embeddingDock"))->isVisible());
}

void TestMainWindowApp::helpDialogsOpen()
{
    auto window = makeWindow();
    action(window.get(), "explainAction")->trigger();
    auto *explain = window->findChild<QDialog *>(QStringLiteral("explainDialog"));
    QVERIFY(explain && explain->isVisible());
    const QString text = explain->findChild<QTextBrowser *>()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("zeros")));
    QVERIFY(text.contains(QStringLiteral("Position signal")));
    saveShot(explain, QStringLiteral("explain"));

    action(window.get(), "aboutAction")->trigger();
    auto *about = window->findChild<QMessageBox *>(QStringLiteral("aboutDialog"));
    QVERIFY(about && about->isVisible());
    QVERIFY(about->text().contains(torchVersion()));
    QVERIFY(about->text().contains(QString::fromLatin1(qVersion())));
    saveShot(about, QStringLiteral("about"));
}

void TestMainWindowApp::automationFlagsSaveScreenshot_data()
{
    QTest::addColumn<QString>("preset");
    for (const Preset &preset : presets())
        QTest::newRow(qPrintable(preset.id)) << preset.id;
}

void TestMainWindowApp::automationFlagsSaveScreenshot()
{
    QFETCH(QString, preset);
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("shot.png"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    const ProcessResult result =
        runProcess(pelabBinary(),
                   {QStringLiteral("--preset"), preset, QStringLiteral("--autorun"),
                    QStringLiteral("--screenshot"), png, QStringLiteral("--quit-when-done")},
                   {}, 120000, env);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 1280 && image.height() >= 800);
    // Automated runs leave the user's settings alone.
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("config/PE Lab/pelab.ini"))));
}

void TestMainWindowApp::noDisplayTrainsHeadless()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    const ProcessResult gui = runProcess(pelabBinary(), {}, {}, 120000, env);
    const ProcessResult train = runProcess(pelabBinary(), {QStringLiteral("train")});
    QCOMPARE(gui.exitCode, 0);
    QCOMPARE(train.exitCode, 0);
    const QList<QByteArray> errLines = gui.err.trimmed().split('\n');
    QCOMPARE(errLines.size(), 1);
    QVERIFY2(errLines.first().contains("no display"), gui.err.constData());
    QVERIFY(errLines.first().contains("headless"));
    // The seed preset is what `pelab train` trains by default: the same epoch lines.
    QCOMPARE(gui.out, train.out);
    QVERIFY(gui.out.startsWith("Epoch 1, Loss: "));
}

// --screenshot is the point of such a command: without a display the window is drawn
// offscreen, written, and the program leaves (it used to train headless, write nothing and
// exit 0).
void TestMainWindowApp::noDisplayStillWritesTheScreenshot()
{
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("shot.png"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    const ProcessResult result =
        runProcess(pelabBinary(), {QStringLiteral("--screenshot"), png}, {}, 120000, env);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY2(result.err.contains("offscreen"), result.err.constData());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 1280 && image.height() >= 800);
    // An unwritable screenshot is an error, said on stderr.
    const ProcessResult bad =
        runProcess(pelabBinary(),
                   {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("no/such/x.png"))},
                   {}, 120000, env);
    QCOMPARE(bad.exitCode, 4); // an output could not be written
    QVERIFY2(bad.err.contains("could not write"), bad.err.constData());
    // Offscreen by request: the window cannot be seen or closed either, so it leaves too (it
    // used to stay running, invisible, until killed).
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QString requested = dir.filePath(QStringLiteral("requested.png"));
    const ProcessResult offscreen =
        runProcess(pelabBinary(), {QStringLiteral("--screenshot"), requested}, {}, 60000, env);
    QVERIFY2(offscreen.exitCode == 0, offscreen.err.constData());
    QVERIFY(!QImage(requested).isNull());
}

// The window's automation exits as `pelab train` does: 3 for a run that trained but whose
// loss grew a hundredfold or more (Adam at lr 1e5 on the seed's model).
void TestMainWindowApp::automatedRunThatBlewUpExitsThree()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("blow.json"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"lr": 100000, "epochs": 5})");
    file.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    const ProcessResult result =
        runProcess(pelabBinary(),
                   {QStringLiteral("--config"), config, QStringLiteral("--autorun"),
                    QStringLiteral("--quit-when-done")},
                   {}, 120000, env);
    QCOMPARE(result.exitCode, 3);
}

QTEST_MAIN(TestMainWindowApp)
#include "tst_mainwindowapp.moc"
