// SPDX-License-Identifier: MIT
// The window's runs of a comparison: trained side by side on trainers of their own, with
// exactly the numbers of the same runs alone; names, colours, visibility, controls.
#include "CoreTestSupport.h"
#include "HeadlessRun.h"
#include "run/ParallelRuns.h"
#include "run/RunSet.h"
#include "run/StepGate.h"

#include <QSignalSpy>
#include <QtTest>

#include <bit>

using namespace pelab;

namespace {

TrainingConfig smallShift(EncodingKind encoding)
{
    TrainingConfig c = test::configFromFlags(test::smallShiftFlags());
    c.epochs = 3;
    c.encoding = encoding;
    return c;
}

bool ended(TrainerState state)
{
    return state == TrainerState::Finished || state == TrainerState::Stopped ||
           state == TrainerState::Failed;
}

} // namespace

class TestRunSet : public QObject {
    Q_OBJECT
private slots:
    void racedRunsMatchRunsAloneAndAreNamedByWhatDiffers()
    {
        RunSet runs(std::make_shared<StepGate>(parallelRunSlots()));
        QSignalSpy changed(&runs, &RunSet::runsChanged);
        const std::vector<TrainingConfig> configs{smallShift(EncodingKind::Learned),
                                                  smallShift(EncodingKind::Rope),
                                                  smallShift(EncodingKind::Alibi)};
        QStringList errors;
        QVERIFY2(runs.startRuns(configs, &errors), qPrintable(errors.join('\n')));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(runs.count(), 3);
        const std::vector<quint64> ids = runs.ids();
        QCOMPARE(runs.name(ids[1]), QStringLiteral("encoding=rope"));
        QVERIFY(runs.color(ids[0]) != runs.color(ids[1]));
        QTRY_VERIFY_WITH_TIMEOUT(!runs.anyActive(), 60000);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            QTRY_COMPARE(runs.state(ids[i]), TrainerState::Finished);
            const RunRecord &raced = runs.record(ids[i]);
            QCOMPARE(raced.config.threads, 1);
            const HeadlessResult alone = runHeadless(raced.config);
            QCOMPARE(raced.losses.size(), alone.record.losses.size());
            for (std::size_t s = 0; s < raced.losses.size(); ++s)
                QVERIFY(std::bit_cast<std::uint64_t>(raced.losses[s].loss) ==
                        std::bit_cast<std::uint64_t>(alone.record.losses[s].loss));
            QCOMPARE(raced.validation, alone.record.validation);
            QCOMPARE(raced.extrapolation, alone.record.extrapolation);
        }
        QCOMPARE(runs.variedFields(), QStringList({"encoding"}));
        QCOMPARE(runs.comparison().runs.size(), std::size_t(3));
    }

    void showHideRenameRemoveAndKeep()
    {
        RunSet runs(std::make_shared<StepGate>(1));
        QStringList errors;
        TrainingConfig a = smallShift(EncodingKind::Learned), b = a;
        b.seed = 7;
        QVERIFY(runs.startRuns({a, b}, &errors));
        const quint64 first = runs.ids()[0], second = runs.ids()[1];
        QCOMPARE(runs.name(second), QStringLiteral("seed=7"));
        runs.setVisible(first, false);
        QCOMPARE(runs.comparison().runs.size(), std::size_t(1));
        QCOMPARE(runs.comparison().runs[0].name, QStringLiteral("seed=7"));
        runs.rename(second, "  lucky  ");
        QCOMPARE(runs.name(second), QStringLiteral("lucky"));
        QVERIFY(runs.hasCustomName(second));
        runs.rename(second, QString());
        QCOMPARE(runs.name(second), QStringLiteral("seed=7"));

        // A kept run (the window's own) joins the comparison and the names follow.
        RunRecord kept;
        kept.config = a;
        kept.config.learningRate = 0.003;
        const quint64 third = runs.addRecord(kept, TrainerState::Stopped);
        QCOMPARE(runs.state(third), TrainerState::Stopped);
        QCOMPARE(runs.name(third), QStringLiteral("lr=0.003 seed=0"));
        QCOMPARE(runs.name(second), QStringLiteral("lr=0.01 seed=7"));

        runs.stop(first);
        QTRY_VERIFY(ended(runs.state(first)));
        runs.remove(first);
        QCOMPARE(runs.count(), 2);
        QVERIFY(!runs.contains(first));
        QCOMPARE(runs.name(second), QStringLiteral("lr=0.01 seed=7"));
        runs.remove(second); // still going: stopped and forgotten
        QCOMPARE(runs.ids(), std::vector<quint64>{third});
    }

    void pauseAndResumeAllTogether()
    {
        RunSet runs(std::make_shared<StepGate>(2));
        TrainingConfig a = smallShift(EncodingKind::Learned), b = a;
        a.epochs = b.epochs = 400; // long enough to pause midway
        b.seed = 1;
        QStringList errors;
        QVERIFY(runs.startRuns({a, b}, &errors));
        QTRY_VERIFY(runs.record(runs.ids()[1]).losses.size() > 3);
        runs.pauseAll();
        for (const quint64 id : runs.ids())
            QTRY_COMPARE(runs.state(id), TrainerState::Paused);
        QTest::qWait(300); // the snapshots already on their way arrive
        const std::size_t held = runs.record(runs.ids()[0]).losses.size();
        QTest::qWait(200);
        QCOMPARE(runs.record(runs.ids()[0]).losses.size(), held);
        runs.resumeAll();
        QTRY_VERIFY(runs.record(runs.ids()[0]).losses.size() > held);
        runs.stopAll();
        QTRY_VERIFY(!runs.anyActive());
    }

    // Eight runs: six train, two wait their turn and start as others end; a queued run that
    // is stopped never starts.
    void runsBeyondSixWaitTheirTurn()
    {
        RunSet runs(std::make_shared<StepGate>(2));
        std::vector<TrainingConfig> configs;
        for (int seed = 0; seed < 8; ++seed) {
            TrainingConfig c = smallShift(EncodingKind::Learned);
            c.seed = seed;
            configs.push_back(c);
        }
        QStringList errors;
        QVERIFY(runs.startRuns(configs, &errors));
        const std::vector<quint64> ids = runs.ids();
        int queued = 0;
        for (const quint64 id : ids)
            queued += runs.isQueued(id);
        QCOMPARE(queued, 2);
        QVERIFY(runs.isQueued(ids[7]) && runs.isActive(ids[7]));
        runs.stop(ids[7]);
        QVERIFY(!runs.isQueued(ids[7]));
        QCOMPARE(runs.state(ids[7]), TrainerState::Stopped);
        QTRY_VERIFY_WITH_TIMEOUT(!runs.anyActive(), 60000);
        QCOMPARE(runs.state(ids[6]), TrainerState::Finished);
        QCOMPARE(runs.record(ids[6]).losses.size(), std::size_t(configs[6].totalSteps()));
        QVERIFY(runs.record(ids[7]).losses.empty());
    }

    void refusesInvalidVariantsNamingThem()
    {
        RunSet runs(std::make_shared<StepGate>(2));
        TrainingConfig a = smallShift(EncodingKind::Learned), b = a;
        b.heads = 3;
        QStringList errors;
        QVERIFY(!runs.startRuns({a, b}, &errors));
        QCOMPARE(runs.count(), 0);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].startsWith("heads=3: "), qPrintable(errors[0]));
    }
};

QTEST_GUILESS_MAIN(TestRunSet)
#include "tst_runset.moc"
