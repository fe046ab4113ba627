// SPDX-License-Identifier: MIT
// Drives the real MainWindow through training: fields by objectName, the run actions, and
// the live trainer behind them.
#include "EmbeddingHeatmap.h"
#include "HyperparameterPanel.h"
#include "LossChartView.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "Trainer.h"
#include "UiTestSupport.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QPointer>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace pelab;
using namespace pelab::test;

// A run still going whenever a test looks, however fast or busy the machine: paced, it takes
// 960 / 50 = about 19 s.
constexpr int longEpochs = 30;
constexpr double longPace = 50;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void trainsAndFillsViews_data();
    void trainsAndFillsViews();
    void invalidInputDisablesStart_data();
    void invalidInputDisablesStart();
    void pauseResumeStepStop();
    void stepFromIdleTrainsOneBatch();
    void learningRateChangeReachesTrainer();
    void paceSlowsTraining();
    void otherEditsMidRunNeedRestart();
    void resetClearsTheViews();
    void divergenceShowsBanner();
    void closeDuringTrainingStopsCleanly();
    void destroyDuringTrainingJoins();

private:
    std::unique_ptr<MainWindow> makeWindow();
    void startLongRun(MainWindow &window);

    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useSettingsIn(m_settingsDir.path());
}

void TestMainWindow::init()
{
    clearWindowSettings();
}

std::unique_ptr<MainWindow> TestMainWindow::makeWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("window not exposed");
    return window;
}

void TestMainWindow::startLongRun(MainWindow &window)
{
    QVERIFY(typeInto(field(&window, "epochsSpin"), QString::number(longEpochs)));
    auto *pace = window.findChild<QComboBox *>(QStringLiteral("paceCombo"));
    QVERIFY(pace);
    pace->setCurrentIndex(pace->findData(longPace));
    QCOMPARE(window.trainer()->pace(), longPace);
    QSignalSpy progress(window.trainer(), &Trainer::progress);
    action(&window, "startAction")->trigger();
    QCOMPARE(window.trainer()->state(), TrainerState::Running);
    QVERIFY(progress.wait(10000));
}

void TestMainWindow::trainsAndFillsViews_data()
{
    QTest::addColumn<int>("task");
    QTest::addColumn<int>("optimizer");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("epochs");
    QTest::newRow("seed task, Adam")
        << int(TaskKind::Zeros) << int(OptimizerKind::Adam) << 200 << 32 << 2;
    QTest::newRow("position signal, AdamW")
        << int(TaskKind::PositionSignal) << int(OptimizerKind::AdamW) << 300 << 50 << 4;
    QTest::newRow("position signal, SGD")
        << int(TaskKind::PositionSignal) << int(OptimizerKind::Sgd) << 100 << 7 << 3;
}

void TestMainWindow::trainsAndFillsViews()
{
    QFETCH(int, task);
    QFETCH(int, optimizer);
    QFETCH(int, samples);
    QFETCH(int, batchSize);
    QFETCH(int, epochs);
    auto window = makeWindow();
    QVERIFY(selectData(window.get(), "taskCombo", task));
    QVERIFY(selectData(window.get(), "optimizerCombo", optimizer));
    QVERIFY(typeInto(field(window.get(), "samplesSpin"), QString::number(samples)));
    QVERIFY(typeInto(field(window.get(), "batchSizeSpin"), QString::number(batchSize)));
    QVERIFY(typeInto(field(window.get(), "epochsSpin"), QString::number(epochs)));

    Trainer *trainer = window->trainer();
    QSignalSpy started(trainer, &Trainer::started);
    QSignalSpy finished(trainer, &Trainer::finished);
    action(window.get(), "startAction")->trigger();
    QVERIFY(finished.wait(60000));
    QCOMPARE(started.count(), 1);
    const auto start = started.first().first().value<RunStart>();
    QCOMPARE(start.config.samples, samples);
    QCOMPARE(start.config.batchSize, batchSize);
    QCOMPARE(int(start.config.task), task);
    QCOMPARE(int(start.config.optimizer), optimizer);

    const qint64 totalSteps = qint64((samples + batchSize - 1) / batchSize) * epochs;
    QCOMPARE(start.totalSteps, totalSteps);
    // One point per step, one summary per epoch: nothing dropped between thread and chart.
    QTRY_COMPARE(window->lossChart()->pointCount(), totalSteps);
    QTRY_COMPARE(window->lossChart()->epochCount(), qint64(epochs));
    EmbeddingHeatmap *heatmap = window->heatmap();
    QVERIFY(heatmap->updateCount() > 0);
    QCOMPARE(heatmap->embedding().rows, start.initialEmbedding.rows);
    QVERIFY(heatmap->embedding() != start.initialEmbedding);

    QCOMPARE(window->findChild<QProgressBar *>(QStringLiteral("progressBar"))->value(), 1000);
    QVERIFY(window->findChild<QLabel *>(QStringLiteral("stateLabel"))
                ->text()
                .contains(trainerStateName(TrainerState::Finished)));
    QVERIFY(action(window.get(), "startAction")->isEnabled());
    QVERIFY(!action(window.get(), "stopAction")->isEnabled());
    QVERIFY(!action(window.get(), "pauseAction")->isEnabled());
    saveShot(window.get(), QStringLiteral("finished-%1").arg(QTest::currentDataTag()));
}

void TestMainWindow::invalidInputDisablesStart_data()
{
    QTest::addColumn<QString>("editor");
    QTest::addColumn<int>("optimizer");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("fixed");
    const int adam = int(OptimizerKind::Adam);
    QTest::newRow("batch size 0") << "batchSizeSpin" << adam << "0"
                                  << "Batch size"
                                  << "16";
    QTest::newRow("samples 0") << "samplesSpin" << adam << "0"
                               << "Samples"
                               << "100";
    QTest::newRow("epochs empty") << "epochsSpin" << adam << ""
                                  << "Epochs"
                                  << "2";
    QTest::newRow("sequence too long") << "seqLenSpin" << adam << "2000000"
                                       << "Sequence length"
                                       << "12";
    QTest::newRow("lr 0") << "lrEdit" << adam << "0"
                          << "Learning rate"
                          << "0.001";
    QTest::newRow("lr not a number") << "lrEdit" << adam << "1e"
                                     << "Learning rate"
                                     << "1e-3";
    QTest::newRow("seed 2^53") << "seedSpin" << adam << "9007199254740992"
                               << "Random seed"
                               << "9007199254740991";
    QTest::newRow("threads 0") << "threadsSpin" << adam << "0"
                               << "Threads"
                               << "2";
    QTest::newRow("momentum 1") << "momentumSpin" << int(OptimizerKind::Sgd) << "1"
                                << "Momentum"
                                << "0.5";
    QTest::newRow("weight decay 1") << "weightDecaySpin" << int(OptimizerKind::AdamW) << "1"
                                    << "Weight decay"
                                    << "0.1";
}

void TestMainWindow::invalidInputDisablesStart()
{
    QFETCH(QString, editor);
    QFETCH(int, optimizer);
    QFETCH(QString, text);
    QFETCH(QString, label);
    QFETCH(QString, fixed);
    auto window = makeWindow();
    QVERIFY(selectData(window.get(), "optimizerCombo", optimizer));
    QWidget *input = field(window.get(), qPrintable(editor));
    QVERIFY(input);
    QAction *start = action(window.get(), "startAction");
    QVERIFY(start->isEnabled());

    QVERIFY(typeInto(input, text));
    auto *error = window->findChild<QLabel *>(QStringLiteral("configErrorLabel"));
    QVERIFY(!start->isEnabled());
    QVERIFY(!action(window.get(), "stepAction")->isEnabled());
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(label), qPrintable(error->text()));
    QVERIFY(input->property("invalid").toBool() ||
            input->parentWidget()->property("invalid").toBool());
    saveShot(window.get(), QStringLiteral("invalid-%1").arg(QTest::currentDataTag()));

    QVERIFY(typeInto(input, fixed));
    QVERIFY(start->isEnabled());
    QVERIFY(!error->isVisible());
}

void TestMainWindow::pauseResumeStepStop()
{
    auto window = makeWindow();
    Trainer *trainer = window->trainer();
    TrainingProgress last;
    connect(trainer, &Trainer::progress, this, [&last](const TrainingProgress &p) { last = p; });
    startLongRun(*window);
    QAction *pause = action(window.get(), "pauseAction");
    QAction *step = action(window.get(), "stepAction");
    QAction *stop = action(window.get(), "stopAction");
    QAction *reset = action(window.get(), "resetAction");
    QVERIFY(pause->isEnabled());
    QVERIFY(stop->isEnabled());

    pause->trigger();
    QCOMPARE(trainer->state(), TrainerState::Paused);
    QVERIFY(pause->text().contains(QStringLiteral("Resume")));
    QVERIFY(step->isEnabled());
    QTRY_VERIFY(last.paused); // the worker is holding: the step count is final
    const qint64 held = last.step;
    QTRY_COMPARE(window->lossChart()->pointCount(), held);

    step->trigger();
    QTRY_COMPARE(last.step, held + 1);
    QTRY_COMPARE(window->lossChart()->pointCount(), held + 1);
    QCOMPARE(trainer->state(), TrainerState::Paused);

    pause->trigger(); // Resume
    QCOMPARE(trainer->state(), TrainerState::Running);
    QVERIFY(pause->text().contains(QStringLiteral("Pause")));
    QTRY_VERIFY(last.step > held + 1);
    saveShot(window.get(), QStringLiteral("mid-run"));

    QSignalSpy stopped(trainer, &Trainer::stopped);
    stop->trigger();
    // At once, before the step in flight ends: Stop is taken away and the status says why.
    QVERIFY(!stop->isEnabled());
    QVERIFY2(window->statusBar()->currentMessage().startsWith(QStringLiteral("Stopping")),
             qPrintable(window->statusBar()->currentMessage()));
    QVERIFY(stopped.wait(5000));
    QCOMPARE(trainer->state(), TrainerState::Stopped);
    QVERIFY(!stop->isEnabled());
    QVERIFY(!pause->isEnabled());
    QVERIFY(action(window.get(), "startAction")->isEnabled());
    QVERIFY(reset->isEnabled());
}

void TestMainWindow::stepFromIdleTrainsOneBatch()
{
    auto window = makeWindow();
    TrainingProgress last;
    connect(window->trainer(), &Trainer::progress, this,
            [&last](const TrainingProgress &p) { last = p; });
    action(window.get(), "stepAction")->trigger();
    QCOMPARE(window->trainer()->state(), TrainerState::Paused);
    QTRY_COMPARE(window->lossChart()->pointCount(), qint64(1));
    QTRY_VERIFY(last.paused);
    QCOMPARE(last.step, 1);
    action(window.get(), "stepAction")->trigger();
    QTRY_COMPARE(window->lossChart()->pointCount(), qint64(2));
}

void TestMainWindow::learningRateChangeReachesTrainer()
{
    auto window = makeWindow();
    Trainer *trainer = window->trainer();
    TrainingProgress last;
    connect(trainer, &Trainer::progress, this, [&last](const TrainingProgress &p) { last = p; });
    startLongRun(*window);
    QVERIFY(typeInto(field(window.get(), "lrEdit"), QStringLiteral("0.002")));
    QCOMPARE(trainer->config().learningRate, 0.002);
    QTRY_COMPARE(last.learningRate, 0.002); // the worker trains with it
    QVERIFY(!window->panel()->isStale());
    // The loss chart marks where it changed: one vertical line (two points) in view.
    window->lossChart()->redrawNow();
    auto *changes = window->lossChart()->chart()->findChild<QLineSeries *>(
        QStringLiteral("learningRateChangeSeries"));
    QVERIFY(changes);
    QTRY_VERIFY((window->lossChart()->redrawNow(), changes->count() == 2));

    // The log slider too: two decades below 1 is 0.01.
    window->findChild<QSlider *>(QStringLiteral("lrSlider"))->setValue(-200);
    QCOMPARE(trainer->config().learningRate, 0.01);
    QTRY_COMPARE(last.learningRate, 0.01);
    QCOMPARE(trainer->state(), TrainerState::Running);
}

void TestMainWindow::paceSlowsTraining()
{
    auto window = makeWindow();
    Trainer *trainer = window->trainer();
    auto *pace = window->findChild<QComboBox *>(QStringLiteral("paceCombo"));
    QVERIFY(pace);
    QCOMPARE(trainer->pace(), 0.0); // full speed unless asked
    pace->setCurrentIndex(pace->findData(10.0));
    QCOMPARE(trainer->pace(), 10.0);

    // The notebook's 96 steps take milliseconds at full speed, about 10 s at this pace.
    QSignalSpy progress(trainer, &Trainer::progress);
    action(window.get(), "startAction")->trigger();
    QVERIFY(progress.wait(10000));
    QCOMPARE(trainer->state(), TrainerState::Running);
    QVERIFY(progress.last().first().value<TrainingProgress>().step <
            trainer->config().totalSteps());

    pace->setCurrentIndex(pace->findData(0.0)); // and back to full speed, mid-run
    QSignalSpy finished(trainer, &Trainer::finished);
    QVERIFY(finished.wait(10000));
}

void TestMainWindow::otherEditsMidRunNeedRestart()
{
    auto window = makeWindow();
    startLongRun(*window);
    auto *stale = window->findChild<QLabel *>(QStringLiteral("staleLabel"));
    QVERIFY(!stale->isVisible());
    QVERIFY(typeInto(field(window.get(), "seedSpin"), QStringLiteral("5")));
    QVERIFY(stale->isVisible());
    QVERIFY(stale->text().contains(QStringLiteral("Random seed")));
    QVERIFY(stale->text().contains(QStringLiteral("restart to apply"), Qt::CaseInsensitive));
    QCOMPARE(window->trainer()->config().seed, 0); // the run keeps its seed
    saveShot(window.get(), QStringLiteral("stale"));

    QSignalSpy started(window->trainer(), &Trainer::started);
    action(window.get(), "startAction")->trigger(); // "Restart"
    QVERIFY(started.wait(10000));
    QCOMPARE(window->trainer()->config().seed, 5);
    QVERIFY(!stale->isVisible());
}

void TestMainWindow::resetClearsTheViews()
{
    auto window = makeWindow();
    startLongRun(*window);
    QTRY_VERIFY(window->lossChart()->pointCount() > 0);
    QAction *reset = action(window.get(), "resetAction");
    QVERIFY(reset->isEnabled());
    QSignalSpy stopped(window->trainer(), &Trainer::stopped);
    reset->trigger();
    QVERIFY(stopped.wait(5000));
    QCoreApplication::processEvents(); // the stopped run's last snapshot, if still queued
    QCOMPARE(window->lossChart()->pointCount(), qint64(0));
    QVERIFY(!reset->isEnabled());
    QCOMPARE(window->findChild<QProgressBar *>(QStringLiteral("progressBar"))->value(), 0);
}

void TestMainWindow::divergenceShowsBanner()
{
    auto window = makeWindow();
    QVERIFY(selectData(window.get(), "optimizerCombo", int(OptimizerKind::Sgd)));
    QVERIFY(typeInto(field(window.get(), "lrEdit"), QStringLiteral("1e30")));
    QSignalSpy failed(window->trainer(), &Trainer::failed);
    action(window.get(), "startAction")->trigger();
    QVERIFY(failed.wait(30000));
    MessageBanner *banner = window->banner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("learning rate")), qPrintable(banner->text()));
    QVERIFY(window->findChild<QLabel *>(QStringLiteral("stateLabel"))
                ->text()
                .contains(trainerStateName(TrainerState::Failed)));
    QVERIFY(action(window.get(), "startAction")->isEnabled());
    saveShot(window.get(), QStringLiteral("diverged"));
}

void TestMainWindow::closeDuringTrainingStopsCleanly()
{
    auto window = makeWindow();
    startLongRun(*window);
    QPointer<Trainer> trainer = window->trainer();
    QVERIFY(window->close());
    QTRY_COMPARE(trainer->state(), TrainerState::Stopped);
    window.reset();
    QVERIFY(trainer.isNull());
}

void TestMainWindow::destroyDuringTrainingJoins()
{
    auto window = makeWindow();
    startLongRun(*window);
    QCOMPARE(window->trainer()->state(), TrainerState::Running);
    QPointer<Trainer> trainer = window->trainer();
    window.reset(); // ~Trainer stops and joins the worker thread
    QVERIFY(trainer.isNull());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
