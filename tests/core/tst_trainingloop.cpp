// SPDX-License-Identifier: MIT
// TrainingLoop, the one loop of the window and the CLI, checked against definitions: the
// probe's measurements on uniform attention, the probe and validation schedules, divergence,
// the gradient-norm groups of the reference's gradient_norms(), and the learned table's rows
// that training never reaches.
#include "TrainingProgress.h"
#include "TrainingSession.h"
#include "engine/Allocator.h"
#include "training/TrainingLoop.h"

#include <QtTest>

#include <cmath>

using namespace pelab;

Q_DECLARE_METATYPE(pelab::TrainingConfig)

namespace {

// A small token model; callers change what they test.
TrainingConfig tokenConfig()
{
    TrainingConfig c;
    c.task = TaskKind::Reverse;
    c.layers = 2;
    c.width = 8;
    c.heads = 2;
    c.samples = 64;
    c.batchSize = 16;
    c.epochs = 1;
    return c;
}

// Runs `loop` to the end, step by step, collecting everything it appended; returns false if
// a step's loss was not finite.
struct Collected {
    std::vector<LossPoint> losses;
    std::vector<double> gradNorms;
    std::vector<Evaluation> validation;
    std::vector<ProbePoint> probes; // after the initial one
    std::vector<StepResult> steps;
    std::vector<std::int64_t> stepsWithLatest; // steps whose progress carried a full probe
    TrainingProgress final;
    bool diverged = false;
};

Collected runToEnd(TrainingLoop &loop)
{
    Collected c;
    while (!loop.isFinished()) {
        TrainingProgress progress;
        StepResult result;
        const bool finite = loop.step(progress, &result);
        c.losses.insert(c.losses.end(), progress.losses.begin(), progress.losses.end());
        c.gradNorms.insert(c.gradNorms.end(), progress.gradNorms.begin(), progress.gradNorms.end());
        c.validation.insert(c.validation.end(), progress.validation.begin(),
                            progress.validation.end());
        c.probes.insert(c.probes.end(), progress.probes.begin(), progress.probes.end());
        if (!progress.latest.isEmpty())
            c.stepsWithLatest.push_back(result.globalStep);
        c.steps.push_back(result);
        if (!finite) {
            c.diverged = true;
            break;
        }
    }
    loop.finish(c.final);
    c.probes.insert(c.probes.end(), c.final.probes.begin(), c.final.probes.end());
    return c;
}

// The reference's gradient_norms() groups for a config: input (an nn.Linear for regression
// wider than 1, the nn.Embedding for tokens), encoding (the learned table), each block,
// final_ln (Pre-LN with layers), head.
QStringList referenceGroups(const TrainingConfig &c)
{
    QStringList groups;
    if (!c.isRegression() || c.width > 1)
        groups << "input";
    if (c.encoding == EncodingKind::Learned)
        groups << "encoding";
    for (std::int64_t i = 0; i < c.layers; ++i)
        groups << QStringLiteral("block.%1").arg(i);
    if (c.layers > 0 && c.norm == NormKind::Pre)
        groups << "final_ln";
    groups << "head";
    return groups;
}

} // namespace

class TestTrainingLoop : public QObject {
    Q_OBJECT
private slots:
    void longSequencesReuseTheirMemory();
    void probeKeepsSequencesToPickFrom();
    void uniformAttentionAtQkGainZero_data();
    void uniformAttentionAtQkGainZero();
    void probeSchedule_data();
    void probeSchedule();
    void noProbesWithoutAttentionOrTokens();
    void validationCadence_data();
    void validationCadence();
    void divergenceNamesTheStep_data();
    void divergenceNamesTheStep();
    void gradNormsPerStepPerGroup_data();
    void gradNormsPerStepPerGroup();
    void unreachedTableRowsKeepTheirInitialValues_data();
    void unreachedTableRowsKeepTheirInitialValues();
};

void TestTrainingLoop::uniformAttentionAtQkGainZero_data()
{
    QTest::addColumn<bool>("causal");
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("encoding");
    for (bool causal : {false, true})
        for (int length : {8, 10})
            for (EncodingKind encoding : {EncodingKind::Learned, EncodingKind::None}) {
                QTest::addRow("%s, L %d, %s", causal ? "causal" : "bidirectional", length,
                              qPrintable(encodingName(encoding)))
                    << causal << length << int(encoding);
            }
}

void TestTrainingLoop::uniformAttentionAtQkGainZero()
{
    QFETCH(bool, causal);
    QFETCH(int, length);
    QFETCH(int, encoding);
    TrainingConfig config = tokenConfig();
    config.qkGain = 0;      // query and key weights start at zero: q and k are their biases,
    config.causal = causal; // the same for every position, so every score of a row is equal
    config.seqLen = length;
    config.encoding = EncodingKind(encoding);
    TrainingLoop loop(config);
    const ProbePoint &probe = loop.start().initialProbe;
    QCOMPARE(probe.step, 0);

    const NdArray entropy = probe.values.value("attention_entropy");
    const NdArray distance = probe.values.value("attention_distance");
    QCOMPARE(entropy.shape, (std::vector<std::int64_t>{config.layers, config.heads}));
    QCOMPARE(distance.shape, (std::vector<std::int64_t>{config.layers, config.heads}));

    // The map itself (the first probe sequence's, from a session made the same way): each
    // visible key weighs 1 / visible, as softmax gives it in float32.
    TrainingSession session(config);
    const Measurements full = session.probe();
    const NdArray attention = full.value("attention");
    QCOMPARE(attention.shape,
             (std::vector<std::int64_t>{config.layers, config.heads, std::int64_t(length),
                                        std::int64_t(length)}));
    for (std::int64_t l = 0; l < config.layers; ++l)
        for (std::int64_t h = 0; h < config.heads; ++h)
            for (int i = 0; i < length; ++i)
                for (int j = 0; j < length; ++j) {
                    const int visible = causal ? i + 1 : length;
                    QCOMPARE(attention.at({l, h, i, j}),
                             j < visible ? double(1.0f / float(visible)) : 0.0);
                }
    QCOMPARE(full.value("attention_entropy"), entropy);
    QCOMPARE(full.value("attention_distance"), distance);

    // The definition: mean over queries i of sum_j p_ij |i - j|, p uniform over the keys i
    // sees (j <= i when causal, every j otherwise).
    double expected = 0;
    for (int i = 0; i < length; ++i) {
        const int visible = causal ? i + 1 : length;
        double sum = 0;
        for (int j = 0; j < visible; ++j)
            sum += std::abs(i - j);
        expected += sum / visible;
    }
    expected /= length;
    // The probabilities are float32 (1/3 is not exact in float), so the distance is exact to
    // float precision, not to the last bit of a double.
    for (double d : distance.values)
        QVERIFY2(
            std::abs(d - expected) <= 1e-6 * expected,
            qPrintable(
                QStringLiteral("%1, expected %2").arg(d, 0, 'g', 17).arg(expected, 0, 'g', 17)));

    // Uniform over the visible keys: the entropy is log(visible keys), normalised exactly 1,
    // and a normalised entropy is never above 1.
    for (double e : entropy.values)
        QVERIFY2(std::abs(e - 1.0) <= 1e-12,
                 qPrintable(QStringLiteral("attention_entropy of uniform attention is %1, not 1 "
                                           "within 1e-12%2")
                                .arg(e, 0, 'g', 17)
                                .arg(e > 1 ? QStringLiteral(" (above 1: entropy of float32 "
                                                            "probabilities that do not sum "
                                                            "to 1, over log(visible keys))")
                                           : QString())));
}

void TestTrainingLoop::probeSchedule_data()
{
    QTest::addColumn<TrainingConfig>("config");
    TrainingConfig shortLast = tokenConfig(); // 5 steps an epoch, the last one short
    shortLast.samples = 70;
    shortLast.batchSize = 8;
    shortLast.epochs = 4;
    QTest::newRow("attention, 9 steps an epoch, 4 epochs") << shortLast;
    TrainingConfig validation = tokenConfig(); // the probe batch comes from validation
    validation.valSamples = 16;
    validation.epochs = 5;
    QTest::newRow("attention, validation set") << validation;
    TrainingConfig tokens = tokenConfig(); // no attention: accuracy per position only
    tokens.layers = 0;
    tokens.samples = 64;
    tokens.batchSize = 64;
    tokens.epochs = 1000; // 1000 steps: about 200 probes, not 1000
    QTest::newRow("tokens without layers, 1000 steps") << tokens;
    TrainingConfig single = tokenConfig();
    single.samples = 16;
    single.epochs = 1; // one step
    QTest::newRow("one step") << single;
}

void TestTrainingLoop::probeSchedule()
{
    QFETCH(TrainingConfig, config);
    TrainingLoop loop(config);
    const std::int64_t every = loop.probeEvery();
    const std::int64_t total = config.totalSteps();
    QVERIFY(every >= 1);
    // About 200 over the run at most.
    QVERIFY2(every >= (total + 199) / 200, qPrintable(QString::number(every)));
    QCOMPARE(loop.start().initialProbe.step, 0);
    QVERIFY(!loop.start().initialProbe.values.isEmpty());
    if (config.layers > 0)
        QVERIFY(loop.start().initialProbe.values.contains("attention_entropy"));
    else
        QVERIFY(loop.start().initialProbe.values.contains("accuracy_per_position"));

    const Collected run = runToEnd(loop);
    QVERIFY(!run.diverged);
    std::vector<std::int64_t> expected;
    for (std::int64_t step = every; step <= total; step += every)
        expected.push_back(step);
    if (expected.empty() || expected.back() != total)
        expected.push_back(total); // and once more at the end
    std::vector<std::int64_t> probed;
    for (const ProbePoint &p : run.probes) {
        probed.push_back(p.step);
        QVERIFY2(!p.values.contains("attention"), "probe summaries leave the maps out");
        QVERIFY(!p.values.isEmpty());
    }
    QCOMPARE(probed, expected);
    // The full probe (with the maps, when there are layers) travels with its step.
    std::vector<std::int64_t> during(expected.begin(), expected.end());
    if (total % every != 0)
        during.pop_back(); // the final probe comes with finish()
    QCOMPARE(run.stepsWithLatest, during);
    QVERIFY(!run.final.latest.isEmpty() || total % every == 0);
    if (config.layers > 0 && !run.final.latest.isEmpty())
        QVERIFY(run.final.latest.contains("attention"));
    QVERIFY(probed.size() <= 201);
}

void TestTrainingLoop::noProbesWithoutAttentionOrTokens()
{
    TrainingConfig config; // the seed: regression, no layers
    config.epochs = 1;
    TrainingLoop loop(config);
    QVERIFY(loop.start().initialProbe.values.isEmpty());
    const Collected run = runToEnd(loop);
    QVERIFY(run.probes.empty());
    QVERIFY(run.stepsWithLatest.empty());
}

void TestTrainingLoop::validationCadence_data()
{
    QTest::addColumn<TrainingConfig>("config");
    TrainingConfig base = tokenConfig();
    base.samples = 70; // 5 steps an epoch, the last batch short
    base.batchSize = 16;
    base.epochs = 3;
    base.valSamples = 24;
    for (std::int64_t every : {0, 1, 4, 5, 7, 15, 16}) {
        TrainingConfig c = base;
        c.evalEvery = every;
        QTest::addRow("eval_every %lld", qlonglong(every)) << c;
    }
    TrainingConfig regression = base;
    regression.task = TaskKind::PositionSignal;
    regression.evalEvery = 3;
    QTest::newRow("regression, eval_every 3") << regression;
    TrainingConfig none = base;
    none.valSamples = 0;
    none.evalEvery = 2;
    QTest::newRow("no validation set") << none;
}

void TestTrainingLoop::validationCadence()
{
    QFETCH(TrainingConfig, config);
    TrainingLoop loop(config);
    const Collected run = runToEnd(loop);
    QVERIFY(!run.diverged);
    // The spec: after every eval_every-th step, or after each epoch's last step when 0.
    std::vector<std::int64_t> expected;
    for (std::int64_t step = 1; step <= config.totalSteps() && config.valSamples > 0; ++step)
        if (config.evalEvery ? step % config.evalEvery == 0 : step % config.stepsPerEpoch() == 0)
            expected.push_back(step);
    std::vector<std::int64_t> validated;
    for (const Evaluation &e : run.validation) {
        validated.push_back(e.step);
        QCOMPARE(e.length, config.seqLen);
        QVERIFY(std::isfinite(e.loss));
        QCOMPARE(e.accuracy.has_value(), !config.isRegression());
        QVERIFY(!e.accuracyNewPositions.has_value());
    }
    QCOMPARE(validated, expected);
    // Each validation arrives with its own step.
    for (const StepResult &s : run.steps)
        QCOMPARE(s.validation.has_value(),
                 std::find(expected.begin(), expected.end(), s.globalStep) != expected.end());
}

void TestTrainingLoop::divergenceNamesTheStep_data()
{
    QTest::addColumn<TrainingConfig>("config");
    TrainingConfig family;
    family.task = TaskKind::PositionSignal;
    family.width = 8;
    family.layers = 1;
    family.learningRate = 1e30;
    family.epochs = 2;
    QTest::newRow("regression, width 8, 1 layer") << family;
    TrainingConfig seed;
    seed.learningRate = 1e30;
    QTest::newRow("the seed's shape") << seed;
}

void TestTrainingLoop::divergenceNamesTheStep()
{
    QFETCH(TrainingConfig, config);
    TrainingLoop loop(config);
    const Collected run = runToEnd(loop);
    QVERIFY2(run.diverged, "a learning rate of 1e30 must end the run");
    const StepResult &last = run.steps.back();
    QVERIFY(!std::isfinite(last.loss));
    for (std::size_t i = 0; i + 1 < run.steps.size(); ++i)
        QVERIFY(std::isfinite(run.steps[i].loss)); // it stopped at the first
    const QString failure = loop.failure();
    QVERIFY2(
        failure.contains(QStringLiteral("epoch %1, step %2").arg(last.epoch).arg(last.stepInEpoch)),
        qPrintable(failure));
    QVERIFY2(failure.contains(QStringLiteral("step %1 of the run").arg(last.globalStep)),
             qPrintable(failure));
    QVERIFY2(failure.contains("learning rate"), qPrintable(failure));
    QVERIFY(loop.stepsDone() < config.totalSteps());
    // No extrapolation figures for a diverged run.
    QVERIFY(run.final.extrapolation.empty());
}

void TestTrainingLoop::gradNormsPerStepPerGroup_data()
{
    QTest::addColumn<TrainingConfig>("config");
    TrainingConfig tokens = tokenConfig();
    tokens.epochs = 2;
    QTest::newRow("tokens, learned, 2 layers, pre") << tokens;
    TrainingConfig post = tokenConfig();
    post.norm = NormKind::Post;
    post.encoding = EncodingKind::Rope;
    QTest::newRow("tokens, rope, post") << post;
    TrainingConfig sinusoidal = tokenConfig();
    sinusoidal.task = TaskKind::PositionSignal;
    sinusoidal.encoding = EncodingKind::Sinusoidal;
    sinusoidal.layers = 1;
    QTest::newRow("regression, sinusoidal, 1 layer") << sinusoidal;
    TrainingConfig wide;
    wide.width = 4;
    wide.epochs = 1;
    QTest::newRow("regression, width 4, no layers") << wide;
    TrainingConfig seed;
    seed.epochs = 1;
    QTest::newRow("the seed") << seed;
}

void TestTrainingLoop::gradNormsPerStepPerGroup()
{
    QFETCH(TrainingConfig, config);
    TrainingLoop loop(config);
    const QStringList groups = loop.start().gradGroups;
    QCOMPARE(groups, referenceGroups(config));
    const Collected run = runToEnd(loop);
    QVERIFY(!run.diverged);
    QCOMPARE(std::int64_t(run.losses.size()), config.totalSteps());
    QCOMPARE(run.gradNorms.size(), run.losses.size() * std::size_t(groups.size()));
    for (const StepResult &s : run.steps) {
        QCOMPARE(s.gradNorms.size(), std::size_t(groups.size()));
        for (double norm : s.gradNorms)
            QVERIFY(std::isfinite(norm) && norm >= 0);
    }
    // The progress carries each step's norms in order.
    for (std::size_t i = 0; i < run.steps.size(); ++i)
        for (std::size_t g = 0; g < std::size_t(groups.size()); ++g)
            QCOMPARE(run.gradNorms[i * std::size_t(groups.size()) + g], run.steps[i].gradNorms[g]);
}

void TestTrainingLoop::unreachedTableRowsKeepTheirInitialValues_data()
{
    QTest::addColumn<TrainingConfig>("config");
    QTest::addColumn<bool>("unchanged"); // the rows beyond seq_len keep their values
    TrainingConfig tokens = tokenConfig();
    tokens.seqLen = 8;
    tokens.evalLengths = {12, 16};
    tokens.evalSamples = 16;
    tokens.epochs = 2;
    QTest::newRow("tokens, 2 layers, adam") << tokens << true;
    TrainingConfig seed;
    seed.evalLengths = {16};
    seed.evalSamples = 16;
    seed.epochs = 2;
    QTest::newRow("the seed, adam") << seed << true;
    TrainingConfig sgd = tokens;
    sgd.optimizer = OptimizerKind::Sgd;
    QTest::newRow("tokens, sgd with momentum") << sgd << true;
    // AdamW decays every weight, gradient or not: the rows shrink. (The contrast shows the
    // check can tell.)
    TrainingConfig adamw = tokens;
    adamw.optimizer = OptimizerKind::AdamW;
    QTest::newRow("tokens, adamw decays them") << adamw << false;
}

void TestTrainingLoop::unreachedTableRowsKeepTheirInitialValues()
{
    QFETCH(TrainingConfig, config);
    QFETCH(bool, unchanged);
    TrainingLoop loop(config);
    const Matrix initial = loop.start().initialEmbedding;
    QCOMPARE(std::int64_t(initial.rows), config.maxLength());
    QCOMPARE(std::int64_t(initial.cols), config.width);
    const Collected run = runToEnd(loop);
    QVERIFY(!run.diverged);
    const Matrix trained = run.final.embedding;
    QCOMPARE(trained.rows, initial.rows);
    QCOMPARE(trained.cols, initial.cols);
    QVERIFY(trained == loop.embedding());
    bool trainedRowsMoved = false;
    for (int row = 0; row < initial.rows; ++row) {
        bool same = true;
        for (int col = 0; col < initial.cols; ++col)
            same = same && trained.at(row, col) == initial.at(row, col);
        if (row < config.seqLen) {
            trainedRowsMoved = trainedRowsMoved || !same;
        } else {
            QVERIFY2(same == unchanged, qPrintable(QStringLiteral("row %1").arg(row)));
        }
    }
    QVERIFY(trainedRowsMoved); // training reached the first seq_len rows
    QCOMPARE(std::int64_t(run.final.extrapolation.size()), std::int64_t(config.evalLengths.size()));
}

// The attention view's picker: up to 8 probe sequences' maps, the first being "attention"
// itself, and their tokens.
void TestTrainingLoop::probeKeepsSequencesToPickFrom()
{
    TrainingConfig config = tokenConfig();
    TrainingSession session(config);
    const Measurements full = session.probe();
    const NdArray attention = full.value("attention");
    const NdArray probes = full.value("attention_probes");
    const std::int64_t L = config.seqLen;
    QCOMPARE(probes.shape, (std::vector<std::int64_t>{8, config.layers, config.heads, L, L}));
    const std::size_t perSequence = attention.values.size();
    QVERIFY(std::equal(attention.values.begin(), attention.values.end(), probes.values.begin()));
    // Another sequence, other tokens: other attention.
    QVERIFY(!std::equal(attention.values.begin(), attention.values.end(),
                        probes.values.begin() + std::ptrdiff_t(perSequence)));
    const NdArray tokens = full.value("probe_tokens");
    QCOMPARE(tokens.shape, (std::vector<std::int64_t>{8, L}));
    for (double token : tokens.values)
        QVERIFY(token >= 0 && token < config.vocab && token == std::floor(token));
    // History points keep neither (only the newest probe carries maps).
    TrainingLoop loop(config);
    QVERIFY(!loop.start().initialProbe.values.contains("attention_probes"));
    QVERIFY(!loop.start().initialProbe.values.contains("probe_tokens"));
}

// At L = 1,100,000 a batch's tensors are 35 MB: freed between steps, they are kept for the
// next allocation (not faulted in again from the kernel). No number may depend on what such
// a reused block held: a run stepping on blocks another run just dirtied gives the losses of
// one that always gets fresh memory. The last run's end gives the blocks back.
void TestTrainingLoop::longSequencesReuseTheirMemory()
{
    TrainingConfig config;
    config.seqLen = 1'100'000;
    config.samples = 8;
    config.batchSize = 8;
    config.epochs = 2;
    TrainingConfig other = config;
    other.seed = 5;
    std::vector<double> reused, fresh;
    {
        TrainingSession dirty(config);
        TrainingSession session(other);
        for (int i = 0; i < 2; ++i) {
            dirty.step();
            QVERIFY(cachedLargeBytes() > 0); // its large blocks, back in the cache
            reused.push_back(session.step().loss);
        }
    }
    QCOMPARE(cachedLargeBytes(), std::size_t(0));
    {
        TrainingSession session(other);
        for (int i = 0; i < 2; ++i) {
            releaseCachedLargeBlocks();
            fresh.push_back(session.step().loss);
        }
    }
    QCOMPARE(reused, fresh);
}

QTEST_GUILESS_MAIN(TestTrainingLoop)
#include "tst_trainingloop.moc"
