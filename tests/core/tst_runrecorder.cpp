// SPDX-License-Identifier: MIT
// RunRecorder: keeps a real Trainer's run whole (every step, the last snapshot's embedding,
// the start config), and knows what an export must admit: a stop, a failure, an lr change.
#include "HeadlessRun.h"
#include "RunRecorder.h"
#include "Trainer.h"

#include <QSignalSpy>
#include <QtTest>

using namespace pelab;

Q_DECLARE_METATYPE(pelab::TrainingConfig)

namespace {

TrainingConfig smallRun(TaskKind task, OptimizerKind optimizer, std::int64_t epochs = 3)
{
    TrainingConfig config;
    config.samples = 300; // 10 batches of 32, the last one short
    config.epochs = epochs;
    config.task = task;
    config.optimizer = optimizer;
    return config;
}

bool contiguous(const std::vector<LossPoint> &losses)
{
    for (std::size_t i = 0; i < losses.size(); ++i)
        if (losses[i].step != std::int64_t(i) + 1)
            return false;
    return true;
}

// What a trainer of `config` would send, emitted by hand: the recorder only listens.
struct FakeRun {
    explicit FakeRun(Trainer &trainer, const TrainingConfig &config)
        : trainer(trainer)
        , config(config)
    {
        RunStart start;
        start.config = config;
        start.initialEmbedding =
            Matrix{int(config.seqLen), 1, std::vector<float>(std::size_t(config.seqLen), 1.0f)};
        start.totalSteps = config.totalSteps();
        start.stepsPerEpoch = config.stepsPerEpoch();
        learningRate = config.learningRate;
        emit trainer.started(start);
    }
    // Steps up to `last`, reported in one snapshot at the current learning rate.
    void stepTo(std::int64_t last)
    {
        TrainingProgress progress;
        const std::int64_t perEpoch = config.stepsPerEpoch();
        for (; step < last; ++step) {
            const std::int64_t epoch = step / perEpoch + 1;
            progress.losses.push_back({epoch, step + 1, 1.0 / double(step + 1)});
            if ((step + 1) % perEpoch == 0)
                progress.epochs.push_back({epoch, 0.5, 0.5});
        }
        progress.step = step;
        progress.learningRate = learningRate;
        progress.learningRateChanges = std::exchange(changes, {});
        progress.embedding = Matrix{10, 1, std::vector<float>(10, float(step))};
        emit trainer.progress(progress);
    }
    // As the worker does: the next step uses the new rate.
    void setLearningRate(double rate)
    {
        learningRate = rate;
        changes.push_back({step + 1, rate});
    }
    Trainer &trainer;
    TrainingConfig config;
    std::int64_t step = 0;
    double learningRate = 0;
    std::vector<LearningRateChange> changes; // since the last snapshot
};

} // namespace

class TestRunRecorder : public QObject {
    Q_OBJECT
private slots:
    void keepsEveryStepOfARealRun_data();
    void keepsEveryStepOfARealRun();
    void recordsLearningRateChangesAndAStop();
    void clearIgnoresTheRestOfTheRun();
    void keepsLearningRateChangesWithTheirSteps();
    void noteSaysWhatTheScriptCannotReplay_data();
    void noteSaysWhatTheScriptCannotReplay();
};

void TestRunRecorder::keepsEveryStepOfARealRun_data()
{
    QTest::addColumn<TrainingConfig>("config");
    QTest::newRow("zeros, Adam") << smallRun(TaskKind::Zeros, OptimizerKind::Adam);
    QTest::newRow("position signal, SGD")
        << smallRun(TaskKind::PositionSignal, OptimizerKind::Sgd, 5);
}

void TestRunRecorder::keepsEveryStepOfARealRun()
{
    QFETCH(TrainingConfig, config);
    Trainer trainer;
    RunRecorder recorder(&trainer);
    QSignalSpy hasData(&recorder, &RunRecorder::hasDataChanged);
    TrainingProgress last;
    RunStart start;
    connect(&trainer, &Trainer::started, this, [&](const RunStart &s) { start = s; });
    connect(&trainer, &Trainer::progress, this, [&](const TrainingProgress &p) { last = p; });
    QSignalSpy finished(&trainer, &Trainer::finished);
    QVERIFY(!recorder.hasData());
    QVERIFY(trainer.start(config));
    QVERIFY(finished.wait(30000));

    const RunRecord &record = recorder.record();
    QCOMPARE(std::int64_t(record.losses.size()), config.totalSteps());
    QVERIFY(contiguous(record.losses));
    QCOMPARE(record.embedding.values, last.embedding.values);
    QCOMPARE(record.initialEmbedding.values, start.initialEmbedding.values);
    QCOMPARE(record.targetSignal.values, start.targetSignal.values);
    QVERIFY(record.config == config);
    QCOMPARE(recorder.state(), TrainerState::Finished);
    QVERIFY(recorder.isComplete());
    QCOMPARE(recorder.stepsDone(), config.totalSteps());
    QCOMPARE(recorder.epochsCompleted(), config.epochs);
    QVERIFY(recorder.learningRateChanges().empty());
    QVERIFY(reproductionNote(recorder).isEmpty());
    QCOMPARE(hasData.count(), 1);

    // What the window exports is what `pelab train` writes: the same numbers, bit for bit.
    const HeadlessResult headless = runHeadless(config);
    QCOMPARE(record.embedding.values, headless.record.embedding.values);
    QCOMPARE(record.losses.size(), headless.record.losses.size());
    for (std::size_t i = 0; i < record.losses.size(); ++i)
        QCOMPARE(record.losses[i].loss, headless.record.losses[i].loss);
}

void TestRunRecorder::recordsLearningRateChangesAndAStop()
{
    TrainingConfig config = smallRun(TaskKind::Zeros, OptimizerKind::Adam, 100000);
    Trainer trainer;
    RunRecorder recorder(&trainer);
    QVERIFY(trainer.start(config, true));
    for (int i = 1; i <= 3; ++i) {
        trainer.step();
        QTRY_COMPARE(recorder.stepsDone(), std::int64_t(i));
    }
    QCOMPARE(recorder.state(), TrainerState::Paused);
    trainer.setLearningRate(0.1);
    trainer.step();
    QTRY_COMPARE(recorder.stepsDone(), std::int64_t(4));
    trainer.resume();
    QTRY_VERIFY(recorder.stepsDone() > 40);
    // While it runs, between two snapshots: the worker still records the exact step.
    trainer.setLearningRate(0.02);
    QTRY_VERIFY(recorder.learningRateChanges().size() == 2);
    QTRY_VERIFY(recorder.stepsDone() > recorder.learningRateChanges().back().step + 40);
    QSignalSpy stopped(&trainer, &Trainer::stopped);
    trainer.stop();
    QVERIFY(stopped.wait(5000));

    const auto &changes = recorder.learningRateChanges();
    QCOMPARE(changes.front(), (LearningRateChange{4, 0.1}));
    QCOMPARE(changes.back().learningRate, 0.02);
    QVERIFY(changes.back().step > 40);
    // The recorded schedule replays the run bit for bit, as pelab train --lr-at and
    // reproduce.py do; without it the losses part at the first change.
    TrainingConfig replay = config;
    replay.epochs = recorder.stepsDone() / config.stepsPerEpoch() + 1;
    const HeadlessResult again = runHeadless(replay, {}, nullptr, nullptr, changes);
    const HeadlessResult plain = runHeadless(replay);
    QCOMPARE(again.record.learningRateChanges, changes);
    for (std::size_t i = 0; i < recorder.record().losses.size(); ++i)
        QCOMPARE(again.record.losses[i].loss, recorder.record().losses[i].loss);
    // Step 4's loss is measured before its update, at the old weights; step 5's after it.
    QCOMPARE(plain.record.losses[3].loss, recorder.record().losses[3].loss);
    QVERIFY(plain.record.losses[4].loss != recorder.record().losses[4].loss);
    QCOMPARE(recorder.state(), TrainerState::Stopped);
    QVERIFY(!recorder.isComplete());
    QCOMPARE(recorder.record().config.learningRate, 0.01); // the start settings
    QCOMPARE(std::int64_t(recorder.record().losses.size()), recorder.stepsDone());
    QVERIFY(contiguous(recorder.record().losses));
    QCOMPARE(recorder.epochsCompleted(), recorder.stepsDone() / config.stepsPerEpoch());

    const QString note = reproductionNote(recorder);
    QVERIFY2(
        note.startsWith(
            QStringLiteral("This run was stopped at step %1 of 1000000").arg(recorder.stepsDone())),
        qPrintable(note));
    QVERIFY2(note.contains(QStringLiteral("Its learning rate was changed during the run: 0.1 "
                                          "from step 4, then 0.02 from step %1.")
                               .arg(changes.back().step)),
             qPrintable(note));
    QVERIFY2(note.contains(QStringLiteral("replay the settings it started with, 100000 epochs "
                                          "at lr 0.01 and its learning rate changes")),
             qPrintable(note));
    QVERIFY2(
        note.contains(
            QStringLiteral("up to step %1 its numbers match this run's").arg(recorder.stepsDone())),
        qPrintable(note));
}

void TestRunRecorder::clearIgnoresTheRestOfTheRun()
{
    Trainer trainer;
    RunRecorder recorder(&trainer);
    QSignalSpy hasData(&recorder, &RunRecorder::hasDataChanged);
    QVERIFY(trainer.start(smallRun(TaskKind::Zeros, OptimizerKind::Adam, 100000)));
    QTRY_VERIFY(recorder.hasData());
    recorder.clear();
    QCOMPARE(hasData.count(), 2);
    QCOMPARE(hasData.last().at(0).toBool(), false);
    QSignalSpy stopped(&trainer, &Trainer::stopped);
    trainer.stop(); // its last snapshot and "stopped" still arrive: they are not taken
    QVERIFY(stopped.wait(5000));
    QVERIFY(!recorder.hasData());
    QCOMPARE(recorder.state(), TrainerState::Idle);
    QVERIFY(recorder.record().losses.empty());

    // The next run is recorded again, from its own start.
    const TrainingConfig next = smallRun(TaskKind::PositionSignal, OptimizerKind::AdamW, 1);
    QSignalSpy finished(&trainer, &Trainer::finished);
    QVERIFY(trainer.start(next));
    QVERIFY(finished.wait(30000));
    QCOMPARE(std::int64_t(recorder.record().losses.size()), next.totalSteps());
    QVERIFY(recorder.record().config == next);
}

void TestRunRecorder::keepsLearningRateChangesWithTheirSteps()
{
    Trainer trainer;
    RunRecorder recorder(&trainer);
    FakeRun run(trainer, smallRun(TaskKind::Zeros, OptimizerKind::Adam));
    run.stepTo(7);
    run.setLearningRate(0.5);
    run.stepTo(19); // one snapshot for steps 8..19: the change still names step 8
    run.stepTo(25);
    run.setLearningRate(0.25);
    run.stepTo(26);
    QCOMPARE(recorder.learningRateChanges(),
             (std::vector<LearningRateChange>{{8, 0.5}, {26, 0.25}}));
    QCOMPARE(recorder.record().embedding.values, std::vector<float>(10, 26.0f));
    // Time travel keeps the changes made up to its step.
    QCOMPARE(recordAtStep(recorder.record(), 20).learningRateChanges,
             (std::vector<LearningRateChange>{{8, 0.5}}));
    const QString note = reproductionNote(recorder);
    QCOMPARE(note, QStringLiteral(
                       "This run was still going when exported, at step 26 of 30 (2 of 3 epochs "
                       "done). config.json and reproduce.py replay the settings it started with, "
                       "3 epochs at lr 0.01 and its learning rate changes: reproduce.py goes on "
                       "to epoch 3, and up to step 26 its numbers match this run's. Its learning "
                       "rate was changed during the run: 0.5 from step 8, then 0.25 from step "
                       "26. config.json holds the settings it started with (lr 0.01); "
                       "reproduce.py and reproduce.ipynb replay the changes at those steps "
                       "(--lr-at), so their numbers are this run's."));
    const auto files = runFiles(recorder.record());
    const auto schedule = std::find_if(files.begin(), files.end(), [](const auto &file) {
        return file.first == QLatin1String("lr_schedule.csv");
    });
    QVERIFY(schedule != files.end());
    QCOMPARE(schedule->second, QByteArray("step,lr\n8,0.5\n26,0.25\n"));
}

void TestRunRecorder::noteSaysWhatTheScriptCannotReplay_data()
{
    QTest::addColumn<QString>("end"); // how the run ends: finished, stopped, failed, running
    QTest::addColumn<std::int64_t>("steps");
    QTest::addColumn<QString>("expected"); // empty: no note

    QTest::newRow("finished") << "finished" << std::int64_t(30) << QString();
    QTest::newRow("stopped mid-epoch")
        << "stopped" << std::int64_t(14)
        << "This run was stopped at step 14 of 30 (1 of 3 epochs done). config.json and "
           "reproduce.py replay the settings it started with, 3 epochs at lr 0.01: "
           "reproduce.py goes on to epoch 3, and up to step 14 its numbers match this run's.";
    QTest::newRow("failed")
        << "failed" << std::int64_t(21)
        << "This run failed at step 21 of 30 (2 of 3 epochs done). config.json and "
           "reproduce.py replay the settings it started with, 3 epochs at lr 0.01: "
           "reproduce.py goes on to epoch 3, and up to step 21 its numbers match this run's.";
    QTest::newRow("still running")
        << "running" << std::int64_t(5)
        << "This run was still going when exported, at step 5 of 30 (0 of 3 epochs done). "
           "config.json and reproduce.py replay the settings it started with, 3 epochs at lr "
           "0.01: reproduce.py goes on to epoch 3, and up to step 5 its numbers match this "
           "run's.";
    QTest::newRow("no step yet") << "running" << std::int64_t(0) << QString();
}

void TestRunRecorder::noteSaysWhatTheScriptCannotReplay()
{
    QFETCH(QString, end);
    QFETCH(std::int64_t, steps);
    QFETCH(QString, expected);
    TrainingConfig config = smallRun(TaskKind::Zeros, OptimizerKind::Adam);
    config.samples = 100; // 10 batches of 10 per epoch, 30 steps
    config.batchSize = 10;
    Trainer trainer;
    RunRecorder recorder(&trainer);
    FakeRun run(trainer, config);
    if (steps > 0)
        run.stepTo(steps);
    if (end == QLatin1String("finished"))
        emit trainer.finished();
    else if (end == QLatin1String("stopped"))
        emit trainer.stopped();
    else if (end == QLatin1String("failed"))
        emit trainer.failed(QStringLiteral("loss became nan"));
    QCOMPARE(reproductionNote(recorder), expected);
}

QTEST_GUILESS_MAIN(TestRunRecorder)
#include "tst_runrecorder.moc"
