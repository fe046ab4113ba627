// SPDX-License-Identifier: MIT
// reproduce.py and reproduce.ipynb: run with PyTorch, they print exactly what `pelab train`
// printed; the notebook is valid nbformat 4 and holds the script's code, cell by cell.
#include "RunExport.h"
#include "TestSupport.h"
#include "export/ReproduceScript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

namespace {

struct ParityCase {
    const char *name;
    QStringList flags;
};

// Several seeds, both tasks, every optimizer, and the shapes that stress the data loader
// (a short last batch, no shuffling, one batch per epoch). Few epochs keep it quick.
const QList<ParityCase> &parityCases()
{
    static const QList<ParityCase> cases{
        {"seed notebook", {}},
        {"zeros adamw seed 1", {"--seed", "1", "--optimizer", "adamw", "--epochs", "2"}},
        {"zeros sgd seed 2",
         {"--seed", "2", "--optimizer", "sgd", "--lr", "0.05", "--momentum", "0.5"}},
        {"signal adam seed 3", {"--seed", "3", "--task", "position-signal", "--lr", "0.03"}},
        {"signal adamw seed 4",
         {"--seed", "4", "--task", "position-signal", "--optimizer", "adamw", "--weight-decay",
          "0.1", "--epochs", "2"}},
        {"signal sgd no momentum seed 5",
         {"--seed", "5", "--task", "position-signal", "--optimizer", "sgd", "--momentum", "0",
          "--lr", "0.1"}},
        {"no shuffle, batch divides samples",
         {"--seed", "6", "--no-shuffle", "--samples", "200", "--batch-size", "50"}},
        {"short last batch, big seed, 2 threads",
         {"--seed", "123456789012", "--samples", "100", "--batch-size", "7", "--seq-len", "4",
          "--threads", "2", "--lr", "0.30000000000000004"}},
        {"one batch per epoch, lr 1e-05",
         {"--seed", "9", "--samples", "16", "--batch-size", "16", "--seq-len", "31", "--lr",
          "1e-05", "--epochs", "4"}},
    };
    return cases;
}

// Runs `pelab train` for every case at once: each run spends most of its time loading
// libraries, so together they take little longer than one.
QList<test::ProcessResult> runPelabInParallel(const QList<QStringList> &argumentLists)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const QStringList &arguments : argumentLists) {
        processes.push_back(std::make_unique<QProcess>());
        processes.back()->start(test::pelabBinary(), arguments);
    }
    QList<test::ProcessResult> results;
    for (const auto &process : processes) {
        test::ProcessResult result;
        if (process->waitForFinished(300000) && process->exitStatus() == QProcess::NormalExit)
            result.exitCode = process->exitCode();
        result.out = process->readAllStandardOutput();
        result.err = process->readAllStandardError();
        results << result;
    }
    return results;
}

// What a reproduction printed, and the learned embedding it ended with (Python's repr).
struct PythonRun {
    QString printed;
    QStringList embedding;
};

// Runs each path in one Python process (importing torch once): .py files as scripts,
// .ipynb files by executing their code cells in order.
QList<PythonRun> runInPython(const QStringList &paths, QString *error)
{
    const char *runner = R"(
import contextlib, io, json, runpy, sys
runs = []
for path in sys.argv[1:]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        if path.endswith(".ipynb"):
            with open(path) as f:
                cells = json.load(f)["cells"]
            scope = {"__name__": "__main__"}
            for cell in cells:
                if cell["cell_type"] == "code":
                    exec(compile("".join(cell["source"]), path, "exec"), scope)
        else:
            scope = runpy.run_path(path, run_name="__main__")
    runs.append({"printed": buffer.getvalue(),
                 "embedding": [repr(v) for v in scope["learned_embedding"].flatten().tolist()]})
json.dump(runs, sys.stdout)
)";
    const auto result = test::runProcess(test::torchPython(), QStringList{"-c", runner} + paths);
    QList<PythonRun> runs;
    if (result.exitCode != 0) {
        *error = QString::fromUtf8(result.err);
        return runs;
    }
    for (const QJsonValue &value : QJsonDocument::fromJson(result.out).array()) {
        PythonRun run{value["printed"].toString(), {}};
        for (const QJsonValue &v : value["embedding"].toArray())
            run.embedding << v.toString();
        runs << run;
    }
    return runs;
}

// The value columns of embeddings.csv, row-major, as written.
QStringList csvValues(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList values;
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i)
        values << QString::fromLatin1(lines[i]).split(QLatin1Char(',')).mid(1);
    return values;
}

} // namespace

class TestReproduceScript : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void printsWhatPelabPrinted_data();
    void printsWhatPelabPrinted();
    void runsAsAScript();
    void scriptIsTheSeedsCodeCompleted();
    void notebookIsNbformat4_data();
    void notebookIsNbformat4();
    void nbformatValidates();

private:
    QTemporaryDir m_dir;
    QHash<QString, QByteArray> m_pelab;     // case -> pelab's stdout
    QHash<QString, QStringList> m_exported; // case -> embeddings.csv's values
    QHash<QString, PythonRun> m_script;     // case -> what reproduce.py printed and learned
    QHash<QString, PythonRun> m_notebook;   // case -> the same for reproduce.ipynb
};

void TestReproduceScript::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QList<QStringList> runs;
    QStringList paths;
    for (const ParityCase &c : parityCases()) {
        const QString out = m_dir.filePath(QString::fromLatin1(c.name).replace(' ', '-'));
        runs << QStringList{"train"} + c.flags + QStringList{"--out", out};
        paths << out + "/reproduce.py" << out + "/reproduce.ipynb";
    }
    const QList<test::ProcessResult> results = runPelabInParallel(runs);
    for (int i = 0; i < parityCases().size(); ++i) {
        QVERIFY2(results[i].exitCode == 0, results[i].err.constData());
        m_pelab[parityCases()[i].name] = results[i].out;
    }
    QString error;
    const QList<PythonRun> outputs = runInPython(paths, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(outputs.size(), paths.size());
    for (int i = 0; i < parityCases().size(); ++i) {
        const QString name = parityCases()[i].name;
        m_exported[name] = csvValues(QFileInfo(paths[2 * i]).dir().filePath("embeddings.csv"));
        m_script[name] = outputs[2 * i];
        m_notebook[name] = outputs[2 * i + 1];
    }
}

void TestReproduceScript::printsWhatPelabPrinted_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("epochs");
    for (const ParityCase &c : parityCases()) {
        const int at = c.flags.indexOf("--epochs");
        QTest::newRow(c.name) << QString::fromLatin1(c.name)
                              << (at >= 0 ? c.flags[at + 1].toInt() : 3);
    }
}

void TestReproduceScript::printsWhatPelabPrinted()
{
    QFETCH(QString, name);
    QFETCH(int, epochs);
    const QString pelab = QString::fromUtf8(m_pelab[name]);
    QCOMPARE(pelab.count(QRegularExpression("^Epoch \\d+, Loss: \\S+$",
                                            QRegularExpression::MultilineOption)),
             epochs);
    QCOMPARE(m_script[name].printed, pelab);
    QCOMPARE(m_notebook[name].printed, pelab);
    // The script's closing claim: it ends with exactly the embedding PE Lab exported.
    QVERIFY(!m_exported[name].isEmpty());
    QCOMPARE(m_script[name].embedding, m_exported[name]);
    QCOMPARE(m_notebook[name].embedding, m_exported[name]);
}

void TestReproduceScript::runsAsAScript()
{
    // Exactly what the README says to type, in the export folder.
    const QString out = m_dir.filePath("signal-adam-seed-3");
    const auto result = test::runProcess(test::torchPython(), {out + "/reproduce.py"});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, m_pelab["signal adam seed 3"]);
    QVERIFY(result.err.isEmpty());
}

void TestReproduceScript::scriptIsTheSeedsCodeCompleted()
{
    TrainingConfig config;
    const QStringList printed{"Epoch 1, Loss: 0.5", "Epoch 2, Loss: 0.25"};
    const QString script = QString::fromUtf8(reproduceScript(config, printed));
    QVERIFY(script.contains("from torch.utils.data import DataLoader, Dataset"));
    for (const char *seedLine :
         {"class RandomSequenceDataset(Dataset):", "class LearnablePositionalEncoding(nn.Module):",
          "class SimpleModel(nn.Module):",
          "        loss = criterion(outputs, torch.zeros_like(outputs))",
          "    print(f'Epoch {epoch+1}, Loss: {loss.item()}')"})
        QVERIFY2(script.contains(seedLine), seedLine);
    QVERIFY(script.contains("torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)"));
    QVERIFY(!script.contains("import math")); // the zeros task needs no sine
    for (const QString &line : printed)
        QVERIFY(script.contains("#     " + line + "\n"));
    // Every part explained: each non-code line is a comment or blank.
    QVERIFY(script.startsWith("# Reproduce a PE Lab run in PyTorch\n"));

    config.task = TaskKind::PositionSignal;
    config.optimizer = OptimizerKind::Sgd;
    config.momentum = 0.75;
    const QString signal = QString::fromUtf8(reproduceScript(config));
    QVERIFY(signal.contains("import math\n"));
    QVERIFY(signal.contains("loss = criterion(outputs, batch + signal)"));
    QVERIFY(signal.contains("MOMENTUM = 0.75\n"));
    QVERIFY(signal.contains("torch.optim.SGD("));
    QVERIFY(!signal.contains("WEIGHT_DECAY"));
}

void TestReproduceScript::notebookIsNbformat4_data()
{
    QTest::addColumn<TrainingConfig>("config");
    QTest::addColumn<QStringList>("printed");
    TrainingConfig signal;
    signal.task = TaskKind::PositionSignal;
    signal.optimizer = OptimizerKind::AdamW;
    QTest::newRow("seed") << TrainingConfig{} << QStringList{"Epoch 1, Loss: 0.5"};
    QTest::newRow("position signal, adamw, nothing printed") << signal << QStringList{};
}

void TestReproduceScript::notebookIsNbformat4()
{
    QFETCH(TrainingConfig, config);
    QFETCH(QStringList, printed);
    QJsonParseError error;
    const QJsonObject notebook =
        QJsonDocument::fromJson(reproduceNotebook(config, printed), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(notebook["nbformat"].toInt(), 4);
    QCOMPARE(notebook["nbformat_minor"].toInt(), 5);
    const QJsonObject kernel = notebook["metadata"]["kernelspec"].toObject();
    QCOMPARE(kernel["name"].toString(), QStringLiteral("python3"));
    QCOMPARE(kernel["language"].toString(), QStringLiteral("python"));
    QVERIFY(!kernel["display_name"].toString().isEmpty());

    const QString script = QString::fromUtf8(reproduceScript(config, printed));
    const QRegularExpression idPattern("^[a-zA-Z0-9_-]{1,64}$");
    QSet<QString> ids;
    int code = 0;
    int markdown = 0;
    for (const QJsonValue &value : notebook["cells"].toArray()) {
        const QJsonObject cell = value.toObject();
        const QString id = cell["id"].toString();
        QVERIFY2(idPattern.match(id).hasMatch(), qPrintable(id));
        QVERIFY2(!ids.contains(id), qPrintable(id));
        ids << id;
        QVERIFY(cell["metadata"].isObject());
        QString source;
        for (const QJsonValue &line : cell["source"].toArray()) {
            QVERIFY(line.isString());
            source += line.toString();
        }
        QVERIFY(!source.isEmpty());
        if (cell["cell_type"] == "code") {
            ++code;
            QVERIFY(cell["execution_count"].isNull());
            QCOMPARE(cell["outputs"].toArray(), QJsonArray());
            QVERIFY2(script.contains(source), qPrintable(source)); // the same code as the .py
        } else {
            ++markdown;
            QCOMPARE(cell["cell_type"].toString(), QStringLiteral("markdown"));
            QVERIFY(!cell.contains("outputs"));
        }
    }
    QVERIFY(code >= 5);
    QVERIFY(markdown > code); // each code cell explained, plus the introduction
    for (const QString &line : printed)
        QVERIFY(QString::fromUtf8(reproduceNotebook(config, printed)).contains(line));
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
    const QStringList notebooks{m_dir.filePath("seed-notebook/reproduce.ipynb"),
                                m_dir.filePath("signal-sgd-no-momentum-seed-5/reproduce.ipynb")};
    for (const QString &path : notebooks)
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
    const auto result =
        test::runProcess(test::torchPython(), QStringList{"-c", validate} + notebooks);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out.count("valid "), notebooks.size());
}

QTEST_GUILESS_MAIN(TestReproduceScript)
#include "tst_reproducescript.moc"
