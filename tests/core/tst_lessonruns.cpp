// SPDX-License-Identifier: MIT
// ctest-label: slow
// Every built-in lesson, run headless as `pelab lesson` runs it, shows the effects it states:
// with its own seed, and with another (the effect must not be luck).
#include "lessons/BuiltinLessons.h"
#include "lessons/CostExplorer.h"
#include "lessons/LessonOutcome.h"
#include "run/ParallelRuns.h"

#include <QElapsedTimer>
#include <QTest>

using namespace pelab;

class TestLessonRuns : public QObject {
    Q_OBJECT
private slots:
    void showsItsEffects_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("seedOffset");
        for (const Lesson &lesson : builtinLessons())
            for (const int offset : lesson.cost ? std::vector<int>{0} : std::vector<int>{0, 1})
                QTest::newRow(qPrintable(QStringLiteral("%1 seed+%2").arg(lesson.id).arg(offset)))
                    << lesson.id << offset;
    }
    void showsItsEffects()
    {
        QFETCH(QString, id);
        QFETCH(int, seedOffset);
        const LessonLoadResult loaded = findLesson(id);
        QVERIFY(loaded.lesson);
        const Lesson &lesson = *loaded.lesson;
        QElapsedTimer timer;
        timer.start();
        std::int64_t seed = lesson.settings.seed;
        std::vector<ParallelRun> runs;
        std::vector<const RunRecord *> records;
        CostResults cost;
        if (lesson.cost) {
            // The quadratic-cost lesson measures attention instead of training runs.
            cost = runCostExplorer(*lesson.cost, lesson.settings);
            QVERIFY(cost.skipped.isEmpty()); // every length fits this machine
        } else {
            seed = lesson.runs.front().config.seed + seedOffset;
            runs = runInParallel(lesson.configs(seed));
        }
        for (const ParallelRun &run : runs) {
            QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
            QVERIFY2(run.result.failure.isEmpty(), qPrintable(run.result.failure));
            records.push_back(&run.result.record);
        }
        const LessonOutcome outcome = measureLesson(lesson, records, &cost);
        qInfo("%s, seed %lld: %.1f s", qPrintable(lesson.id), static_cast<long long>(seed),
              double(timer.elapsed()) / 1000);
        for (const QString &sentence : outcome.sentences) {
            qInfo("  %s", qPrintable(sentence));
            QVERIFY2(!sentence.contains(QStringLiteral("n/a")), qPrintable(sentence));
        }
        for (const EffectResult &effect : outcome.effects)
            QVERIFY2(
                effect.shown.value_or(false),
                qPrintable(
                    QStringLiteral("%1: %2 (%3)").arg(effect.says, effect.check, effect.measured)));
    }
};

QTEST_GUILESS_MAIN(TestLessonRuns)
#include "tst_lessonruns.moc"
