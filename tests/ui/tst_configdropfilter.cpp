// SPDX-License-Identifier: MIT
// Dropping a config file onto the window: one local .json file is taken and handed to the
// loader (which validates it as File > Load config does); anything else is refused at once.
#include "ConfigDropFilter.h"
#include "ConfigJson.h"

#include <QApplication>
#include <QDockWidget>
#include <QDropEvent>
#include <QLineEdit>
#include <QMainWindow>
#include <QMimeData>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <memory>

using namespace pelab;

namespace {

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return path;
}

std::unique_ptr<QMimeData> mimeFor(const QList<QUrl> &urls)
{
    auto mime = std::make_unique<QMimeData>();
    mime->setUrls(urls);
    return mime;
}

// Sends a drag-enter then a drop of `mime` to the middle of `window`, as a file manager
// does; returns whether the window accepted the drag.
bool dragAndDrop(QWidget *window, const QMimeData *mime, bool *dropAccepted)
{
    const QPoint at = window->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &drop);
    *dropAccepted = drop.isAccepted();
    return true;
}

} // namespace

class TestConfigDropFilter : public QObject {
    Q_OBJECT
private slots:
    void init();
    void loadsADroppedConfig();
    void takesDropsOnAnyWidgetOfTheWindow();
    void reportsAnInvalidConfig_data();
    void reportsAnInvalidConfig();
    void refusesWhatIsNotOneLocalJsonFile_data();
    void refusesWhatIsNotOneLocalJsonFile();

private:
    std::unique_ptr<QMainWindow> m_window;
    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_loaded;    // paths the loader was called with
    QStringList m_errors;    // what loading them reported
    TrainingConfig m_config; // the last config that loaded
};

void TestConfigDropFilter::init()
{
    m_window = std::make_unique<QMainWindow>();
    m_window->resize(400, 300);
    m_dir = std::make_unique<QTemporaryDir>();
    m_loaded.clear();
    m_errors.clear();
    m_config = {};
    // What MainWindow::loadConfigFile does, minus the banner: validate, then take or report.
    ConfigDropFilter::install(m_window.get(), [this](const QString &path) {
        m_loaded << path;
        const ConfigLoadResult result = loadConfigFile(path);
        m_errors << result.errors;
        if (result.config)
            m_config = *result.config;
        return bool(result.config);
    });
    QVERIFY(m_window->acceptDrops());
}

void TestConfigDropFilter::loadsADroppedConfig()
{
    TrainingConfig config;
    config.seed = 7;
    config.epochs = 12;
    config.task = TaskKind::PositionSignal;
    const QString path =
        writeFile(*m_dir, QStringLiteral("My Run.JSON"), configToJsonBytes(config));
    const auto mime = mimeFor({QUrl::fromLocalFile(path)});
    bool accepted = false;
    QVERIFY(dragAndDrop(m_window.get(), mime.get(), &accepted));
    QVERIFY(accepted);
    QCOMPARE(m_loaded, QStringList{path});
    QVERIFY(m_errors.isEmpty());
    QVERIFY(m_config == config);
}

void TestConfigDropFilter::takesDropsOnAnyWidgetOfTheWindow()
{
    // A text field takes dropped text itself, and file managers offer a path as text too.
    auto *central = new QWidget;
    auto *field = new QLineEdit(central);
    auto *dock = new QDockWidget(QStringLiteral("Floating"), m_window.get());
    auto *docked = new QLineEdit(dock);
    dock->setWidget(docked);
    m_window->setCentralWidget(central);
    m_window->addDockWidget(Qt::LeftDockWidgetArea, dock);
    dock->setFloating(true);
    QMainWindow elsewhere; // another window of the application: not ours to handle
    auto *other = new QLineEdit(&elsewhere);

    const QString path = writeFile(*m_dir, QStringLiteral("run.json"), configToJsonBytes({}));
    const auto mime = mimeFor({QUrl::fromLocalFile(path)});
    mime->setText(path);
    bool accepted = false;
    QVERIFY(dragAndDrop(field, mime.get(), &accepted));
    QVERIFY(dragAndDrop(docked, mime.get(), &accepted));
    QCOMPARE(m_loaded, (QStringList{path, path}));
    QVERIFY(field->text().isEmpty());
    QVERIFY(docked->text().isEmpty());

    dragAndDrop(other, mime.get(), &accepted);
    QCOMPARE(m_loaded.size(), 2);
}

void TestConfigDropFilter::reportsAnInvalidConfig_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("named"); // what the message must name
    QTest::newRow("batch size 0") << QByteArray(R"({"batch_size": 0})") << "batch_size";
    QTest::newRow("unknown optimizer") << QByteArray(R"({"optimizer": "lbfgs"})") << "optimizer";
    QTest::newRow("not JSON") << QByteArray("{\"seed\": 1,\n") << "line 2";
}

void TestConfigDropFilter::reportsAnInvalidConfig()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, named);
    const QString path = writeFile(*m_dir, QStringLiteral("bad.json"), json);
    const auto mime = mimeFor({QUrl::fromLocalFile(path)});
    bool accepted = false;
    QVERIFY(dragAndDrop(m_window.get(), mime.get(), &accepted));
    QCOMPARE(m_loaded, QStringList{path});
    QVERIFY(!m_errors.isEmpty());
    QVERIFY2(m_errors.join('\n').contains(named), qPrintable(m_errors.join('\n')));
    QVERIFY(m_config == TrainingConfig{}); // nothing half-applied
}

void TestConfigDropFilter::refusesWhatIsNotOneLocalJsonFile_data()
{
    QTest::addColumn<QStringList>("urls"); // file names in the temp folder, or full URLs
    QTest::newRow("a text file") << QStringList{"notes.txt"};
    QTest::newRow("two configs") << QStringList{"a.json", "b.json"};
    QTest::newRow("a web address") << QStringList{"https://example.org/config.json"};
    QTest::newRow("no file at all") << QStringList{};
}

void TestConfigDropFilter::refusesWhatIsNotOneLocalJsonFile()
{
    QFETCH(QStringList, urls);
    QList<QUrl> list;
    for (const QString &name : urls)
        list << (name.contains(QLatin1String("://"))
                     ? QUrl(name)
                     : QUrl::fromLocalFile(writeFile(*m_dir, name, configToJsonBytes({}))));
    auto mime = mimeFor(list);
    if (urls.isEmpty())
        mime->setText(QStringLiteral("{\"seed\": 1}"));
    bool accepted = false;
    QVERIFY(!dragAndDrop(m_window.get(), mime.get(), &accepted));
    QVERIFY(m_loaded.isEmpty());
    QCOMPARE(ConfigDropFilter::configPath(mime.get()), QString());
}

QTEST_MAIN(TestConfigDropFilter)
#include "tst_configdropfilter.moc"
