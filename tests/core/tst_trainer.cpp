// SPDX-License-Identifier: MIT
// The Trainer's thread and controls: lifecycle, latency, throttling, no lost steps.
#include "Trainer.h"
#include "TrainingSession.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace pelab;

namespace {

// The sanitizers slow every step and signal down; the latency budgets (a pause or a stop
// within 50 ms) stretch by this much there, and hold as they are in a normal build.
#if !defined(__has_feature)
#define __has_feature(x) 0 // GCC: its own macros below
#endif
#if defined(__SANITIZE_THREAD__) || __has_feature(thread_sanitizer)
constexpr int slowdown = 20;
#elif defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
constexpr int slowdown = 5;
#else
constexpr int slowdown = 1;
#endif

TrainingConfig longRun()
{
    TrainingConfig config;
    config.epochs = 100000; // far longer than any test waits
    return config;
}

// Collects what a Trainer reports.
struct Recorder {
    explicit Recorder(Trainer &trainer)
    {
        QObject::connect(&trainer, &Trainer::progress, [this](const TrainingProgress &p) {
            ++snapshots;
            if (p.paused && firstPausedAtMs < 0 && clock.isValid())
                firstPausedAtMs = clock.elapsed(); // when it arrived, not when a poll saw it
            for (const LossPoint &point : p.losses)
                losses << point;
            last = p;
        });
        QObject::connect(&trainer, &Trainer::epochFinished,
                         [this](qint64 epoch, double, double) { epochs << epoch; });
    }
    QList<LossPoint> losses;
    QList<qint64> epochs;
    TrainingProgress last;
    int snapshots = 0;
    QElapsedTimer clock; // started by a test that times a control
    qint64 firstPausedAtMs = -1;
};

QList<double> lossesOf(const QList<LossPoint> &points)
{
    QList<double> values;
    for (const LossPoint &p : points)
        values << p.loss;
    return values;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void runsToTheEndLikeASynchronousSession();
    void snapshotsAreThrottledAndLoseNothing();
    void pauseResumeAndStepTakeEffectAtOnce();
    void stopTakesEffectWithin50ms();
    void learningRateChangeAppliesFromTheNextStep();
    void destroyingARunningTrainerJoinsIt();
    void twoHundredStartStopCycles();
    void nonFiniteLossFailsWithWhereAndWhatToDo();
    void twoTrainersWithOneSeedAgree();
    void invalidConfigIsRefused();
    void paceLimitsStepsPerSecondAndControlsStayPrompt();
};

void TestTrainer::runsToTheEndLikeASynchronousSession()
{
    Trainer trainer;
    Recorder recorder(trainer);
    QSignalSpy started(&trainer, &Trainer::started);
    QSignalSpy finished(&trainer, &Trainer::finished);
    const TrainingConfig config;
    QVERIFY(trainer.start(config));
    QCOMPARE(trainer.state(), TrainerState::Running);
    QVERIFY(finished.wait(30000 * slowdown));
    QCOMPARE(started.count(), 1);
    QCOMPARE(trainer.state(), TrainerState::Finished);
    QCOMPARE(recorder.epochs, (QList<qint64>{1, 2, 3}));

    setTorchThreads(1);
    TrainingSession session(config);
    QList<double> expected;
    while (!session.isFinished())
        expected << session.step().loss;
    QCOMPARE(lossesOf(recorder.losses), expected);
    QCOMPARE(recorder.last.embedding, session.embedding());
    QCOMPARE(recorder.last.step, config.totalSteps());
}

void TestTrainer::snapshotsAreThrottledAndLoseNothing()
{
    Trainer trainer;
    Recorder recorder(trainer);
    QSignalSpy finished(&trainer, &Trainer::finished);
    TrainingConfig config;
    config.epochs = 150;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(trainer.start(config));
    QVERIFY(finished.wait(60000 * slowdown));
    const double seconds = timer.elapsed() / 1000.0;
    QCOMPARE(qint64(recorder.losses.size()), config.totalSteps());
    for (int i = 0; i < recorder.losses.size(); ++i)
        QCOMPARE(recorder.losses[i].step, qint64(i + 1)); // in order, none missing
    // About 30 a second at most (plus the final flush), however fast the steps are.
    QVERIFY2(
        recorder.snapshots <= 31 * seconds + 3,
        qPrintable(QStringLiteral("%1 snapshots in %2 s").arg(recorder.snapshots).arg(seconds)));
    QVERIFY(recorder.snapshots < config.totalSteps() / 10);
    QVERIFY(recorder.last.stepsPerSecond > 0);
}

void TestTrainer::pauseResumeAndStepTakeEffectAtOnce()
{
    Trainer trainer;
    Recorder recorder(trainer);
    QSignalSpy progress(&trainer, &Trainer::progress);
    QVERIFY(trainer.start(longRun()));
    QVERIFY(progress.wait(10000 * slowdown));

    recorder.clock.start();
    trainer.pause();
    QCOMPARE(trainer.state(), TrainerState::Paused);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.firstPausedAtMs >= 0, 5000 * slowdown);
    QVERIFY2(recorder.firstPausedAtMs <= 50 * slowdown,
             qPrintable(QString::number(recorder.firstPausedAtMs)));

    // Held: each step() runs exactly one batch and reports it.
    const qint64 heldAt = recorder.last.step;
    for (int i = 1; i <= 3; ++i) {
        const int before = recorder.snapshots;
        trainer.step();
        QTRY_VERIFY_WITH_TIMEOUT(recorder.snapshots > before && recorder.last.paused,
                                 5000 * slowdown);
        QCOMPARE(recorder.last.step, heldAt + i);
        QCOMPARE(qint64(recorder.losses.size()), heldAt + i);
    }

    trainer.resume();
    QCOMPARE(trainer.state(), TrainerState::Running);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.last.step > heldAt + 100 && !recorder.last.paused,
                             5000 * slowdown);
    trainer.stop();
    QTRY_COMPARE_WITH_TIMEOUT(trainer.state(), TrainerState::Stopped, 5000 * slowdown);
}

void TestTrainer::stopTakesEffectWithin50ms()
{
    for (bool paused : {false, true}) {
        Trainer trainer;
        QSignalSpy progress(&trainer, &Trainer::progress);
        QSignalSpy stopped(&trainer, &Trainer::stopped);
        QVERIFY(trainer.start(longRun(), paused));
        if (paused)
            trainer.step();
        QVERIFY(progress.wait(10000 * slowdown));
        QElapsedTimer timer;
        timer.start();
        trainer.stop();
        QVERIFY(stopped.wait(5000 * slowdown));
        QVERIFY2(timer.elapsed() <= 50 * slowdown, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(trainer.state(), TrainerState::Stopped);
    }
}

void TestTrainer::learningRateChangeAppliesFromTheNextStep()
{
    TrainingConfig config;
    Trainer trainer;
    Recorder recorder(trainer);
    QVERIFY(trainer.start(config, true));
    const auto stepOnce = [&] {
        const int before = recorder.losses.size();
        trainer.step();
        QTRY_COMPARE_WITH_TIMEOUT(recorder.losses.size(), before + 1, 5000 * slowdown);
    };
    stepOnce();
    stepOnce();
    trainer.setLearningRate(0.2);
    stepOnce();
    stepOnce();
    QCOMPARE(recorder.last.learningRate, 0.2);

    setTorchThreads(1);
    TrainingSession session(config);
    QList<double> expected;
    expected << session.step().loss << session.step().loss;
    session.setLearningRate(0.2);
    expected << session.step().loss << session.step().loss;
    QCOMPARE(lossesOf(recorder.losses), expected);

    // Without the change the third step differs: the change really reached the trainer.
    TrainingSession unchanged(config);
    for (int i = 0; i < 3; ++i)
        unchanged.step();
    QVERIFY(unchanged.step().loss != expected[3]);
}

void TestTrainer::destroyingARunningTrainerJoinsIt()
{
    for (bool paused : {false, true}) {
        auto trainer = std::make_unique<Trainer>();
        QSignalSpy progress(trainer.get(), &Trainer::progress);
        QVERIFY(trainer->start(longRun(), paused));
        if (paused)
            trainer->step();
        QVERIFY(progress.wait(10000 * slowdown));
        QElapsedTimer timer;
        timer.start();
        trainer.reset();
        QVERIFY2(timer.elapsed() < 1000 * slowdown, qPrintable(QString::number(timer.elapsed())));
    }
}

void TestTrainer::twoHundredStartStopCycles()
{
    Trainer trainer;
    Recorder recorder(trainer);
    QSignalSpy started(&trainer, &Trainer::started);
    for (int i = 0; i < 200; ++i) {
        QVERIFY(trainer.start(longRun()));
        if (i % 2 == 0)
            trainer.stop(); // even cycles stop explicitly; odd ones are replaced by start()
    }
    trainer.stop();
    QTRY_COMPARE_WITH_TIMEOUT(trainer.state(), TrainerState::Stopped, 5000 * slowdown);
    // Only the last run may report: earlier runs' queued signals are dropped.
    QVERIFY(started.count() <= 1);
    for (int i = 1; i < recorder.losses.size(); ++i)
        QCOMPARE(recorder.losses[i].step, recorder.losses[i - 1].step + 1);
}

void TestTrainer::nonFiniteLossFailsWithWhereAndWhatToDo()
{
    Trainer trainer;
    QSignalSpy failed(&trainer, &Trainer::failed);
    TrainingConfig config;
    config.learningRate = 1e30;
    QVERIFY(trainer.start(config));
    QVERIFY(failed.wait(10000 * slowdown));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains("epoch 1, step 2"), qPrintable(message));
    QVERIFY(message.contains("Lower the learning rate"));
    QCOMPARE(trainer.state(), TrainerState::Failed);
}

void TestTrainer::twoTrainersWithOneSeedAgree()
{
    TrainingConfig config;
    config.epochs = 10;
    config.seed = 11;
    Trainer first;
    Trainer second;
    Recorder a(first);
    Recorder b(second);
    QSignalSpy firstDone(&first, &Trainer::finished);
    QSignalSpy secondDone(&second, &Trainer::finished);
    QVERIFY(first.start(config));
    QVERIFY(second.start(config));
    QTRY_VERIFY_WITH_TIMEOUT(firstDone.count() == 1 && secondDone.count() == 1, 30000 * slowdown);
    QCOMPARE(qint64(a.losses.size()), config.totalSteps());
    QCOMPARE(lossesOf(a.losses), lossesOf(b.losses));
    QCOMPARE(a.last.embedding, b.last.embedding);
}

void TestTrainer::invalidConfigIsRefused()
{
    Trainer trainer;
    TrainingConfig config;
    config.batchSize = 0;
    QStringList errors;
    QVERIFY(!trainer.start(config, false, &errors));
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.first().startsWith("batch_size:"));
    QCOMPARE(trainer.state(), TrainerState::Idle);
}

void TestTrainer::paceLimitsStepsPerSecondAndControlsStayPrompt()
{
    Trainer trainer;
    Recorder recorder(trainer);
    QSignalSpy stopped(&trainer, &Trainer::stopped);
    trainer.setPace(50); // one step every 20 ms
    QElapsedTimer timer;
    timer.start();
    QVERIFY(trainer.start(longRun()));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.losses.size() >= 11, 5000 * slowdown);
    // 10 intervals of 20 ms separate the first and the 11th step.
    QVERIFY2(timer.elapsed() >= 190, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(recorder.last.stepsPerSecond < 60);

    // A step waiting for its turn still answers stop at once.
    QElapsedTimer stopTimer;
    stopTimer.start();
    trainer.stop();
    QVERIFY(stopped.wait(5000 * slowdown));
    QVERIFY2(stopTimer.elapsed() <= 50 * slowdown,
             qPrintable(QString::number(stopTimer.elapsed())));

    // Full speed again for the next run.
    trainer.setPace(0);
    QSignalSpy finished(&trainer, &Trainer::finished);
    timer.restart();
    QVERIFY(trainer.start(TrainingConfig{}));
    QVERIFY(finished.wait(10000 * slowdown));
    QVERIFY(timer.elapsed() < 96 * 20 * slowdown); // 96 steps, far faster than the 50/s pace
}

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
