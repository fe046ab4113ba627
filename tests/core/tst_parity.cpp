// SPDX-License-Identifier: MIT
// PE Lab against PyTorch running the seed's code (tests/reference/pelab_reference.py):
// every step's loss and the final embedding must be identical, bit for bit.
#include "ConfigJson.h"
#include "PythonFloat.h"
#include "TestSupport.h"
#include "TrainingSession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <thread>

using namespace pelab;

namespace {

struct RunTrace {
    QStringList losses;
    QStringList embedding;
};

RunTrace trainInPelab(const TrainingConfig &config,
                      TrainingSession::Optimizers optimizers = TrainingSession::Optimizers::Auto)
{
    TrainingSession session(config, optimizers);
    RunTrace trace;
    while (!session.isFinished())
        trace.losses << formatPythonFloat(session.step().loss);
    for (float value : session.embedding().values)
        trace.embedding << formatPythonFloat(double(value));
    return trace;
}

QList<RunTrace> trainInPyTorch(const QList<TrainingConfig> &configs)
{
    QJsonArray input;
    for (const TrainingConfig &config : configs)
        input.append(configToJson(config));
    const auto result = test::runProcess(test::torchPython(),
                                         {test::sourcePath("tests/reference/pelab_reference.py")},
                                         QJsonDocument(input).toJson(QJsonDocument::Compact));
    if (result.exitCode != 0)
        qFatal("reference script failed: %s", result.err.constData());
    QList<RunTrace> traces;
    for (const QJsonValue &run : QJsonDocument::fromJson(result.out).array()) {
        RunTrace trace;
        for (const QJsonValue &v : run[QStringLiteral("losses")].toArray())
            trace.losses << v.toString();
        for (const QJsonValue &v : run[QStringLiteral("embedding")].toArray())
            trace.embedding << v.toString();
        traces << trace;
    }
    return traces;
}

void compareTraces(const RunTrace &ours, const RunTrace &theirs)
{
    QCOMPARE(ours.losses.size(), theirs.losses.size());
    for (int i = 0; i < ours.losses.size(); ++i)
        if (ours.losses[i] != theirs.losses[i])
            QFAIL(qPrintable(QStringLiteral("step %1: pelab %2, PyTorch %3")
                                 .arg(i + 1)
                                 .arg(ours.losses[i], theirs.losses[i])));
    QCOMPARE(ours.embedding, theirs.embedding);
}

} // namespace

class TestParity : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void matchesPyTorch_data();
    void matchesPyTorch();
    void hundredEpochsOfTheSeed();
    void simultaneousRunsShareNoState();

private:
    QList<TrainingConfig> m_configs;
    QStringList m_names;
    QList<RunTrace> m_reference;
};

void TestParity::initTestCase()
{
    setTorchThreads(1);
    // Several seeds x the settings that change the code path: a short last batch, no
    // shuffling, each optimizer, the position-signal task, sequences long enough for ATen's
    // vectorised kernels (>= 16 elements), a larger learning rate.
    const QList<std::pair<QString, std::function<void(TrainingConfig &)>>> variants = {
        {"seed notebook", [](TrainingConfig &) {}},
        {"batch 30 (short last batch)", [](TrainingConfig &c) { c.batchSize = 30; }},
        {"no shuffle", [](TrainingConfig &c) { c.shuffle = false; }},
        {"adamw", [](TrainingConfig &c) { c.optimizer = OptimizerKind::AdamW; }},
        {"sgd", [](TrainingConfig &c) { c.optimizer = OptimizerKind::Sgd; }},
        {"position-signal",
         [](TrainingConfig &c) {
             c.task = TaskKind::PositionSignal;
             c.epochs = 4;
         }},
        {"long sequences, sgd, no shuffle",
         [](TrainingConfig &c) {
             c.seqLen = 33;
             c.samples = 257;
             c.batchSize = 64;
             c.optimizer = OptimizerKind::Sgd;
             c.momentum = 0.5;
             c.shuffle = false;
         }},
        {"long sequences, adamw, position-signal",
         [](TrainingConfig &c) {
             c.seqLen = 48;
             c.samples = 300;
             c.batchSize = 17;
             c.optimizer = OptimizerKind::AdamW;
             c.weightDecay = 0.05;
             c.task = TaskKind::PositionSignal;
         }},
        {"lr 0.1, batch larger than samples",
         [](TrainingConfig &c) {
             c.learningRate = 0.1;
             c.samples = 50;
             c.batchSize = 64;
             c.epochs = 20;
         }},
    };
    for (std::int64_t seed : {0, 1, 1234567})
        for (const auto &[name, apply] : variants) {
            TrainingConfig config;
            config.seed = seed;
            apply(config);
            m_configs << config;
            m_names << QStringLiteral("seed %1, %2").arg(seed).arg(name);
        }
    m_reference = trainInPyTorch(m_configs);
    QCOMPARE(m_reference.size(), m_configs.size());
}

void TestParity::matchesPyTorch_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < m_names.size(); ++i)
        QTest::newRow(qPrintable(m_names[i])) << i;
}

void TestParity::matchesPyTorch()
{
    QFETCH(int, index);
    // The fast optimizer loops (when this machine verified them) and ATen's ops.
    compareTraces(trainInPelab(m_configs[index]), m_reference[index]);
    compareTraces(trainInPelab(m_configs[index], TrainingSession::Optimizers::Reference),
                  m_reference[index]);
}

void TestParity::hundredEpochsOfTheSeed()
{
    TrainingConfig config;
    config.epochs = 100;
    config.seed = 42;
    const QList<RunTrace> reference = trainInPyTorch({config});
    compareTraces(trainInPelab(config), reference.front());
}

void TestParity::simultaneousRunsShareNoState()
{
    TrainingConfig config;
    config.seed = 3;
    config.epochs = 5;
    const RunTrace alone = trainInPelab(config);
    RunTrace first;
    RunTrace second;
    std::thread a([&] {
        setTorchThreads(1);
        first = trainInPelab(config);
    });
    std::thread b([&] {
        setTorchThreads(1);
        second = trainInPelab(config);
    });
    a.join();
    b.join();
    QCOMPARE(first.losses, alone.losses);
    QCOMPARE(second.losses, alone.losses);
    QCOMPARE(first.embedding, alone.embedding);
    QCOMPARE(second.embedding, alone.embedding);
}

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"
