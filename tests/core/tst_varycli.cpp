// SPDX-License-Identifier: MIT
// `pelab train --vary` as a user runs it: a folder per run with exactly the files of the same
// run alone, the comparison's CSVs and figures, exit codes and refusals.
#include "ConfigJson.h"
#include "CoreTestSupport.h"
#include "TestSupport.h"
#include "run/SessionFile.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

namespace {

const QStringList smallShiftRun = test::smallShiftFlags();

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll()
                                          : QByteArray("<missing " + path.toUtf8() + ">");
}

} // namespace

class TestVaryCli : public QObject {
    Q_OBJECT
private slots:
    void eachVariantWritesWhatItWritesAlone()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("race");
        const auto raced = test::runProcess(
            test::pelabBinary(), QStringList{"train", "--vary", "encoding=learned,rope,alibi",
                                             "--out", out, "--figures", "png"} +
                                     smallShiftRun);
        QVERIFY2(raced.exitCode == 0, raced.err.constData());
        QVERIFY(raced.out.contains("[encoding=rope] Epoch 2, Loss: "));
        QVERIFY(raced.out.contains("[encoding=alibi] {\"length\": 12, "));
        QVERIFY(raced.out.contains("encoding=learned  finished"));
        QCOMPARE(
            QDir(out).entryList(QDir::Dirs | QDir::NoDotAndDotDot),
            QStringList({"comparison", "encoding-alibi", "encoding-learned", "encoding-rope"}));

        // The same config alone (one thread, as variants run) writes the same bytes.
        const QString alone = dir.filePath("alone");
        const auto single =
            test::runProcess(test::pelabBinary(), QStringList{"train", "--encoding", "rope",
                                                              "--threads", "1", "--out", alone} +
                                                      smallShiftRun);
        QVERIFY2(single.exitCode == 0, single.err.constData());
        for (const char *name : {"loss.csv", "validation.csv", "extrapolation.csv",
                                 "grad_norms.csv", "entropy.csv", "state_dict.pt"})
            QVERIFY2(readAll(out + "/encoding-rope/" + name) == readAll(alone + '/' + name), name);
        QVERIFY(QFile::exists(out + "/encoding-rope/loss.png"));

        const QString comparison = out + "/comparison/";
        for (const char *name :
             {"loss.csv", "validation.csv", "extrapolation.csv", "summary.csv", "loss.png",
              "accuracy.png", "extrapolation.png", "gradient_ratio.png", "entropy.png"})
            QVERIFY2(QFile::exists(comparison + name), name);
        const QByteArray loss = readAll(comparison + "loss.csv");
        QVERIFY(loss.startsWith("run,epoch,step,loss\nencoding=learned,1,1,"));
        // Every row of the single run's loss.csv, under its name.
        const QList<QByteArray> rows = readAll(alone + "/loss.csv").split('\n');
        for (int i = 1; i < rows.size() && !rows[i].isEmpty(); ++i)
            QVERIFY(loss.contains("\nencoding=rope," + rows[i] + '\n'));

        // Again into the same folder: replaced, not refused.
        const auto again = test::runProcess(
            test::pelabBinary(),
            QStringList{"train", "--vary", "encoding=learned,rope,alibi", "--out", out, "--quiet"} +
                smallShiftRun);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QVERIFY(again.out.isEmpty());
        QVERIFY(!QFile::exists(out + "/encoding-rope/loss.png")); // the new set has no figures
    }

    void refusesBadInputBeforeTraining_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("field") << QStringList{"--vary", "colour=1,2"}
                               << "--vary: \"colour\" is not a setting";
        QTest::newRow("dump") << QStringList{"--vary", "seed=0..1", "--dump", "x.json"}
                              << "cannot be combined with --dump";
        QTest::newRow("twice") << QStringList{"--vary", "seed=0..1", "--vary", "lr=1,2"}
                               << "--vary is given twice";
        QTest::newRow("variant") << QStringList{"--vary",  "heads=2,3", "--layers", "1",
                                                "--width", "8",         "--task",   "shift"}
                                 << "heads=3: heads: 3 with width 8 is not allowed";
    }
    void refusesBadInputBeforeTraining()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const auto result = test::runProcess(test::pelabBinary(), QStringList{"train"} + arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    }

    void keepsAFolderOfOtherFilesUntouched()
    {
        QTemporaryDir dir;
        QFile mine(dir.filePath("notes.txt"));
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("mine");
        mine.close();
        const auto result =
            test::runProcess(test::pelabBinary(), {"train", "--vary", "seed=0..1", "--epochs", "1",
                                                   "--out", dir.path()});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("already holds notes.txt"), result.err.constData());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList({"notes.txt"}));
    }

    // The window races them too: `pelab --config F --vary ...` opens, races, and with
    // --quit-when-done leaves once every run has ended.
    void theWindowRacesVariantsAsItOpens()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath("small.json");
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(configToJsonBytes(test::configFromFlags(smallShiftRun)));
        file.close();
        const QString shot = dir.filePath("race.png");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("PELAB_AUTOSAVE_FILE", dir.filePath("autosave.pelabsession"));
        env.insert("PELAB_AUTOSAVE_MS", "100");
        const auto result = test::runProcess(test::pelabBinary(),
                                             {"--config", config, "--vary", "encoding=learned,rope",
                                              "--screenshot", shot, "--quit-when-done"},
                                             {}, 120000, env);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(QImage(shot).width() > 800);
        // An automated window leaves nothing for the next one to offer as a lost session.
        QVERIFY(!QFile::exists(dir.filePath("autosave.pelabsession")));

        // Variants of the preset the window opens with, checked before it opens.
        const auto bad =
            test::runProcess(test::pelabBinary(),
                             {"--preset", "copy-attention", "--vary", "heads=2,3"}, {}, 30000, env);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("heads=3: heads: 3 with width 32 is not allowed"),
                 bad.err.constData());
    }

    // A window killed mid-race (kill -9) leaves its autosaved session whole: the next window
    // finds it and offers it back (the offer itself: tst_comparison).
    void aKilledWindowLeavesARecoverableSession()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath("small.json");
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        TrainingConfig c = test::configFromFlags(smallShiftRun);
        c.epochs = 2000; // still racing when killed
        file.write(configToJsonBytes(c));
        file.close();
        const QString autosave = dir.filePath("autosave.pelabsession");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("PELAB_AUTOSAVE_FILE", autosave);
        env.insert("PELAB_AUTOSAVE_MS", "200");
        env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
        env.insert("XDG_DATA_HOME", dir.filePath("data"));
        QProcess window;
        window.setProcessEnvironment(env);
        window.start(test::pelabBinary(), {"--config", config, "--vary", "seed=0..2"});
        QVERIFY(window.waitForStarted());
        std::optional<Session> session;
        QString error;
        QTRY_VERIFY_WITH_TIMEOUT((session = loadSessionFile(autosave, &error)) &&
                                     session->runs.size() == 3 &&
                                     session->runs[2].record.losses.size() > 5,
                                 60000);
        window.kill();
        QVERIFY(window.waitForFinished());
        session = loadSessionFile(autosave, &error);
        QVERIFY2(session, qPrintable(error));
        QCOMPARE(session->runs.size(), std::size_t(3));
        QCOMPARE(session->runs[1].record.config.seed, 1);
        QCOMPARE(session->runs[1].state, TrainerState::Stopped); // saved while it trained
    }

    void exitCodeIsTheWorstRunsAndEveryRunIsWritten()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("lr");
        const auto result =
            test::runProcess(test::pelabBinary(), {"train", "--vary", "lr=0.01,1e30", "--epochs",
                                                   "2", "--quiet", "--out", out});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("pelab: lr=1e+30: The loss became inf"),
                 result.err.constData());
        QVERIFY(QFile::exists(out + "/lr-1e+30/loss.csv"));
        const QByteArray summary = readAll(out + "/comparison/summary.csv");
        QVERIFY2(summary.contains("\nlr=0.01,0.01,finished,64,"), summary.constData());
        QVERIFY2(summary.contains("\nlr=1e+30,1e+30,diverged,2,"), summary.constData());
    }
};

QTEST_GUILESS_MAIN(TestVaryCli)
#include "tst_varycli.moc"
