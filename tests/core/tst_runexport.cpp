// SPDX-License-Identifier: MIT
// `pelab train --out DIR` and writeRunFiles: the full set of files, each read back the way a
// learner would (numpy, torch.load, json, --config), under any locale, all or nothing.
#include "ConfigJson.h"
#include "RunExport.h"
#include "TestSupport.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <clocale>
#include <unistd.h>

using namespace pelab;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every file and folder under `root`, with sizes, so "nothing left behind" is checkable.
QStringList tree(const QString &root)
{
    QStringList entries;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        entries << it.filePath() + QLatin1Char(' ') + QString::number(it.fileInfo().size());
    }
    entries.sort();
    return entries;
}

// The value column(s) of embeddings.csv, row-major, exactly as written.
QStringList csvValues(const QByteArray &csv)
{
    QStringList values;
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i)
        values << QString::fromLatin1(lines[i]).split(QLatin1Char(',')).mid(1);
    return values;
}

// A German locale even where none is installed: compiled into a private folder that
// LOCPATH points to. Returns that folder, or an empty string when localedef fails.
QString compileGermanLocale(const QString &directory)
{
    const QString locale = QDir(directory).filePath("de_DE.UTF-8");
    if (!QDir().mkpath(directory))
        return {};
    const auto result =
        test::runProcess(QStringLiteral("localedef"), {"-i", "de_DE", "-f", "UTF-8", locale});
    if (result.exitCode != 0 || !QFileInfo(locale).isDir()) {
        qInfo("localedef could not build de_DE.UTF-8: %s", result.err.constData());
        return {};
    }
    return directory;
}

RunRecord handMadeRecord()
{
    RunRecord record;
    record.config.optimizer = OptimizerKind::AdamW;
    record.config.weightDecay = 0.5;
    record.config.learningRate = 0.25;
    record.config.samples = 64;
    record.config.epochs = 2;
    record.losses = {{1, 1, 0.5}, {1, 2, 1.25e-05}, {2, 3, 1234.5}, {2, 4, 0.0625}};
    record.embedding = Matrix{3, 2, {0.5f, -1.5f, 2.0f, 1e-06f, -0.0f, 3.25f}};
    return record;
}

} // namespace

class TestRunExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void writesTheFullSet();
    void pythonLoadsTheSameValues();
    void embeddingsJsonHoldsShapeValuesAndConfig();
    void configLoadsBack();
    void germanLocaleChildProcess();
    void germanLocaleInProcess();
    void unwritableDestination_data();
    void unwritableDestination();
    void cliReportsUnwritableFile();

private:
    QTemporaryDir m_dir;
    QString m_locales; // LOCPATH holding de_DE.UTF-8, or empty
    QString m_out;
    QByteArray m_printed;
    QStringList m_arguments{"train", "--seed",      "7",     "--epochs",       "2",  "--seq-len",
                            "12",    "--optimizer", "adamw", "--weight-decay", "0.5"};
};

void TestRunExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_out = m_dir.filePath("run");
    const auto result =
        test::runProcess(test::pelabBinary(), m_arguments + QStringList{"--out", m_out});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    m_printed = result.out;
    m_locales = compileGermanLocale(m_dir.filePath("locales"));
}

void TestRunExport::writesTheFullSet()
{
    QStringList names = QDir(m_out).entryList(QDir::Files | QDir::Hidden);
    QStringList expected = runFileNames(TrainingConfig());
    names.sort();
    expected.sort();
    QCOMPARE(names, expected); // and no temporary files left over
    for (const QString &name : expected)
        QVERIFY2(QFileInfo(QDir(m_out).filePath(name)).size() > 0, qPrintable(name));
}

void TestRunExport::pythonLoadsTheSameValues()
{
    // What the README tells learners to type, then every value as Python's repr.
    const char *script = R"(
import json, sys
import numpy as np
import torch
folder = sys.argv[1]
npy = np.load(folder + "/embeddings.npy")
pt = torch.load(folder + "/embeddings.pt")
# PyTorch 2.6+ loads with weights_only=True by default: the file must pass that too.
assert torch.equal(torch.load(folder + "/embeddings.pt", weights_only=True), pt)
with open(folder + "/embeddings.json") as f:
    js = json.load(f)
json.dump({
    "npy": {"dtype": npy.dtype.str, "shape": list(npy.shape),
            "values": [repr(float(v)) for v in npy.flatten()]},
    "pt": {"type": type(pt).__name__, "dtype": str(pt.dtype), "shape": list(pt.shape),
           "requires_grad": pt.requires_grad,
           "values": [repr(v) for v in pt.flatten().tolist()]},
    "json": {"shape": js["shape"],
             "values": [repr(float(np.float32(v))) for row in js["values"] for v in row]},
}, sys.stdout)
)";
    const auto result = test::runProcess(test::torchPython(), {"-c", script, m_out});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject loaded = QJsonDocument::fromJson(result.out).object();

    const QStringList csv = csvValues(readFile(QDir(m_out).filePath("embeddings.csv")));
    QCOMPARE(csv.size(), 12);
    const QJsonArray shape{12, 1};
    const auto strings = [](const QJsonValue &array) {
        QStringList out;
        for (const QJsonValue &v : array.toArray())
            out << v.toString();
        return out;
    };
    QCOMPARE(loaded["npy"]["dtype"].toString(), QStringLiteral("<f4"));
    QCOMPARE(loaded["npy"]["shape"].toArray(), shape);
    QCOMPARE(strings(loaded["npy"]["values"]), csv);
    QCOMPARE(loaded["pt"]["type"].toString(), QStringLiteral("Tensor"));
    QCOMPARE(loaded["pt"]["dtype"].toString(), QStringLiteral("torch.float32"));
    QCOMPARE(loaded["pt"]["shape"].toArray(), shape);
    QCOMPARE(loaded["pt"]["requires_grad"].toBool(), false);
    QCOMPARE(strings(loaded["pt"]["values"]), csv);
    QCOMPARE(loaded["json"]["shape"].toArray(), shape);
    QCOMPARE(strings(loaded["json"]["values"]), csv);
}

void TestRunExport::embeddingsJsonHoldsShapeValuesAndConfig()
{
    QJsonParseError error;
    const QJsonDocument json =
        QJsonDocument::fromJson(readFile(QDir(m_out).filePath("embeddings.json")), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject object = json.object();
    QCOMPARE(object["shape"].toArray(), (QJsonArray{12, 1}));
    QCOMPARE(object["dtype"].toString(), QStringLiteral("float32"));
    const QJsonArray rows = object["values"].toArray();
    QCOMPARE(rows.size(), 12);
    const QStringList csv = csvValues(readFile(QDir(m_out).filePath("embeddings.csv")));
    for (int row = 0; row < rows.size(); ++row) {
        QCOMPARE(rows[row].toArray().size(), 1);
        QCOMPARE(float(rows[row].toArray()[0].toDouble()), csv[row].toFloat());
    }
    const ConfigLoadResult echoed = configFromJson(object["config"].toObject(), "config echo");
    QVERIFY2(echoed.config, qPrintable(echoed.errors.join('\n')));
    QCOMPARE(echoed.config->seed, 7);
    QVERIFY(!object["torch_version"].toString().isEmpty());
    QVERIFY(!object["blas"].toString().isEmpty());
}

void TestRunExport::configLoadsBack()
{
    const ConfigLoadResult loaded = loadConfigFile(QDir(m_out).filePath("config.json"));
    QVERIFY2(loaded.config, qPrintable(loaded.errors.join('\n')));
    QCOMPARE(loaded.config->seed, 7);
    QCOMPARE(loaded.config->seqLen, 12);
    QCOMPARE(loaded.config->optimizer, OptimizerKind::AdamW);
    QCOMPARE(loaded.config->weightDecay, 0.5);
    // And it reruns to the same lines.
    const auto rerun = test::runProcess(test::pelabBinary(),
                                        {"train", "--config", QDir(m_out).filePath("config.json")});
    QCOMPARE(rerun.out, m_printed);
}

void TestRunExport::germanLocaleChildProcess()
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("LC_ALL", "de_DE.UTF-8");
    env.insert("LANG", "de_DE.UTF-8");
    if (!m_locales.isEmpty())
        env.insert("LOCPATH", m_locales);
    else
        qInfo("no de_DE.UTF-8: the child runs in the fallback locale; "
              "germanLocaleInProcess still covers Qt's German locale");
    const QString out = dir.filePath("run");
    const auto result = test::runProcess(test::pelabBinary(),
                                         m_arguments + QStringList{"--out", out}, {}, 300000, env);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, m_printed);
    // Every byte as in the C locale, and the decimals are points.
    for (const QString &name : runFileNames(TrainingConfig()))
        QVERIFY2(readFile(QDir(out).filePath(name)) == readFile(QDir(m_out).filePath(name)),
                 qPrintable(name));
    QVERIFY(readFile(QDir(out).filePath("config.json")).contains("\"weight_decay\": 0.5"));
    QVERIFY(readFile(QDir(out).filePath("reproduce.py")).contains("\"--weight-decay\", \"0.5\""));
}

void TestRunExport::germanLocaleInProcess()
{
    QTemporaryDir dir;
    const RunRecord record = handMadeRecord();
    QVERIFY(writeRunFiles(dir.filePath("c"), record).isEmpty());

    if (!m_locales.isEmpty())
        qputenv("LOCPATH", m_locales.toLocal8Bit());
    const QByteArray previous = std::setlocale(LC_ALL, nullptr);
    const bool german = std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr;
    const QByteArray decimalPoint = std::localeconv()->decimal_point;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QString error = writeRunFiles(dir.filePath("de"), record);
    std::setlocale(LC_ALL, previous.constData());
    QLocale::setDefault(QLocale::c());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    if (german)
        QCOMPARE(decimalPoint, QByteArray(",")); // the C library's locale really was German
    else
        qInfo("no de_DE.UTF-8 C locale: tested Qt's German default locale only");

    for (const QString &name : runFileNames(TrainingConfig()))
        QVERIFY2(readFile(dir.filePath("de/" + name)) == readFile(dir.filePath("c/" + name)),
                 qPrintable(name));
    QCOMPARE(readFile(dir.filePath("de/loss.csv")),
             QByteArray("epoch,step,loss\n1,1,0.5\n1,2,1.25e-05\n2,3,1234.5\n2,4,0.0625\n"));
    QCOMPARE(readFile(dir.filePath("de/embeddings.csv")),
             QByteArray("position,dim_0,dim_1\n0,0.5,-1.5\n1,2.0,9.999999974752427e-07\n"
                        "2,-0.0,3.25\n"));
    const QByteArray script = readFile(dir.filePath("de/reproduce.py"));
    QVERIFY(script.contains("\"--lr\", \"0.25\""));
    QVERIFY(script.contains("\"--weight-decay\", \"0.5\""));
    QVERIFY(readFile(dir.filePath("de/embeddings.json")).contains("[0.5, -1.5]"));
}

void TestRunExport::unwritableDestination_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("target"); // relative to a fresh temporary folder
    QTest::addColumn<QString>("named");  // the path the message must name
    QTest::newRow("folder under a regular file") << "file"
                                                 << "blocker/run"
                                                 << "blocker/run";
    QTest::newRow("folder is a regular file") << "file"
                                              << "blocker"
                                              << "blocker";
    QTest::newRow("a file's name taken by a folder, halfway through") << "npy-is-a-folder"
                                                                      << "run"
                                                                      << "run/embeddings.npy";
    // Refused before any file is written, naming the folder (its write check fails).
    QTest::newRow("read-only folder") << "read-only"
                                      << "run"
                                      << "run";
    QTest::newRow("inside /proc") << "none"
                                  << "/proc/pelab-export-test"
                                  << "/proc/pelab-export-test";
}

void TestRunExport::unwritableDestination()
{
    QFETCH(QString, setup);
    QFETCH(QString, target);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const auto inDir = [&](const QString &path) {
        return path.startsWith('/') ? path : dir.filePath(path);
    };
    if (setup == "file") {
        QFile blocker(dir.filePath("blocker"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.write("keep me");
    } else if (setup == "npy-is-a-folder") {
        QVERIFY(QDir().mkpath(dir.filePath("run/embeddings.npy")));
    } else if (setup == "read-only") {
        if (geteuid() == 0)
            QSKIP("root writes into read-only folders; the other rows cover the failure path");
        QVERIFY(QDir().mkpath(dir.filePath("run")));
        QVERIFY(QFile::setPermissions(dir.filePath("run"),
                                      QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    }
    const QStringList before = tree(dir.path());

    QStringList written{"stale"};
    const QString error = writeRunFiles(inDir(target), handMadeRecord(), &written);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(inDir(named)), qPrintable(error));
    QVERIFY2(error.section(':', -1).trimmed().size() > 3, qPrintable(error)); // has a reason
    QCOMPARE(tree(dir.path()), before);
    QCOMPARE(written, QStringList{"stale"}); // reports nothing as written
    if (target.startsWith('/'))
        QVERIFY(!QFileInfo::exists(target));
    QFile::setPermissions(dir.filePath("run"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void TestRunExport::cliReportsUnwritableFile()
{
    // The folder can be made, but a file in it cannot: reported after training, exit 4.
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    QVERIFY(QDir().mkpath(out + "/reproduce.py"));
    const QStringList before = tree(dir.path());
    const auto result =
        test::runProcess(test::pelabBinary(), {"train", "--epochs", "1", "--out", out});
    QVERIFY2(
        result.exitCode == 4,
        qPrintable(
            QStringLiteral("exit %1: %2").arg(result.exitCode).arg(QString::fromUtf8(result.err))));
    QVERIFY2(result.err.contains((out + "/reproduce.py").toUtf8()), result.err.constData());
    QCOMPARE(tree(dir.path()), before);
}

QTEST_GUILESS_MAIN(TestRunExport)
#include "tst_runexport.moc"
