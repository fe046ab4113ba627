// SPDX-License-Identifier: MIT
// Learning rates set during a run: `pelab train --lr-at STEP=LR` trains with them, records
// them in lr_schedule.csv beside config.json (which keeps the start settings), and the
// exported reproduce.py replays them in PyTorch bit for bit. Bad schedules are refused
// naming the flag.
#include "LearningRateSchedule.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

class TestLrSchedule : public QObject {
    Q_OBJECT
private slots:
    void parsesAndRefuses_data();
    void parsesAndRefuses();
    void cliRefusesBadSchedules_data();
    void cliRefusesBadSchedules();
    void reproducePyReplaysTheChanges_data();
    void reproducePyReplaysTheChanges();
};

void TestLrSchedule::parsesAndRefuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("plain") << "200=0.001" << true;
    QTest::newRow("spaces and exponent") << " 3 = 1e-4 " << true;
    QTest::newRow("step 0") << "0=0.1" << false;
    QTest::newRow("negative rate") << "5=-0.1" << false;
    QTest::newRow("zero rate") << "5=0" << false;
    QTest::newRow("not a number") << "5=fast" << false;
    QTest::newRow("infinite") << "5=inf" << false;
    QTest::newRow("no equals") << "5" << false;
    QTest::newRow("two equals") << "5=1=2" << false;
    QTest::newRow("fractional step") << "2.5=0.1" << false;
}

void TestLrSchedule::parsesAndRefuses()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QString error;
    const auto change = parseLearningRateChange(text, &error);
    QCOMPARE(change.has_value(), ok);
    if (ok) {
        QVERIFY(error.isEmpty());
        // The flag it writes reads back as the same change, exactly.
        const QStringList flags = learningRateFlags({*change});
        QCOMPARE(flags.size(), 2);
        QCOMPARE(flags[0], QStringLiteral("--lr-at"));
        QCOMPARE(parseLearningRateChange(flags[1], nullptr), change);
    } else {
        QVERIFY2(error.contains(text) && error.contains("allowed"), qPrintable(error));
    }
}

void TestLrSchedule::cliRefusesBadSchedules_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("step 0") << QStringList{"--lr-at", "0=0.1"}
                            << "--lr-at: \"0=0.1\" is not allowed; STEP must be";
    QTest::newRow("bad rate") << QStringList{"--lr-at", "4=slow"}
                              << "--lr-at: \"4=slow\" is not allowed; LR must be a positive";
    // The notebook's run: 1000 samples in batches of 32 for 3 epochs, 96 steps.
    QTest::newRow("past the end") << QStringList{"--lr-at", "97=0.1"}
                                  << "--lr-at: step 97 is past the run's end; this run has 96";
    QTest::newRow("twice") << QStringList{"--lr-at", "5=0.1", "--lr-at", "5=0.2"}
                           << "--lr-at: step 5 is given twice";
    QTest::newRow("with --vary") << QStringList{"--lr-at", "5=0.1", "--vary", "seed=0,1"}
                                 << "--lr-at changes one run's learning rate: it cannot be "
                                    "combined with --vary";
}

void TestLrSchedule::cliRefusesBadSchedules()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto result = test::runProcess(test::pelabBinary(), QStringList{"train"} + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    QVERIFY(result.out.isEmpty()); // refused before training
}

void TestLrSchedule::reproducePyReplaysTheChanges_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QByteArray>("schedule"); // lr_schedule.csv
    QTest::newRow("the notebook, Adam") << QStringList{"--lr-at", "20=0.05", "--lr-at", "70=0.001"}
                                        << QByteArray("step,lr\n20,0.05\n70,0.001\n");
    // AdamW's decoupled weight decay multiplies by the rate too; a transformer of the family.
    QTest::newRow("shift, 1 layer, AdamW")
        << QStringList{"--task",      "shift",   "--layers", "1",         "--width",
                       "16",          "--heads", "2",        "--samples", "256",
                       "--optimizer", "adamw",   "--epochs", "2",         "--eval-lengths",
                       "20",          "--lr-at", "9=0.003",  "--lr-at",   "3=0.05"}
        << QByteArray("step,lr\n3,0.05\n9,0.003\n");
}

void TestLrSchedule::reproducePyReplaysTheChanges()
{
    QFETCH(QStringList, flags);
    QFETCH(QByteArray, schedule);
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    const auto pelab =
        test::runProcess(test::pelabBinary(), QStringList{"train", "--out", out} + flags);
    QCOMPARE(pelab.exitCode, 0);
    // Without the schedule the same run prints other numbers: the change mattered.
    QStringList plainFlags = flags;
    for (int i = plainFlags.indexOf("--lr-at"); i >= 0; i = plainFlags.indexOf("--lr-at"))
        plainFlags.remove(i, 2);
    const auto plain = test::runProcess(test::pelabBinary(), QStringList{"train"} + plainFlags);
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(plain.out != pelab.out);

    QFile csv(QDir(out).filePath("lr_schedule.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), schedule);
    // config.json keeps the settings the run started with.
    QFile config(QDir(out).filePath("config.json"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(config.readAll())["optimizer"]["lr"].toDouble(), 0.01);

    if (test::runProcess(test::torchPython(), {"-c", "import torch"}).exitCode != 0)
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    const auto python = test::runProcess(test::torchPython(), {QDir(out).filePath("reproduce.py")});
    QVERIFY2(python.exitCode == 0, python.err.constData());
    QCOMPARE(python.out, pelab.out);
}

QTEST_GUILESS_MAIN(TestLrSchedule)
#include "tst_lrschedule.moc"
