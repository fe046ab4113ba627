// SPDX-License-Identifier: MIT
#include "TrainingConfig.h"

#include <QtTest>

#include <cmath>
#include <functional>

using namespace pelab;

using Mutation = std::function<void(TrainingConfig &)>;
Q_DECLARE_METATYPE(Mutation)

class TestTrainingConfig : public QObject {
    Q_OBJECT
private slots:
    void defaultsAreTheSeeds();
    void advisorySaysWhatCannotBeLearned();
    void validate_data();
    void validate();
    void reportsEveryProblem();
    void refusesRunsThatCannotFitInMemory();
    void stepsPerEpochCountsTheShortBatch();
    void longRunsBlameTheHistoryNotTheDataset();
};

void TestTrainingConfig::defaultsAreTheSeeds()
{
    const TrainingConfig config;
    QCOMPARE(config.samples, 1000);
    QCOMPARE(config.seqLen, 10);
    QCOMPARE(config.batchSize, 32);
    QVERIFY(config.shuffle);
    QCOMPARE(config.epochs, 3);
    QCOMPARE(config.optimizer, OptimizerKind::Adam);
    QCOMPARE(config.learningRate, 0.01);
    QCOMPARE(config.momentum, 0.9);
    QVERIFY(!config.weightDecay.has_value()); // PyTorch's default for each optimizer
    QCOMPARE(config.effectiveWeightDecay(), 0.0);
    QCOMPARE(config.seed, 0);
    QCOMPARE(config.task, TaskKind::Zeros);
    QCOMPARE(config.threads, 1);
    QVERIFY(config.validate().empty());
}

void TestTrainingConfig::validate_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QString>("field"); // empty: valid
    QTest::addColumn<QString>("allowedContains");
    const auto row = [](const char *name, Mutation m, const char *field, const char *allowed) {
        QTest::newRow(name) << m << QString::fromLatin1(field) << QString::fromLatin1(allowed);
    };
    row(
        "samples 0", [](auto &c) { c.samples = 0; }, "samples", "from 1 to");
    row(
        "samples 1", [](auto &c) { c.samples = 1; }, "", "");
    row(
        "seq_len negative", [](auto &c) { c.seqLen = -3; }, "seq_len", "from 1 to");
    row(
        "seq_len too long", [](auto &c) { c.seqLen = limits::maxSeqLen + 1; }, "seq_len",
        "1000000");
    row(
        "batch 0", [](auto &c) { c.batchSize = 0; }, "batch_size", "from 1 to");
    row(
        "batch larger than samples", [](auto &c) { c.batchSize = 5000; }, "", "");
    row(
        "epochs 0", [](auto &c) { c.epochs = 0; }, "epochs", "from 1 to");
    row(
        "lr 0", [](auto &c) { c.learningRate = 0; }, "lr", "greater than 0");
    row(
        "lr negative", [](auto &c) { c.learningRate = -0.1; }, "lr", "greater than 0");
    row(
        "lr nan", [](auto &c) { c.learningRate = std::nan(""); }, "lr", "finite");
    row(
        "lr inf", [](auto &c) { c.learningRate = INFINITY; }, "lr", "finite");
    row(
        "lr huge but finite", [](auto &c) { c.learningRate = 1e30; }, "", "");
    row(
        "momentum 1", [](auto &c) { c.momentum = 1; }, "momentum", "not including");
    row(
        "momentum negative", [](auto &c) { c.momentum = -0.5; }, "momentum", "from 0");
    row(
        "momentum 0", [](auto &c) { c.momentum = 0; }, "", "");
    row(
        "weight decay 1", [](auto &c) { c.weightDecay = 1; }, "weight_decay", "from 0");
    row(
        "seed negative", [](auto &c) { c.seed = -1; }, "seed", "from 0 to");
    row(
        "seed too big", [](auto &c) { c.seed = limits::maxSeed + 1; }, "seed", "from 0 to");
    row(
        "seed max", [](auto &c) { c.seed = limits::maxSeed; }, "", "");
    row(
        "threads 0", [](auto &c) { c.threads = 0; }, "threads", "from 1 to 256");
    row(
        "threads 257", [](auto &c) { c.threads = 257; }, "threads", "from 1 to 256");
}

void TestTrainingConfig::validate()
{
    QFETCH(Mutation, mutate);
    QFETCH(QString, field);
    QFETCH(QString, allowedContains);
    TrainingConfig config;
    mutate(config);
    const auto issues = config.validate();
    if (field.isEmpty()) {
        QVERIFY2(issues.empty(), issues.empty() ? "" : qPrintable(issues.front().message()));
        return;
    }
    QCOMPARE(int(issues.size()), 1);
    QCOMPARE(issues.front().field, field);
    QVERIFY2(issues.front().allowed.contains(allowedContains), qPrintable(issues.front().allowed));
    // The message names the field, the value and what is allowed.
    const QString message = issues.front().message();
    QVERIFY(message.startsWith(field + QLatin1Char(':')));
    QVERIFY(message.contains(issues.front().value));
}

void TestTrainingConfig::reportsEveryProblem()
{
    TrainingConfig config;
    config.samples = 0;
    config.epochs = 0;
    config.learningRate = -1;
    QStringList fields;
    for (const ConfigIssue &issue : config.validate())
        fields << issue.field;
    QCOMPARE(fields, (QStringList{"samples", "epochs", "lr"}));
}

void TestTrainingConfig::refusesRunsThatCannotFitInMemory()
{
    TrainingConfig config;
    config.samples = 100'000'000;
    config.seqLen = 100'000;
    // A config loads on any machine: memory is checked when a run starts, not by validate().
    QVERIFY(config.validate().empty());
    const auto issue = config.memoryIssue();
    QVERIFY(issue.has_value());
    QVERIFY(issue->allowed.contains(QLatin1String("TiB")));
    QVERIFY(issue->allowed.contains(QLatin1String("memory")));
    QVERIFY(config.estimatedBytes() > 4e13);
}

void TestTrainingConfig::longRunsBlameTheHistoryNotTheDataset()
{
    TrainingConfig config;
    config.epochs = limits::maxEpochs;
    config.batchSize = 1;
    QVERIFY(config.validate().empty());
    const auto issue = config.memoryIssue();
    QVERIFY(issue.has_value());
    QCOMPARE(issue->field, QString("epochs"));
    QVERIFY(issue->allowed.contains("fewer epochs"));
}

void TestTrainingConfig::stepsPerEpochCountsTheShortBatch()
{
    TrainingConfig config;
    QCOMPARE(config.stepsPerEpoch(), 32); // 31 full batches of 32 and one of 8
    config.batchSize = 1000;
    QCOMPARE(config.stepsPerEpoch(), 1);
    config.batchSize = 30;
    config.epochs = 4;
    QCOMPARE(config.totalSteps(), 34 * 4);
}

void TestTrainingConfig::advisorySaysWhatCannotBeLearned()
{
    TrainingConfig c;
    QVERIFY(c.advisory().isEmpty()); // the seed's regression
    c.task = TaskKind::Reverse;
    c.layers = 2;
    c.width = 16;
    c.heads = 2;
    QVERIFY(c.advisory().isEmpty()); // bidirectional: the whole sequence is visible
    c.causal = true;
    QVERIFY2(c.advisory().contains(QStringLiteral("reverse needs later ones")),
             qPrintable(c.advisory()));
    for (const TaskKind task : {TaskKind::Sort, TaskKind::Count}) {
        c.task = task;
        QVERIFY(!c.advisory().isEmpty());
    }
    for (const TaskKind task : {TaskKind::Shift, TaskKind::Markov}) {
        c.task = task;
        QVERIFY(c.advisory().isEmpty()); // only earlier tokens needed
    }
    c.layers = 0;
    c.task = TaskKind::Shift;
    QVERIFY2(c.advisory().contains(QStringLiteral("Without attention layers")),
             qPrintable(c.advisory()));
    c.task = TaskKind::Markov; // the next token depends on this one alone
    QVERIFY(c.advisory().isEmpty());
}

QTEST_GUILESS_MAIN(TestTrainingConfig)
#include "tst_trainingconfig.moc"
