// SPDX-License-Identifier: MIT
// Variants: parsing --vary, naming runs by what differs, training them side by side with the
// numbers they give alone, and the comparison's CSVs.
#include "CoreTestSupport.h"
#include "HeadlessRun.h"
#include "export/ComparisonExport.h"
#include "figures/ComparisonFigure.h"
#include "figures/LineChart.h"
#include "run/ParallelRuns.h"
#include "run/RunSummary.h"
#include "run/StepGate.h"
#include "run/Variants.h"

#include <QJsonArray>
#include <QtTest>

#include <bit>
#include <mutex>
#include <string>
#include <thread>

using namespace pelab;

namespace {

TrainingConfig smallShift()
{
    return test::configFromFlags(test::smallShiftFlags());
}

bool sameBits(double a, double b)
{
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

} // namespace

class TestVariants : public QObject {
    Q_OBJECT
private slots:
    void parsesChoicesRangesSwitchesAndLists()
    {
        QString error;
        auto v = parseVariation("encoding=learned,sinusoidal,none,rope,alibi", &error);
        QVERIFY2(v, qPrintable(error));
        QCOMPARE(v->field, QStringLiteral("encoding"));
        QCOMPARE(v->values.size(), 5);
        QCOMPARE(v->values[3].toString(), QStringLiteral("rope"));

        v = parseVariation("seed=0..4", &error);
        QVERIFY2(v, qPrintable(error));
        QCOMPARE(v->values.size(), 5);
        QCOMPARE(v->values[4].toInteger(), 4);

        v = parseVariation("--seq-len=8, 16", &error); // a flag, spaces
        QVERIFY2(v, qPrintable(error));
        QCOMPARE(v->field, QStringLiteral("seq_len"));
        QCOMPARE(v->values[1].toInteger(), 16);

        v = parseVariation("residual=true,false", &error);
        QVERIFY2(v, qPrintable(error));
        QCOMPARE(v->values[1].toBool(), false);

        v = parseVariation("eval-lengths=16,32;16,64", &error);
        QVERIFY2(v, qPrintable(error));
        QCOMPARE(v->values[1].toArray().at(1).toInteger(), 64);

        v = parseVariation("lr=1e-3,3e-3", &error);
        QVERIFY2(v, qPrintable(error));
        QCOMPARE(v->values[1].toDouble(), 3e-3);
    }

    void refusesWhatItCannotVary_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("no values") << "encoding"
                                   << "give FIELD=V1,V2";
        QTest::newRow("unknown") << "colour=red,blue"
                                 << "\"colour\" is not a setting";
        QTest::newRow("threads") << "threads=1,2"
                                 << "threads cannot be varied";
        QTest::newRow("one value") << "seed=3"
                                   << "seed: 1 values given; give 2 to 20";
        QTest::newRow("twice") << "seed=1,2,1"
                               << "seed: 1 is given twice";
        QTest::newRow("bad choice") << "encoding=learned,cosine"
                                    << "encoding: \"cosine\" is not allowed; use one of";
        QTest::newRow("range") << "layers=0..30"
                               << "layers: the range 0..30 is not allowed";
        QTest::newRow("out of range") << "dropout=0,1"
                                      << "dropout: 1.0 is not allowed";
        QTest::newRow("switch") << "causal=true,maybe"
                                << "causal: \"maybe\" is not allowed";
    }
    void refusesWhatItCannotVary()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!parseVariation(text, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void variantsAreTheBaseWithOneSettingChanged()
    {
        QString error;
        const auto v = parseVariation("width=16,24", &error);
        QVERIFY(v);
        QStringList errors;
        const TrainingConfig base = smallShift();
        const auto configs = variantConfigs(base, *v, &errors);
        QCOMPARE(configs.size(), std::size_t(2));
        // width 24 with 2 heads is fine; 3 heads would not divide 16.
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
        QCOMPARE(configs[1].width, 24);
        TrainingConfig expected = base;
        expected.width = 24;
        QCOMPARE(configs[1], expected);

        TrainingConfig three = base;
        three.heads = 3;
        errors.clear();
        const auto bad = variantConfigs(three, *parseVariation("width=24,16", &error), &errors);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].startsWith("width=16: "), qPrintable(errors[0]));
    }

    void namesComeFromTheSettingsThatDiffer()
    {
        TrainingConfig a = smallShift(), b = a, c = a;
        b.encoding = EncodingKind::Rope;
        c.encoding = EncodingKind::Rope;
        c.seed = 1;
        QCOMPARE(differingFields({a, b, c}), QStringList({"encoding", "seed"}));
        QCOMPARE(runNames({a, b, c}),
                 QStringList(
                     {"encoding=learned seed=0", "encoding=rope seed=0", "encoding=rope seed=1"}));
        QCOMPARE(runNames({a}), QStringList({"run"}));
        QCOMPARE(runNames({a, a, b}),
                 QStringList({"encoding=learned", "encoding=learned #2", "encoding=rope"}));
        QCOMPARE(runFolderName("encoding=rope seed=1"), QStringLiteral("encoding-rope_seed-1"));
        QCOMPARE(runFolderName("lr=0.003 #2"), QStringLiteral("lr-0.003__2"));
        QCOMPARE(runFolderName("../x"), QStringLiteral("_.._x"));
    }

    // The point of racing: a variant gives exactly what the same config gives alone.
    void sideBySideRunsMatchRunsAloneBitForBit()
    {
        std::vector<TrainingConfig> configs(3, smallShift());
        configs[1].encoding = EncodingKind::Rope;
        configs[2].encoding = EncodingKind::Alibi;
        configs[2].dropout = 0.1; // dropout draws from the run's own generator too
        ParallelRunOptions options;
        options.concurrent = 2;
        const std::vector<ParallelRun> raced = runInParallel(configs, options);
        QCOMPARE(raced.size(), configs.size());
        for (std::size_t i = 0; i < configs.size(); ++i) {
            QVERIFY(raced[i].error.isEmpty());
            const HeadlessResult alone = runHeadless(configs[i]);
            const RunRecord &r = raced[i].result.record;
            QCOMPARE(r.config.encoding, configs[i].encoding);
            QCOMPARE(r.losses.size(), alone.record.losses.size());
            for (std::size_t s = 0; s < r.losses.size(); ++s)
                QVERIFY2(sameBits(r.losses[s].loss, alone.record.losses[s].loss),
                         qPrintable(QStringLiteral("run %1 step %2").arg(i).arg(s + 1)));
            QCOMPARE(r.validation, alone.record.validation);
            QCOMPARE(r.extrapolation, alone.record.extrapolation);
            QCOMPARE(r.stateDict.size(), alone.record.stateDict.size());
            for (std::size_t p = 0; p < r.stateDict.size(); ++p)
                QVERIFY(r.stateDict[p].array.values == alone.record.stateDict[p].array.values);
        }
    }

    void aStopEndsEveryRun()
    {
        std::vector<TrainingConfig> configs(3, smallShift());
        configs[1].seed = 1;
        configs[2].seed = 2;
        std::atomic<bool> stop{false};
        ParallelRunOptions options;
        options.concurrent = 1;
        options.stop = &stop;
        options.onEpoch = [&](int, std::int64_t, double) { stop = true; };
        const auto runs = runInParallel(configs, options);
        std::size_t most = 0;
        for (const ParallelRun &run : runs) {
            QVERIFY(run.result.interrupted);
            most = std::max(most, run.result.record.losses.size());
        }
        QCOMPARE(most, std::size_t(configs[0].stepsPerEpoch()));
    }

    // First come, first served: a run that gives its slot up and asks again waits behind the
    // run already waiting, so runs take turns instead of one hogging the cores.
    void aRunThatAsksAgainWaitsBehindTheOneWaiting()
    {
        StepGate gate(1);
        std::mutex mutex;
        std::string order;
        const auto note = [&](char c) {
            const std::lock_guard lock(mutex);
            order += c;
        };
        for (int round = 0; round < 20; ++round) {
            StepTurns mine(&gate, std::chrono::steady_clock::duration::zero());
            mine.beforeStep(); // holding
            std::thread other([&] {
                const StepSlot slot(&gate);
                note('b');
            });
            while (gate.waiting() < 1)
                std::this_thread::yield();
            mine.afterStep(); // a turn of no length ends at once
            mine.beforeStep();
            note('a');
            mine.end();
            other.join();
        }
        std::string expected;
        for (int round = 0; round < 20; ++round)
            expected += "ba";
        QCOMPARE(order, expected);
    }

    void aGateLetsNoMoreStepsThanItsSlotsRunAtOnce()
    {
        StepGate gate(2);
        std::atomic<int> inside{0}, most{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 6; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 200; ++i) {
                    const StepSlot slot(&gate);
                    const int now = ++inside;
                    int seen = most.load();
                    while (now > seen && !most.compare_exchange_weak(seen, now)) {
                    }
                    std::this_thread::yield();
                    --inside;
                }
            });
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(most.load(), 2);
        QCOMPARE(inside.load(), 0);
    }

    void comparisonCsvsHaveARunColumn()
    {
        QCOMPARE(csvField("a=1 b=2"), QByteArray("a=1 b=2"));
        QCOMPARE(csvField("a,\"b\""), QByteArray("\"a,\"\"b\"\"\""));
        const QByteArray merged = csvWithRunColumn({{"x", "step,loss\n1,2.5\n2,2\n"},
                                                    {"y,z", "step,loss\n1,3\n"},
                                                    {"empty", "step,loss\n"}});
        QCOMPARE(merged, QByteArray("run,step,loss\nx,1,2.5\nx,2,2\n\"y,z\",1,3\n"));

        std::vector<TrainingConfig> configs(2, smallShift());
        configs[1].encoding = EncodingKind::None;
        const auto runs = runInParallel(configs);
        ComparisonData data;
        data.varied = differingFields(configs);
        const QStringList names = runNames(configs);
        for (int i = 0; i < 2; ++i)
            data.runs.push_back({names[i], seriesColor(i), &runs[std::size_t(i)].result.record});
        const auto files = comparisonCsvFiles(data, {"finished", "finished"});
        QStringList fileNames;
        for (const auto &[name, bytes] : files)
            fileNames << name;
        QCOMPARE(fileNames,
                 QStringList({"loss.csv", "validation.csv", "extrapolation.csv", "grad_norms.csv",
                              "entropy.csv", "rank.csv", "summary.csv"}));
        const QList<QByteArray> loss = files[0].second.split('\n');
        QCOMPARE(loss[0], QByteArray("run,epoch,step,loss"));
        QVERIFY(loss[1].startsWith("encoding=learned,1,1,"));
        QCOMPARE(files[0].second.count("encoding=none,"),
                 qsizetype(runs[1].result.record.losses.size()));

        const QList<QByteArray> summary = files.back().second.split('\n');
        QVERIFY(summary[0].startsWith("run,encoding,state,steps,final_loss,"));
        const RunSummary s = summarizeRun(runs[1].result.record);
        QCOMPARE(*s.longestLength, 12);
        QVERIFY2(summary[2].startsWith("encoding=none,none,finished,6,"), summary[2].constData());
        QVERIFY(summary[2].contains(QByteArray::number(*s.longestAccuracy, 'g', 17).left(6)));

        QCOMPARE(comparisonChartsFor(data).size(), allComparisonCharts().size());
        QVERIFY(comparisonCaption(data).startsWith("2 runs differing in encoding"));
        QVERIFY(!comparisonCaption(data).contains("encoding learned"));
    }
};

QTEST_GUILESS_MAIN(TestVariants)
#include "tst_variants.moc"
