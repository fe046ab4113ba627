// SPDX-License-Identifier: MIT
// reproduce.py and reproduce.ipynb are resources/python/pelab_family.py with the run's flags:
// run with PyTorch, they print exactly the lines a TrainingSession's run prints; the notebook
// is valid nbformat 4 and its code cells are the script's code, cell by cell.
#include "CoreTestSupport.h"
#include "PythonFloat.h"
#include "TestSupport.h"
#include "TrainingSession.h"
#include "config/ConfigFields.h"
#include "export/ReproduceScript.h"
#include "export/SpecDump.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace pelab;

namespace {

const QString runArgsLine = QStringLiteral("RUN_ARGS = None  # pelab: the run's flags");
const QString cellMarker = QStringLiteral("# %% [markdown] ");

struct ReproduceCase {
    const char *name;
    QStringList flags; // `pelab train`'s
};

// The seed, both regression tasks, each optimizer (SGD with weight decay), a thread count
// other than 1, and transformer shapes with validation, held-out lengths and dropout.
const QList<ReproduceCase> &reproduceCases()
{
    static const QList<ReproduceCase> cases{
        {"seed notebook", {}},
        {"position-signal adamw weight decay",
         {"--seed", "4", "--task", "position-signal", "--optimizer", "adamw", "--weight-decay",
          "0.1", "--epochs", "2"}},
        {"short last batch, big seed, 2 threads",
         {"--seed", "123456789012", "--samples", "100", "--batch-size", "7", "--seq-len", "4",
          "--threads", "2", "--lr", "0.30000000000000004"}},
        {"rope causal shift, 2 layers, validation, eval lengths", {"--task",     "shift",
                                                                   "--layers",   "2",
                                                                   "--width",    "8",
                                                                   "--heads",    "2",
                                                                   "--encoding", "rope",
                                                                   "--causal",   "--val-samples",
                                                                   "64",         "--eval-every",
                                                                   "4",          "--eval-lengths",
                                                                   "12,16",      "--samples",
                                                                   "96",         "--batch-size",
                                                                   "16",         "--epochs",
                                                                   "2"}},
        {"alibi dropout sort",
         {"--task",       "sort",  "--layers",  "1",   "--width",        "12", "--heads",   "3",
          "--encoding",   "alibi", "--dropout", "0.1", "--eval-lengths", "12", "--samples", "96",
          "--batch-size", "32",    "--epochs",  "2"}},
        {"sgd weight decay reverse, no shuffle",
         {"--task",
          "reverse",
          "--layers",
          "1",
          "--width",
          "8",
          "--optimizer",
          "sgd",
          "--momentum",
          "0.5",
          "--lr",
          "0.05",
          "--weight-decay",
          "0.01",
          "--no-shuffle",
          "--samples",
          "100",
          "--batch-size",
          "32",
          "--epochs",
          "2"}},
    };
    return cases;
}

// A float as Python's json.dumps writes it.
QString pyJson(double value)
{
    return QString::fromStdString(jsonFloat(value));
}

// What the run prints: one line per epoch, then json.dumps of each held-out evaluation.
QStringList pelabLines(const TrainingConfig &config)
{
    setTorchThreads(int(config.threads));
    TrainingSession session(config);
    QStringList lines;
    while (!session.isFinished()) {
        const StepResult step = session.step();
        if (step.epochEnded)
            lines << QStringLiteral("Epoch %1, Loss: %2").arg(step.epoch).arg(pyJson(step.loss));
    }
    for (const Evaluation &e : session.extrapolate()) {
        QString line =
            QStringLiteral("{\"length\": %1, \"loss\": %2").arg(e.length).arg(pyJson(e.loss));
        if (e.accuracy)
            line += QStringLiteral(", \"accuracy\": ") + pyJson(*e.accuracy);
        if (e.accuracyNewPositions)
            line +=
                QStringLiteral(", \"accuracy_new_positions\": ") + pyJson(*e.accuracyNewPositions);
        lines << line + QLatin1Char('}');
    }
    setTorchThreads(1);
    return lines;
}

QString sourceText()
{
    QFile file(test::sourcePath("resources/python/pelab_family.py"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read resources/python/pelab_family.py");
    return QString::fromUtf8(file.readAll());
}

// What a reproduction printed, and its RUN_ARGS after running.
struct PythonRun {
    QString printed;
    QStringList runArgs;
    QString error;
};

// Runs each job in one Python process (importing torch once): .py files as `python3 FILE
// ARGS` would, .ipynb files by executing their code cells in order as Jupyter does
// (ipykernel loaded, sys.argv holding the kernel's own flags).
QList<PythonRun> runInPython(const QList<std::pair<QString, QStringList>> &jobs, QString *error)
{
    const char *runner = R"(
import contextlib, io, json, runpy, sys, types
runs = []
for path, args in json.load(sys.stdin):
    buffer = io.StringIO()
    kernel = path.endswith(".ipynb") and "ipykernel" not in sys.modules
    try:
        with contextlib.redirect_stdout(buffer):
            if path.endswith(".ipynb"):
                if kernel:
                    sys.modules["ipykernel"] = types.ModuleType("ipykernel")
                sys.argv = ["ipykernel_launcher.py", "-f", "/tmp/kernel-pelab-test.json"]
                with open(path) as f:
                    cells = json.load(f)["cells"]
                scope = {"__name__": "__main__"}
                for i, cell in enumerate(cells):
                    if cell["cell_type"] == "code":
                        exec(compile("".join(cell["source"]), f"{path}, cell {i}", "exec"), scope)
            else:
                sys.argv = [path] + args
                scope = runpy.run_path(path, run_name="__main__")
        runs.append({"printed": buffer.getvalue(), "run_args": scope["RUN_ARGS"]})
    except BaseException as e:
        runs.append({"printed": buffer.getvalue(), "error": f"{type(e).__name__}: {e}"})
    finally:
        if kernel:
            del sys.modules["ipykernel"]
json.dump(runs, sys.stdout)
)";
    QJsonArray input;
    for (const auto &[path, args] : jobs)
        input.append(QJsonArray{path, QJsonArray::fromStringList(args)});
    const auto result = test::runProcess(test::torchPython(), {"-c", runner},
                                         QJsonDocument(input).toJson(QJsonDocument::Compact));
    QList<PythonRun> runs;
    if (result.exitCode != 0) {
        *error = QString::fromUtf8(result.err);
        return runs;
    }
    for (const QJsonValue &value : QJsonDocument::fromJson(result.out).array()) {
        PythonRun run{value["printed"].toString(), {}, value["error"].toString()};
        for (const QJsonValue &v : value["run_args"].toArray())
            run.runArgs << v.toString();
        runs << run;
    }
    return runs;
}

QString cellSource(const QJsonObject &cell)
{
    QString source;
    for (const QJsonValue &line : cell["source"].toArray())
        source += line.toString();
    return source;
}

} // namespace

class TestReproduceScript : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void printsWhatPelabPrinted_data();
    void printsWhatPelabPrinted();
    void flagsOverrideRunArgs();
    void runsAsAScript();
    void embedsTheSourceFile();
    void scriptIsTheSourceWithTheRunsFlags();
    void notebookIsNbformat4_data();
    void notebookIsNbformat4();
    void nbformatValidates();

private:
    QString casePath(const QString &name, const char *suffix) const;

    QTemporaryDir m_dir;
    QString m_noPython;                   // why Python runs are skipped, or empty
    QHash<QString, QStringList> m_lines;  // case -> what the TrainingSession run printed
    QHash<QString, PythonRun> m_script;   // case -> what reproduce.py printed
    QHash<QString, PythonRun> m_notebook; // case -> what reproduce.ipynb's cells printed
    PythonRun m_override;                 // the seed's reproduce.py with --epochs 1
};

QString TestReproduceScript::casePath(const QString &name, const char *suffix) const
{
    return m_dir.filePath(QString(name).replace(QRegularExpression("[^a-z0-9]+"), "-") + suffix);
}

void TestReproduceScript::initTestCase()
{
    QVERIFY(m_dir.isValid());
    setTorchThreads(1);
    QList<std::pair<QString, QStringList>> jobs;
    for (const ReproduceCase &c : reproduceCases()) {
        const TrainingConfig config = test::configFromFlags(c.flags);
        const QStringList lines = pelabLines(config);
        m_lines[c.name] = lines;
        const std::pair<const char *, QByteArray> files[] = {
            {".py", reproduceScript(config, lines)}, {".ipynb", reproduceNotebook(config, lines)}};
        for (const auto &[suffix, content] : files) {
            QFile file(casePath(c.name, suffix));
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(content), content.size());
            jobs.push_back({file.fileName(), {}});
        }
    }
    jobs.push_back({casePath("seed notebook", ".py"), {"--epochs", "1"}});

    const auto torch = test::runProcess(test::torchPython(), {"-c", "import torch"});
    if (torch.exitCode != 0) {
        m_noPython = test::torchPython() + " cannot import torch: " + QString::fromUtf8(torch.err);
        return;
    }
    QString error;
    const QList<PythonRun> runs = runInPython(jobs, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(runs.size(), jobs.size());
    for (int i = 0; i < reproduceCases().size(); ++i) {
        m_script[reproduceCases()[i].name] = runs[2 * i];
        m_notebook[reproduceCases()[i].name] = runs[2 * i + 1];
    }
    m_override = runs.back();
}

void TestReproduceScript::printsWhatPelabPrinted_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("flags");
    for (const ReproduceCase &c : reproduceCases())
        QTest::newRow(c.name) << QString::fromLatin1(c.name) << c.flags;
}

void TestReproduceScript::printsWhatPelabPrinted()
{
    QFETCH(QString, name);
    QFETCH(QStringList, flags);
    if (!m_noPython.isEmpty())
        QSKIP(qPrintable(m_noPython));
    const TrainingConfig config = test::configFromFlags(flags);
    const QStringList lines = m_lines[name];
    QCOMPARE(lines.filter(QRegularExpression("^Epoch \\d+, Loss: \\S+$")).size(), config.epochs);
    QCOMPARE(lines.size(), qsizetype(config.epochs) + qsizetype(config.evalLengths.size()));
    const QString expected = lines.join('\n') + '\n';
    for (const PythonRun *run : {&m_script[name], &m_notebook[name]}) {
        QVERIFY2(run->error.isEmpty(), qPrintable(run->error + "\n" + run->printed));
        QCOMPARE(run->printed, expected);
        QCOMPARE(run->runArgs, trainFlags(config)); // RUN_ARGS holds the run's flags
    }
}

void TestReproduceScript::flagsOverrideRunArgs()
{
    if (!m_noPython.isEmpty())
        QSKIP(qPrintable(m_noPython));
    // `python3 reproduce.py --epochs 1`: the first epoch of the same run.
    QVERIFY2(m_override.error.isEmpty(), qPrintable(m_override.error));
    QCOMPARE(m_override.printed, m_lines["seed notebook"].front() + '\n');
}

void TestReproduceScript::runsAsAScript()
{
    if (!m_noPython.isEmpty())
        QSKIP(qPrintable(m_noPython));
    // Exactly what the header says to type, in a fresh process.
    const QString name = QStringLiteral("rope causal shift, 2 layers, validation, eval lengths");
    const QString path = m_dir.filePath("reproduce.py");
    QVERIFY(QFile::copy(casePath(name, ".py"), path));
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(test::torchPython(), {"reproduce.py"});
    QVERIFY(process.waitForFinished(300000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()), m_lines[name].join('\n') + '\n');
    QCOMPARE(process.readAllStandardError(), QByteArray());
}

void TestReproduceScript::embedsTheSourceFile()
{
    QFile embedded(":/python/pelab_family.py");
    QVERIFY2(embedded.open(QIODevice::ReadOnly), "pelab_core lacks :/python/pelab_family.py");
    QCOMPARE(QString::fromUtf8(embedded.readAll()), sourceText());
    QCOMPARE(sourceText().count(runArgsLine + '\n'), 1);
}

void TestReproduceScript::scriptIsTheSourceWithTheRunsFlags()
{
    TrainingConfig config = test::configFromFlags(reproduceCases()[3].flags);
    const QStringList printed{"Epoch 1, Loss: 0.5", "Epoch 2, Loss: 0.25"};
    const QString script = QString::fromUtf8(reproduceScript(config, printed));
    QVERIFY(script.startsWith("#!/usr/bin/python3\n# Reproduce a PE Lab run in PyTorch.\n"));

    // Header comment, then the source as it is but for the RUN_ARGS line.
    const QStringList source = sourceText().split('\n');
    const QStringList lines = script.split('\n');
    const qsizetype headerEnd = lines.indexOf(source[1]); // the source's line after the shebang
    QVERIFY(headerEnd > 1);
    for (qsizetype i = 1; i < headerEnd; ++i)
        QVERIFY2(lines[i].isEmpty() || lines[i].startsWith('#'), qPrintable(lines[i]));
    const QString header = lines.mid(0, headerEnd).join('\n');
    QVERIFY(header.contains("python3 reproduce.py"));
    QVERIFY(header.contains("digit for digit"));
    QVERIFY(header.contains("LibTorch " + torchVersion()));
    for (const QString &line : printed)
        QVERIFY(header.contains("\n#     " + line + "\n"));
    for (const QString &line : header.split('\n'))
        QVERIFY2(line.size() <= 99, qPrintable(line));

    const QString body = lines.mid(headerEnd).join('\n');
    const qsizetype at = source.indexOf(runArgsLine);
    QVERIFY(at > 0);
    const QString before = source.mid(1, at - 1).join('\n') + '\n';
    const QString after = '\n' + source.mid(at + 1).join('\n');
    QVERIFY(body.startsWith(before));
    QVERIFY(body.endsWith(after));
    const QString runArgs = body.mid(before.size(), body.size() - before.size() - after.size());
    // A Python list of the flags (wrapped: this config's flags do not fit on one line).
    QVERIFY2(runArgs.startsWith("RUN_ARGS = [") && runArgs.endsWith("]"), qPrintable(runArgs));
    QVERIFY(runArgs.contains('\n'));
    for (const QString &line : runArgs.split('\n'))
        QVERIFY2(line.size() <= 99, qPrintable(line));
    QStringList listed;
    const QRegularExpression quoted("\"([^\"\\\\]*)\"");
    for (const auto &match : quoted.globalMatch(runArgs))
        listed << match.captured(1);
    QCOMPARE(listed, trainFlags(config));

    // The seed's defaults: an empty list on one line, no lines quoted without printed lines.
    const QString seed = QString::fromUtf8(reproduceScript(TrainingConfig{}));
    QVERIFY(seed.contains("\nRUN_ARGS = []  # pelab: the run's flags\n"));
    QVERIFY(!seed.contains("# PE Lab printed:"));
    QVERIFY(!seed.contains(runArgsLine));
    // A thread count other than 1 travels in the flags.
    config.threads = 3;
    QVERIFY(QString::fromUtf8(reproduceScript(config)).contains("\"--threads\", \"3\""));
}

void TestReproduceScript::notebookIsNbformat4_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QStringList>("printed");
    QTest::newRow("seed") << QStringList{} << QStringList{"Epoch 1, Loss: 0.5"};
    QTest::newRow("rope shift, nothing printed") << reproduceCases()[3].flags << QStringList{};
}

void TestReproduceScript::notebookIsNbformat4()
{
    QFETCH(QStringList, flags);
    QFETCH(QStringList, printed);
    const TrainingConfig config = test::configFromFlags(flags);
    QJsonParseError error;
    const QByteArray bytes = reproduceNotebook(config, printed);
    const QJsonObject notebook = QJsonDocument::fromJson(bytes, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(notebook["nbformat"].toInt(), 4);
    QCOMPARE(notebook["nbformat_minor"].toInt(), 5);
    const QJsonObject kernel = notebook["metadata"]["kernelspec"].toObject();
    QCOMPARE(kernel["name"].toString(), QStringLiteral("python3"));
    QCOMPARE(kernel["language"].toString(), QStringLiteral("python"));
    QVERIFY(!kernel["display_name"].toString().isEmpty());
    QCOMPARE(notebook["metadata"]["language_info"]["name"].toString(), QStringLiteral("python"));

    const QJsonArray cells = notebook["cells"].toArray();
    QVERIFY(!cells.isEmpty());
    const QRegularExpression idPattern("^[a-zA-Z0-9_-]{1,64}$");
    QSet<QString> ids;
    for (const QJsonValue &value : cells) {
        const QJsonObject cell = value.toObject();
        const QString id = cell["id"].toString();
        QVERIFY2(idPattern.match(id).hasMatch(), qPrintable(id));
        QVERIFY2(!ids.contains(id), qPrintable(id));
        ids << id;
        QVERIFY(cell["metadata"].isObject());
        for (const QJsonValue &line : cell["source"].toArray())
            QVERIFY(line.isString());
        QVERIFY(!cellSource(cell).isEmpty());
        if (cell["cell_type"] == "code") {
            QVERIFY(cell["execution_count"].isNull());
            QCOMPARE(cell["outputs"].toArray(), QJsonArray());
        } else {
            QCOMPARE(cell["cell_type"].toString(), QStringLiteral("markdown"));
            QVERIFY(!cell.contains("outputs"));
        }
    }

    // An introduction quoting the printed lines, then per marker of the source its paragraph
    // and its code: the script's text from the first marker on, without the marker lines.
    const QJsonObject intro = cells.first().toObject();
    QCOMPARE(intro["cell_type"].toString(), QStringLiteral("markdown"));
    QVERIFY(cellSource(intro).startsWith("# Reproduce a PE Lab run in PyTorch\n"));
    for (const QString &line : printed)
        QVERIFY(cellSource(intro).contains("\n    " + line));
    const QString script = QString::fromUtf8(reproduceScript(config, printed));
    const QStringList parts = script.split("\n" + cellMarker).mid(1);
    QCOMPARE(cells.size(), 1 + 2 * parts.size());
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject text = cells[1 + 2 * i].toObject();
        const QJsonObject code = cells[2 + 2 * i].toObject();
        QCOMPARE(text["cell_type"].toString(), QStringLiteral("markdown"));
        QCOMPARE(code["cell_type"].toString(), QStringLiteral("code"));
        const qsizetype newline = parts[i].indexOf('\n');
        QCOMPARE(cellSource(text), parts[i].left(newline));
        QString expected = parts[i].mid(newline + 1);
        while (expected.endsWith('\n'))
            expected.chop(1);
        QCOMPARE(cellSource(code), expected);
        QVERIFY(!expected.contains(cellMarker));
    }
    QVERIFY(parts.size() >= 8); // the source's parts, not one lump
}

void TestReproduceScript::nbformatValidates()
{
    if (test::runProcess(test::torchPython(), {"-c", "import nbformat"}).exitCode != 0)
        QSKIP("python3-nbformat is not installed; notebookIsNbformat4 checked the structure");
    const char *validate = R"(
import sys, nbformat
for path in sys.argv[1:]:
    nbformat.validate(nbformat.read(path, as_version=nbformat.NO_CONVERT))
    print("valid", path)
)";
    QStringList notebooks;
    for (const ReproduceCase &c : reproduceCases())
        notebooks << casePath(c.name, ".ipynb");
    const auto result =
        test::runProcess(test::torchPython(), QStringList{"-c", validate} + notebooks);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out.count("valid "), notebooks.size());
}

QTEST_GUILESS_MAIN(TestReproduceScript)
#include "tst_reproducescript.moc"
