// SPDX-License-Identifier: MIT
// The `pelab` binary as a user runs it: exit codes, messages, files.
#include "ConfigJson.h"
#include "TestSupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void seedRunPrintsTheNotebooksLines();
    void helpAndVersion();
    void badInput_data();
    void badInput();
    void divergenceExitsOne();
    void outWritesRoundTrippingFiles();
    void configFileAndFlagOverride();
    void outputFolderThatCannotBeCreated();
    void emptyOutIsAnError();
    void newRunReplacesAnOldRunsFiles();
    void failedRunLeavesNoFoldersBehind();
    void unwritableFolderIsRefusedBeforeTraining();
    void fullDiskIsAnErrorAndLeavesNothing();
    void stdoutThatCannotBeWrittenIsAnError();
};

void TestCli::seedRunPrintsTheNotebooksLines()
{
    const auto result = test::runProcess(test::pelabBinary(), {"train"});
    QCOMPARE(result.exitCode, 0);
    const QStringList lines = QString::fromUtf8(result.out).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QRegularExpression pattern(R"(^Epoch [123], Loss: \d\.\d+(e-\d\d)?$)");
    for (const QString &line : lines)
        QVERIFY2(pattern.match(line).hasMatch(), qPrintable(line));
    QVERIFY(result.err.isEmpty());
}

void TestCli::helpAndVersion()
{
    const auto help = test::runProcess(test::pelabBinary(), {"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("pelab train"));
    const auto trainHelp = test::runProcess(test::pelabBinary(), {"train", "--help"});
    QCOMPARE(trainHelp.exitCode, 0);
    QVERIFY(trainHelp.out.contains("--batch-size"));
    const auto version = test::runProcess(test::pelabBinary(), {"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("pelab " PELAB_VERSION));
    QVERIFY(version.out.contains("LibTorch"));
}

void TestCli::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("messages"); // each must appear on stderr
    QTest::newRow("lr zero") << QStringList{"train", "--lr", "0"}
                             << QStringList{"--lr: 0.0 is not allowed; use a finite number"};
    QTest::newRow("lr not a number")
        << QStringList{"train", "--lr", "fast"} << QStringList{"--lr: \"fast\" is not a number"};
    QTest::newRow("batch zero") << QStringList{"train", "--batch-size=0"}
                                << QStringList{"--batch-size: 0 is not allowed"};
    QTest::newRow("epochs word") << QStringList{"train", "--epochs", "three"}
                                 << QStringList{"--epochs: \"three\" is not a whole number"};
    QTest::newRow("missing value")
        << QStringList{"train", "--seed"} << QStringList{"--seed needs a value"};
    QTest::newRow("unknown flag") << QStringList{"train", "--fast"}
                                  << QStringList{"unknown option --fast"};
    QTest::newRow("unknown optimizer") << QStringList{"train", "--optimizer", "rmsprop"}
                                       << QStringList{"--optimizer: \"rmsprop\" is not allowed"};
    QTest::newRow("unknown task") << QStringList{"train", "--task", "copy"}
                                  << QStringList{"--task: \"copy\" is not allowed"};
    QTest::newRow("momentum 1") << QStringList{"train", "--momentum", "1"}
                                << QStringList{"--momentum: 1.0 is not allowed"};
    QTest::newRow("threads") << QStringList{"train", "--threads", "0"}
                             << QStringList{"--threads: 0 is not allowed; use a whole number "
                                            "from 1 to 256"};
    QTest::newRow("every problem at once")
        << QStringList{"train", "--lr", "-1", "--epochs", "x", "--samples", "0"}
        << QStringList{"--epochs: \"x\"", "--lr: -1.0", "--samples: 0"};
    QTest::newRow("too big for memory")
        << QStringList{"train", "--samples", "100000000", "--seq-len", "100000"}
        << QStringList{"would need about", "TiB"};
    QTest::newRow("missing config") << QStringList{"train", "--config", "/nonexistent/c.json"}
                                    << QStringList{"/nonexistent/c.json: cannot read"};
    QTest::newRow("lr beyond a double") << QStringList{"train", "--lr", "1e400"}
                                        << QStringList{"--lr: 1e400 is beyond what a number"};
    QTest::newRow("seed beyond int64") << QStringList{"train", "--seed", "99999999999999999999"}
                                       << QStringList{"--seed: 99999999999999999999 is far out "
                                                      "of range"};
    QTest::newRow("stray argument")
        << QStringList{"trian"} << QStringList{"unexpected argument \"trian\""};
}

void TestCli::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, messages);
    QTemporaryDir dir;
    const QString out = dir.filePath("out");
    const auto result =
        test::runProcess(test::pelabBinary(), arguments + QStringList{"--out", out});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    const QString err = QString::fromUtf8(result.err);
    for (const QString &message : messages)
        QVERIFY2(err.contains(message), qPrintable(err));
    for (const QString &line : err.split('\n', Qt::SkipEmptyParts))
        QVERIFY2(line.startsWith("pelab: "), qPrintable(line));
    QVERIFY2(result.elapsedMs < 5000, "bad input must be refused at once");
    QVERIFY(!QFileInfo::exists(out)); // nothing written
}

void TestCli::divergenceExitsOne()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("out");
    const auto result =
        test::runProcess(test::pelabBinary(), {"train", "--lr", "1e30", "--out", out});
    QCOMPARE(result.exitCode, 1);
    const QString err = QString::fromUtf8(result.err);
    QVERIFY2(err.contains("epoch 1, step 2"), qPrintable(err));
    QVERIFY(err.contains("Lower the learning rate"));
    QVERIFY(!QFileInfo::exists(out));
}

void TestCli::outWritesRoundTrippingFiles()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("nested/run");
    const auto result =
        test::runProcess(test::pelabBinary(), {"train", "--epochs", "2", "--batch-size", "300",
                                               "--task", "position-signal", "--out", out});
    QCOMPARE(result.exitCode, 0);
    const QStringList lines = QString::fromUtf8(result.out).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);

    QFile loss(QDir(out).filePath("loss.csv"));
    QVERIFY(loss.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(loss.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.first(), QString("epoch,step,loss"));
    QCOMPARE(rows.size(), 1 + 2 * 4); // 4 batches (300, 300, 300, 100) per epoch
    // The last row of each epoch is what the epoch line printed, digit for digit.
    QCOMPARE("Epoch 1, Loss: " + rows[4].section(',', 2), lines[0]);
    QCOMPARE("Epoch 2, Loss: " + rows[8].section(',', 2), lines[1]);
    QCOMPARE(rows[8].section(',', 0, 1), QString("2,8"));

    QFile embeddings(QDir(out).filePath("embeddings.csv"));
    QVERIFY(embeddings.open(QIODevice::ReadOnly));
    const QStringList embeddingRows =
        QString::fromUtf8(embeddings.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(embeddingRows.size(), 1 + 10);
    QCOMPARE(embeddingRows.first(), QString("position,dim_0"));

    const ConfigLoadResult config = loadConfigFile(QDir(out).filePath("config.json"));
    QVERIFY(config.config.has_value());
    QCOMPARE(config.config->task, TaskKind::PositionSignal);
    QCOMPARE(config.config->batchSize, 300);
}

void TestCli::configFileAndFlagOverride()
{
    QTemporaryDir dir;
    QFile file(dir.filePath("c.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"epochs": 1, "seed": 7, "batch_size": 500})");
    file.close();
    const auto fromFile =
        test::runProcess(test::pelabBinary(), {"train", "--config", file.fileName()});
    QCOMPARE(fromFile.exitCode, 0);
    const auto flags = test::runProcess(
        test::pelabBinary(), {"train", "--epochs", "1", "--seed", "7", "--batch-size", "500"});
    QCOMPARE(fromFile.out, flags.out);
    // A flag overrides the file, whichever comes first.
    const auto overridden = test::runProcess(
        test::pelabBinary(), {"train", "--epochs", "2", "--config", file.fileName()});
    QCOMPARE(QString::fromUtf8(overridden.out).split('\n', Qt::SkipEmptyParts).size(), 2);
}

void TestCli::newRunReplacesAnOldRunsFiles()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    QCOMPARE(test::runProcess(test::pelabBinary(),
                              {"train", "--epochs", "1", "--out", out, "--figures", "png"})
                 .exitCode,
             0);
    QVERIFY(QFileInfo::exists(QDir(out).filePath("loss.png")));
    QCOMPARE(test::runProcess(test::pelabBinary(),
                              {"train", "--epochs", "1", "--seed", "5", "--out", out})
                 .exitCode,
             0);
    QVERIFY(!QFileInfo::exists(QDir(out).filePath("loss.png"))); // no stale figure of seed 0
    QVERIFY(QFileInfo::exists(QDir(out).filePath("loss.csv")));
}

void TestCli::emptyOutIsAnError()
{
    for (const QStringList &arguments :
         {QStringList{"train", "--out="}, QStringList{"train", "--out", ""}}) {
        const auto result = test::runProcess(test::pelabBinary(), arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("--out: the folder name is empty"), result.err.constData());
    }
}

void TestCli::failedRunLeavesNoFoldersBehind()
{
    QTemporaryDir dir;
    const auto result = test::runProcess(test::pelabBinary(),
                                         {"train", "--lr", "1e30", "--out", dir.filePath("a/b/c")});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
}

void TestCli::unwritableFolderIsRefusedBeforeTraining()
{
    // /proc/self exists and is a folder, but takes no files: found out before training.
    const auto result = test::runProcess(test::pelabBinary(), {"train", "--out", "/proc/self"});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("cannot write into the output folder /proc/self"),
             result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void TestCli::fullDiskIsAnErrorAndLeavesNothing()
{
    // A 64 KiB tmpfs in a private mount namespace: needs root and unshare, as CI has.
    QTemporaryDir dir;
    const QString mount = dir.filePath("small");
    QVERIFY(QDir().mkpath(mount));
    const QString script = QStringLiteral("mount -t tmpfs -o size=64k tmpfs '%1' || exit 77; "
                                          "'%2' train --epochs 40 --out '%1/run'; code=$?; "
                                          "ls -A '%1'; exit $code")
                               .arg(mount, test::pelabBinary());
    const auto result = test::runProcess("unshare", {"-m", "sh", "-c", script});
    if (result.exitCode == 77 || result.err.contains("unshare failed"))
        QSKIP("cannot mount a small tmpfs here (needs root and mount namespaces)");
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("No space left on device"), result.err.constData());
    // `ls -A` of the mount printed nothing after the epoch lines: no run folder, no temporaries.
    QVERIFY2(!result.out.contains("run"), result.out.constData());
}

void TestCli::stdoutThatCannotBeWrittenIsAnError()
{
    const auto result = test::runProcess(
        "sh", {"-c", QStringLiteral("'%1' train > /dev/full").arg(test::pelabBinary())});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.err.contains("standard output"));
}

void TestCli::outputFolderThatCannotBeCreated()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath("file"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    for (const QString &out : {dir.filePath("file"), dir.filePath("file/sub")}) {
        const auto result = test::runProcess(test::pelabBinary(), {"train", "--out", out});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(out.toUtf8()), result.err.constData());
        QVERIFY(result.out.isEmpty()); // refused before training
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
