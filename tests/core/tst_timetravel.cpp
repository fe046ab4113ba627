// SPDX-License-Identifier: MIT
// Time travel: each run keeps snapshots of its table and attention at scheduled steps, within
// a memory budget, and the record at a step shows what a run stopped at that step shows.
#include "CoreTestSupport.h"
#include "HeadlessRun.h"
#include "training/TrainingLoop.h"

#include <QtTest>

using namespace pelab;

class TestTimeTravel : public QObject {
    Q_OBJECT
private slots:
    // The notebook's run for 3 epochs, seen at step 32, is the run of 1 epoch.
    void aSnapshotIsTheRunStoppedAtThatStep()
    {
        TrainingConfig longer;
        longer.epochs = 3;
        TrainingConfig shorter = longer;
        shorter.epochs = 1;
        const HeadlessResult a = runHeadless(longer), b = runHeadless(shorter);
        const std::int64_t s = shorter.totalSteps();
        const RunSnapshot *snapshot = a.record.snapshotAt(s);
        QVERIFY(snapshot);
        QCOMPARE(snapshot->step, s);
        QVERIFY(snapshot->embedding == b.record.embedding);
        QVERIFY(snapshot->head.has_value()); // the seed's linear layer travels too
        const RunRecord at = recordAtStep(a.record, s);
        QCOMPARE(at.losses.size(), b.record.losses.size());
        QCOMPARE(at.losses.back().loss, b.record.losses.back().loss);
        QVERIFY(at.embedding == b.record.embedding);
        QVERIFY(at.extrapolation.empty() && at.stateDict.empty());
        // Step 0 is the initialisation.
        QVERIFY(a.record.snapshotAt(0)->embedding == a.record.initialEmbedding);
        QVERIFY(recordAtStep(a.record, 0).losses.empty());
        // Past the end: the whole record.
        QCOMPARE(recordAtStep(a.record, 1'000'000).stateDict.size(), a.record.stateDict.size());
    }

    // An optimizer overflow belongs to the record from its step on.
    void anOverflowShowsFromItsStep()
    {
        const HeadlessResult blown =
            runHeadless(test::configFromFlags({"--lr", "1e7", "--epochs", "1"}));
        QVERIFY(blown.failure.isEmpty());
        QVERIFY(blown.record.optimizerOverflow);
        QCOMPARE(blown.record.optimizerOverflow->step, std::int64_t(2));
        QVERIFY(!recordAtStep(blown.record, 1).optimizerOverflow);
        QCOMPARE(recordAtStep(blown.record, 2).optimizerOverflow, blown.record.optimizerOverflow);
        QVERIFY(!runHeadless(TrainingConfig()).record.optimizerOverflow);
    }

    // With attention, a snapshot at a probe step carries that step's attention: the maps of a
    // run stopped there.
    void attentionTravelsWithTheTable()
    {
        TrainingConfig longer = test::configFromFlags(test::smallShiftFlags());
        longer.epochs = 10; // 3 steps an epoch, a probe every 7 steps
        TrainingConfig shorter = longer;
        shorter.epochs = 7; // stops at step 21, a probe step
        const HeadlessResult a = runHeadless(longer), b = runHeadless(shorter);
        TrainingLoop loop(longer);
        QCOMPARE(loop.probeEvery(), 7);
        QCOMPARE(loop.snapshots().every, 7);
        std::vector<std::int64_t> steps;
        for (const RunSnapshot &snapshot : a.record.snapshots)
            steps.push_back(snapshot.step);
        QCOMPARE(steps, std::vector<std::int64_t>({0, 1, 2, 4, 7, 14, 21, 28, 30}));
        const RunSnapshot *snapshot = a.record.snapshotAt(22);
        QCOMPARE(snapshot->step, 21);
        QCOMPARE(snapshot->attentionStep, 21);
        QVERIFY(snapshot->attention == b.record.latest.value("attention"));
        QVERIFY(snapshot->embedding == b.record.embedding);
        const RunRecord at = recordAtStep(a.record, 22);
        QCOMPARE(at.losses.size(), std::size_t(22));
        QCOMPARE(at.probes.back().step, 21);
        QVERIFY(at.latest.value("attention") == snapshot->attention);
        for (const Evaluation &e : at.validation)
            QVERIFY(e.step <= 22);
    }

    // At most about 200 snapshots, and within 16 MiB however big the table and attention are.
    void snapshotsStayWithinTheirBudget()
    {
        // Counts the steps a schedule keeps (0 and the last included), as the loop does.
        const auto kept = [](const TrainingConfig &config, std::int64_t probeEvery) {
            const auto schedule = TrainingLoop::snapshotSchedule(config, probeEvery);
            std::int64_t count = 1;
            for (std::int64_t step = 1; step <= config.totalSteps(); ++step) {
                const bool powerOfTwo = (step & (step - 1)) == 0;
                count += (powerOfTwo && step < schedule.logSpacedBelow) ||
                         step % schedule.every == 0 || step == config.totalSteps();
            }
            return count;
        };
        TrainingConfig seed;
        seed.epochs = 300; // 9,600 steps
        QVERIFY(kept(seed, 0) <= 200);
        QVERIFY(kept(seed, 0) >= 150);

        for (const char *length : {"32", "128", "512"}) {
            const TrainingConfig big = test::configFromFlags(
                {"--task", "shift", "--layers", "8", "--heads", "8", "--width", "64", "--seq-len",
                 length, "--samples", "6400", "--batch-size", "32", "--epochs", "10"});
            const double bytes = TrainingLoop::snapshotBytes(big);
            const std::int64_t count = kept(big, 7);
            // Regular snapshots fall on probe steps (unless only the start and end fit).
            const auto schedule = TrainingLoop::snapshotSchedule(big, 7);
            QVERIFY(schedule.every % 7 == 0 || schedule.every == big.totalSteps());
            QVERIFY2(double(count) * bytes <=
                         std::max(TrainingLoop::snapshotBudgetBytes, 2 * bytes),
                     qPrintable(QStringLiteral("L %1: %2 snapshots of %3 bytes")
                                    .arg(length)
                                    .arg(count)
                                    .arg(bytes)));
        }
    }
};

QTEST_GUILESS_MAIN(TestTimeTravel)
#include "tst_timetravel.moc"
