// SPDX-License-Identifier: MIT
// The `pelab` binary as a user runs it: exit codes, messages, files.
#include "CommandLine.h"
#include "ConfigJson.h"
#include "CoreTestSupport.h"
#include "TestSupport.h"
#include "config/ConfigFields.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <future>

using namespace pelab;

namespace {

bool referenceRuns()
{
    static const bool runs =
        test::runProcess(test::torchPython(), {"-c", "import torch"}).exitCode == 0;
    return runs;
}

QString referenceScript()
{
    return test::sourcePath("resources/python/pelab_family.py");
}

QJsonObject readJsonObject(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + ": " + file.errorString();
        return {};
    }
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError)
        *error = path + ": " + parse.errorString();
    return document.object();
}

// A small one-layer token run with validation and two extrapolation lengths: a second or so.
const QStringList smallTokenRun{
    "--layers",       "1",       "--width",        "8",  "--heads",      "2",
    "--task",         "reverse", "--samples",      "64", "--batch-size", "16",
    "--epochs",       "2",       "--val-samples",  "32", "--eval-every", "3",
    "--eval-lengths", "12,16",   "--eval-samples", "32", "--seed",       "4"};

} // namespace

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
    void familyRulesNameTheFlag_data();
    void familyRulesNameTheFlag();
    void quietPrintsNothing();
    void benchPrintsMillisecondsPerStep();
    void dumpEqualsTheReferencesDump();
    void printedLinesEqualTheReferences();
    void memoryRefusalBlamesWhatDominates();
    void dumpFileThatCannotBeWrittenIsRefusedBeforeTraining();
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
    // A 64 KiB tmpfs in a private mount namespace: needs root and mount namespaces, which a
    // chroot or an unprivileged container lacks ("cannot change root filesystem propagation").
    const auto probe = test::runProcess("unshare", {"-m", "true"});
    if (probe.exitCode != 0)
        QSKIP(qPrintable(QStringLiteral("no private mount namespace here (unshare -m: %1)")
                             .arg(QString::fromUtf8(probe.err.trimmed()))));
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
    QCOMPARE(result.exitCode, 4); // an output could not be written
    QVERIFY2(result.err.contains("No space left on device"), result.err.constData());
    // `ls -A` of the mount printed nothing after the epoch lines: no run folder, no temporaries.
    QVERIFY2(!result.out.contains("run"), result.out.constData());
}

void TestCli::stdoutThatCannotBeWrittenIsAnError()
{
    const auto result = test::runProcess(
        "sh", {"-c", QStringLiteral("'%1' train > /dev/full").arg(test::pelabBinary())});
    QCOMPARE(result.exitCode, 4); // an output could not be written
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

void TestCli::familyRulesNameTheFlag_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("flag");        // the flag the line starts with (empty: any field's)
    QTest::addColumn<QString>("value");       // what the line says was given
    QTest::addColumn<QStringList>("allowed"); // fragments of what is allowed
    const auto range = [](std::int64_t low, std::int64_t high) {
        return QStringLiteral("from %1 to %2").arg(low).arg(high);
    };
    // The heads must divide the width: the divisors of 10.
    QStringList divisors;
    for (int h = 1; h <= 10; ++h)
        if (10 % h == 0)
            divisors << QString::number(h);
    QTest::newRow("heads do not divide the width")
        << QStringList{"--layers", "1", "--width", "10", "--heads", "3"} << "--heads"
        << "3" << QStringList{divisors.join(", ")};
    QTest::newRow("rope with an odd head width")
        << QStringList{"--layers", "1", "--width", "6", "--heads", "2", "--encoding", "rope"}
        << "--encoding"
        << "rope" << QStringList{"head width 3", "even"};
    QTest::newRow("shift not below the length")
        << QStringList{"--task", "shift", "--shift", "10", "--seq-len", "10"} << "--shift"
        << "10" << QStringList{"0 to 9"};
    QTest::newRow("vocab 1") << QStringList{"--task", "reverse", "--vocab", "1"} << "--vocab"
                             << "1" << QStringList{range(2, limits::maxVocab)};
    QTest::newRow("eval length shorter than seq_len")
        << QStringList{"--seq-len", "10", "--eval-lengths", "16,5"} << "--eval-lengths"
        << "5" << QStringList{"seq_len (10)"};
    QTest::newRow("width 513") << QStringList{"--width", "513"} << "--width"
                               << "513" << QStringList{range(1, limits::maxWidth)};
    QTest::newRow("layers 25") << QStringList{"--layers", "25"} << "--layers"
                               << "25" << QStringList{range(0, limits::maxLayers)};
    QTest::newRow("seq-len 5000 with attention")
        << QStringList{"--seq-len", "5000", "--layers", "1"} << "--seq-len"
        << "5000" << QStringList{QString::number(limits::maxAttentionLength)};
    QTest::newRow("too large for memory")
        << QStringList{"--layers",  "24",   "--width",      "512",
                       "--seq-len", "4096", "--batch-size", "1000000"}
        << QString() << QString() << QStringList{"memory"};
    QTest::newRow("attention too large for memory")
        << QStringList{"--layers",     "1",      "--width",   "8",     "--seq-len", "4096",
                       "--batch-size", "100000", "--samples", "100000"}
        << "--batch-size"
        << "100000" << QStringList{"memory", "attention"};
}

void TestCli::familyRulesNameTheFlag()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, flag);
    QFETCH(QString, value);
    QFETCH(QStringList, allowed);
    QTemporaryDir dir;
    const QString out = dir.filePath("out");
    const auto result = test::runProcess(test::pelabBinary(), QStringList{"train"} + arguments +
                                                                  QStringList{"--out", out});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    const QString err = QString::fromUtf8(result.err);
    const QStringList lines = err.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 1, qPrintable(err)); // one problem, one line
    const QString line = lines.front();
    if (!flag.isEmpty()) {
        QVERIFY2(line.startsWith(QStringLiteral("pelab: %1: %2").arg(flag, value)),
                 qPrintable(line));
    } else { // whichever field is blamed, the line names its flag
        static const QRegularExpression named(QStringLiteral("^pelab: (--[a-z-]+): "));
        const QRegularExpressionMatch match = named.match(line);
        QVERIFY2(match.hasMatch() && findFieldByFlag(match.captured(1)), qPrintable(line));
    }
    QVERIFY2(line.contains(" is not allowed; "), qPrintable(line));
    for (const QString &fragment : allowed)
        QVERIFY2(line.contains(fragment), qPrintable(line));
    if (allowed.contains("memory")) {
        // The estimate, as people read sizes.
        const CommandLine command = parseCommandLine(QStringList{"train"} + arguments);
        QVERIFY(command.errors.isEmpty()); // a valid config: only its size is the problem
        const QString size = formatBytes(command.config.estimatedBytes());
        QVERIFY2(line.contains("need about " + size), qPrintable(line + " / " + size));
    }
    QVERIFY2(result.elapsedMs < 5000, "bad input must be refused at once");
    QVERIFY(!QFileInfo::exists(out)); // nothing written
}

void TestCli::quietPrintsNothing()
{
    QTemporaryDir dir;
    const auto result =
        test::runProcess(test::pelabBinary(), QStringList{"train", "--quiet"} + smallTokenRun);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.isEmpty(), result.out.constData()); // no epoch and no length lines
    QVERIFY2(result.err.isEmpty(), result.err.constData());
}

void TestCli::benchPrintsMillisecondsPerStep()
{
    const auto result =
        test::runProcess(test::pelabBinary(), QStringList{"train", "--bench", "3"} + smallTokenRun);
    QCOMPARE(result.exitCode, 0);
    static const QRegularExpression line(QStringLiteral("^ms/step \\d+\\.\\d{3}\n$"));
    QVERIFY2(line.match(QString::fromUtf8(result.out)).hasMatch(), result.out.constData());
    QVERIFY2(result.err.isEmpty(), result.err.constData());
    const auto bad = test::runProcess(test::pelabBinary(), {"train", "--bench", "0"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("--bench: \"0\" is not allowed"), bad.err.constData());
}

namespace {

// smallTokenRun in pelab and in the reference, with --dump and without: four processes at
// once, started on first use.
struct SmallRuns {
    QTemporaryDir dir;
    QString ours;
    QString theirs;
    test::ProcessResult pelabDump, pythonDump, pelab, python;
    bool reference = false; // the reference runs here (python3 with torch)
};

const SmallRuns &smallRuns()
{
    static SmallRuns runs;
    static bool started = false;
    if (started)
        return runs;
    started = true;
    runs.ours = runs.dir.filePath("pelab.json");
    runs.theirs = runs.dir.filePath("python.json");
    const QList<test::ProcessResult> results =
        test::runTogether({{test::pelabBinary(), QStringList{"train"} + smallTokenRun +
                                                     QStringList{"--dump", runs.ours}},
                           {test::torchPython(), QStringList{referenceScript()} + smallTokenRun +
                                                     QStringList{"--dump", runs.theirs}},
                           {test::pelabBinary(), QStringList{"train"} + smallTokenRun},
                           {test::torchPython(), QStringList{referenceScript()} + smallTokenRun}});
    runs.pelabDump = results[0];
    runs.pythonDump = results[1];
    runs.pelab = results[2];
    runs.python = results[3];
    runs.reference = (runs.pythonDump.exitCode == 0 && runs.python.exitCode == 0) ||
                     referenceRuns(); // it runs, but fails: a failure of the test
    return runs;
}

} // namespace

void TestCli::dumpEqualsTheReferencesDump()
{
    const SmallRuns &runs = smallRuns();
    if (!runs.reference)
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    const QString &ours = runs.ours;
    const QString &theirs = runs.theirs;
    const QList<test::ProcessResult> results{runs.pelabDump, runs.pythonDump};
    QVERIFY2(results[0].exitCode == 0, results[0].err.constData());
    QVERIFY2(results[1].exitCode == 0, results[1].err.constData());
    // With --dump both print the epoch lines only.
    QCOMPARE(results[0].out, results[1].out);
    QCOMPARE(QString::fromUtf8(results[0].out).split('\n', Qt::SkipEmptyParts).size(), 2);

    QString error;
    const QJsonObject a = readJsonObject(ours, &error);
    const QJsonObject b = readJsonObject(theirs, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList keys = a.keys();
    QCOMPARE(keys, b.keys()); // losses, validation, extrapolation, parameters, train_seconds
    for (const char *key : {"losses", "validation", "extrapolation", "parameters"}) {
        QVERIFY2(b.value(key).toVariant().isValid(), key);
        QVERIFY2(a.value(key) == b.value(key), key); // numbers compared as parsed doubles
    }
    QCOMPARE(a.value("losses").toArray().size(), 2 * 4);
    QCOMPARE(a.value("validation").toArray().size(), 8 / 3); // steps 3 and 6
    QCOMPARE(a.value("extrapolation").toArray().size(), 2);
    QVERIFY(a.value("parameters").toObject().contains("blocks.0.attn.qkv.weight"));
    QVERIFY(a.value("train_seconds").toDouble() > 0);
}

void TestCli::printedLinesEqualTheReferences()
{
    const SmallRuns &runs = smallRuns();
    if (!runs.reference)
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    const QList<test::ProcessResult> results{runs.pelab, runs.python};
    QVERIFY2(results[0].exitCode == 0, results[0].err.constData());
    QVERIFY2(results[1].exitCode == 0, results[1].err.constData());
    const QStringList ours = QString::fromUtf8(results[0].out).split('\n', Qt::SkipEmptyParts);
    const QStringList theirs = QString::fromUtf8(results[1].out).split('\n', Qt::SkipEmptyParts);
    // Two epoch lines, then one JSON line per evaluation length, character for character.
    QCOMPARE(theirs.size(), 2 + 2);
    QVERIFY(theirs[2].startsWith(R"({"length": 12, "loss": )"));
    QVERIFY(theirs[3].startsWith(R"({"length": 16, "loss": )"));
    QCOMPARE(ours, theirs);
    QCOMPARE(results[0].out, results[1].out);
}

void TestCli::memoryRefusalBlamesWhatDominates()
{
    // `pelab train --layers 24 --width 512 --seq-len 4096 --batch-size 1000000`: the
    // batches hold all 1000 samples, and attention (what it keeps for backward and the
    // gradients of it, as estimatedBytes() counts them) is most of the estimate.
    TrainingConfig config;
    config.layers = 24;
    config.width = 512;
    config.seqLen = 4096;
    config.batchSize = 1000000;
    QVERIFY(config.isValid());
    const auto issue = config.memoryIssue();
    QVERIFY(issue.has_value());
    const double need = config.estimatedBytes();
    QVERIFY(config.attentionBytes() * 1.5 > need / 2);
    // The training set (1000 x 4096 tokens) is a sliver of it.
    QVERIFY(double(config.samples) * double(config.seqLen) * 16 < need / 1000);
    QVERIFY2(issue->allowed.contains("attention"), qPrintable(issue->message()));
}

void TestCli::dumpFileThatCannotBeWrittenIsRefusedBeforeTraining()
{
    // As --out is: a --dump file that cannot be written is bad input, found before any
    // training time is spent, not after the run.
    QTemporaryDir dir;
    const QString dump = dir.filePath("missing/run.json");
    const auto result =
        test::runProcess(test::pelabBinary(), {"train", "--epochs", "2", "--dump", dump});
    QVERIFY2(result.err.contains(dump.toUtf8()), result.err.constData());
    QVERIFY(!QFileInfo::exists(dump));
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
