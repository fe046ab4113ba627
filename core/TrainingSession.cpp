// SPDX-License-Identifier: MIT
#include "TrainingSession.h"

#include "engine/Allocator.h"

#include "PythonFloat.h"
#include "data/TaskData.h"
#include "engine/EpochSampler.h"
#include "engine/Optimizers.h"
#include "engine/SeedGradients.h"
#include "models/FamilyModel.h"
#include "training/Measures.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/version.h>

#include <QFileInfo>

#include <chrono>
#include <cmath>

namespace pelab {

namespace {

Matrix toMatrix(const at::Tensor &tensor)
{
    if (!tensor.defined())
        return {};
    const at::Tensor t = tensor.detach().to(at::kFloat).contiguous();
    Matrix m;
    m.rows = int(t.size(0));
    m.cols = t.dim() > 1 ? int(t.size(1)) : 1;
    m.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    return m;
}

double squaredNorm(const at::Tensor &grad)
{
    const at::Tensor g = grad.contiguous();
    const float *v = g.data_ptr<float>();
    double sum = 0;
    for (std::int64_t i = 0, n = g.numel(); i < n; ++i)
        sum += double(v[i]) * double(v[i]);
    return sum;
}

// The group a parameter's gradient norm counts in, from its state_dict name.
QString groupOf(const QString &name)
{
    if (name.startsWith(QLatin1String("input.")))
        return QStringLiteral("input");
    if (name == QLatin1String("position_embeddings"))
        return QStringLiteral("encoding");
    if (name.startsWith(QLatin1String("blocks.")))
        return QStringLiteral("block.") + name.section(QLatin1Char('.'), 1, 1);
    return name.section(QLatin1Char('.'), 0, 0); // final_ln, head
}

} // namespace

struct TrainingSession::Impl {
    Impl(const TrainingConfig &c, TrainingSession::Optimizers optimizers)
        : config(c)
        , generator(at::make_generator<at::CPUGeneratorImpl>(std::uint64_t(c.seed)))
        , sampler(c.samples, c.batchSize, c.shuffle)
    {
        // The spec's order of draws: the training set, then the model in creation order;
        // held-out sets come from a generator of their own seeded with seed + 1.
        train = makeTaskData(c, c.samples, c.seqLen, generator);
        at::Generator heldOut = at::make_generator<at::CPUGeneratorImpl>(std::uint64_t(c.seed + 1));
        if (c.valSamples > 0)
            validation = makeTaskData(c, c.valSamples, c.seqLen, heldOut);
        for (std::int64_t length : c.evalLengths)
            evaluationSets.push_back(makeTaskData(c, c.evalSamples, length, heldOut));
        model = FamilyModel(c, generator);
        if (model->positionEmbeddings.defined())
            initial = model->positionEmbeddings.detach().clone();
        else if (model->positionTable.defined())
            initial = model->positionTable;

        for (const auto &named : model->named_parameters()) {
            params.push_back(named.value());
            paramNames << QString::fromStdString(named.key());
            const QString group = groupOf(QString::fromStdString(named.key()));
            if (!groups.contains(group))
                groups << group;
            groupOfParam.push_back(int(groups.indexOf(group)));
        }
        // The spec's named_parameters() order puts the table first; report input first.
        if (groups.contains(QStringLiteral("input")) &&
            groups.contains(QStringLiteral("encoding"))) {
            groups.swapItemsAt(0, 1);
            for (int &g : groupOfParam)
                g = g == 0 ? 1 : g == 1 ? 0 : g;
        }
        optimizer = optimizers == TrainingSession::Optimizers::Reference
                        ? makeOptimizer(c, params, OptimizerBackend::Aten)
                        : makeOptimizer(c, params);
        const TaskData &probeSource = validation.size() > 0 ? validation : train;
        const std::int64_t probeCount = std::min<std::int64_t>(64, probeSource.size());
        probeInputs = probeSource.inputs.slice(0, 0, probeCount);
        probeTargets = probeSource.targets.slice(0, 0, probeCount);
        if (c.task == TaskKind::PositionSignal)
            signal = positionSignal(c.seqLen);
    }

    std::vector<at::Tensor> lossAndGradients(const at::Tensor &inputs, const at::Tensor &targets,
                                             double *lossOut)
    {
        if (config.isSeedShape()) {
            LossAndGradients step = seedLossAndGradients(
                model->positionEmbeddings, model->head->weight, model->head->bias, inputs, targets);
            *lossOut = double(step.loss.item<float>());
            return std::move(step.grads);
        }
        const at::Tensor output = model->forward(inputs, true, generator);
        const at::Tensor loss = familyLoss(model->regression(), output, targets);
        std::vector<at::Tensor> grads = torch::autograd::grad({loss}, params, {}, false, false,
                                                              /*allow_unused=*/true);
        *lossOut = double(loss.item<float>());
        for (at::Tensor &g : grads)
            if (g.defined())
                g = g.contiguous();
        return grads;
    }

    Evaluation evaluate(const TaskData &set, std::int64_t step)
    {
        torch::NoGradGuard noGrad;
        Evaluation result;
        result.step = step;
        result.length = set.inputs.size(1);
        const at::Tensor output = model->forward(set.inputs, false, generator);
        result.loss = double(familyLoss(model->regression(), output, set.targets).item<float>());
        if (!model->regression()) {
            const at::Tensor counted = set.targets != ignoreIndex;
            const at::Tensor hit = (output.argmax(-1) == set.targets) & counted;
            result.accuracy = double((hit.sum() / counted.sum()).item<float>());
            if (result.length > config.seqLen) {
                const at::Tensor newHit = hit.slice(1, config.seqLen).sum();
                const at::Tensor newCounted = counted.slice(1, config.seqLen).sum();
                result.accuracyNewPositions = double((newHit / newCounted).item<float>());
            }
        }
        return result;
    }

    TrainingConfig config;
    at::Generator generator;
    EpochSampler sampler;
    TaskData train;
    TaskData validation;
    std::vector<TaskData> evaluationSets;
    FamilyModel model{nullptr};
    std::vector<at::Tensor> params;
    QStringList paramNames;
    bool stateOverflowed = false; // reported once
    QStringList groups;
    std::vector<int> groupOfParam;
    at::Tensor initial;
    at::Tensor signal;
    at::Tensor probeInputs;
    at::Tensor probeTargets;
    std::unique_ptr<Optimizer> optimizer;
    std::int64_t epoch = 0;     // epochs begun
    std::int64_t nextBatch = 0; // within the current epoch
    std::int64_t stepsDone = 0;
};

TrainingSession::TrainingSession(const TrainingConfig &config, Optimizers optimizers)
    : d(std::make_unique<Impl>(config, optimizers))
{}

TrainingSession::~TrainingSession()
{
    d.reset();
    // A long sequence's activations stay cached between steps, not after the run.
    releaseCachedLargeBlocks();
}

const TrainingConfig &TrainingSession::config() const
{
    return d->config;
}

bool TrainingSession::isFinished() const
{
    return d->stepsDone >= d->config.totalSteps();
}

std::int64_t TrainingSession::stepsDone() const
{
    return d->stepsDone;
}

bool TrainingSession::usesSeedFastPath() const
{
    return d->config.isSeedShape();
}

StepResult TrainingSession::step()
{
    if (d->nextBatch == 0) {
        d->sampler.beginEpoch(d->generator);
        ++d->epoch;
    }
    const at::Tensor inputs = d->sampler.batch(d->train.inputs, d->nextBatch);
    const at::Tensor targets = d->sampler.batch(d->train.targets, d->nextBatch);

    StepResult result;
    const std::vector<at::Tensor> grads = d->lossAndGradients(inputs, targets, &result.loss);
    result.gradNorms.assign(std::size_t(d->groups.size()), 0.0);
    for (std::size_t i = 0; i < grads.size(); ++i)
        if (grads[i].defined())
            result.gradNorms[std::size_t(d->groupOfParam[i])] += squaredNorm(grads[i]);
    for (double &norm : result.gradNorms)
        norm = std::sqrt(norm);
    d->optimizer->step(grads);

    result.epoch = d->epoch;
    result.stepInEpoch = ++d->nextBatch;
    result.globalStep = ++d->stepsDone;
    if (!d->stateOverflowed)
        if (const std::optional<NonFiniteState> state = d->optimizer->nonFiniteState()) {
            d->stateOverflowed = true;
            result.optimizerOverflow =
                OptimizerOverflow{result.globalStep, d->paramNames[qsizetype(state->parameter)],
                                  QString::fromLatin1(state->state)};
        }
    if (d->nextBatch == d->sampler.batchCount()) {
        d->nextBatch = 0;
        result.epochEnded = true;
    }
    const std::int64_t every = d->config.evalEvery;
    if (d->validation.size() > 0 && (every ? result.globalStep % every == 0 : result.epochEnded))
        result.validation = d->evaluate(d->validation, result.globalStep);
    return result;
}

double TrainingSession::benchmark(int steps)
{
    d->sampler.beginEpoch(d->generator);
    const at::Tensor inputs = d->sampler.batch(d->train.inputs, 0);
    const at::Tensor targets = d->sampler.batch(d->train.targets, 0);
    const auto once = [&] {
        double loss = 0;
        d->optimizer->step(d->lossAndGradients(inputs, targets, &loss));
    };
    for (int i = 0; i < 10; ++i)
        once();
    const auto begin = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i)
        once();
    const std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - begin;
    return elapsed.count() / std::max(1, steps);
}

void TrainingSession::setLearningRate(double learningRate)
{
    d->config.learningRate = learningRate;
    d->optimizer->setLearningRate(learningRate);
}

std::vector<Evaluation> TrainingSession::extrapolate()
{
    std::vector<Evaluation> results;
    for (const TaskData &set : d->evaluationSets)
        results.push_back(d->evaluate(set, d->stepsDone));
    return results;
}

QStringList TrainingSession::gradGroups() const
{
    return d->groups;
}

Measurements TrainingSession::probe()
{
    torch::NoGradGuard noGrad;
    ForwardProbe probe;
    probe.keepAttention = probe.keepHidden = d->config.layers > 0;
    const at::Tensor output = d->model->forward(d->probeInputs, false, d->generator, &probe);
    return probeMeasurements(probe, d->probeInputs, output, d->probeTargets, d->model->regression(),
                             d->config.causal);
}

Measurements TrainingSession::encodingPictures() const
{
    const at::Tensor slopes =
        d->model->blocks.empty() ? at::Tensor() : d->model->blocks.front()->attn->slopes;
    return pelab::encodingPictures(d->config, slopes);
}

double TrainingSession::attentionBytes() const
{
    return d->config.attentionBytes();
}

Matrix TrainingSession::embedding() const
{
    if (d->model->positionEmbeddings.defined())
        return toMatrix(d->model->positionEmbeddings);
    return toMatrix(d->model->positionTable);
}

std::optional<LinearHead> TrainingSession::linearHead() const
{
    const at::Tensor &w = d->model->head->weight;
    const at::Tensor &b = d->model->head->bias;
    if (w.numel() != 1 || b.numel() != 1)
        return std::nullopt;
    return LinearHead{w.item<double>(), b.item<double>()};
}

Matrix TrainingSession::initialEmbedding() const
{
    return toMatrix(d->initial);
}

Matrix TrainingSession::targetSignal() const
{
    return toMatrix(d->signal);
}

std::vector<NamedArray> TrainingSession::stateDict() const
{
    std::vector<NamedArray> entries;
    d->model->apply([&](const std::string &prefix, const torch::nn::Module &module) {
        const auto name = [&](const std::string &key) {
            return QString::fromStdString(prefix.empty() ? key : prefix + "." + key);
        };
        for (const auto &p : module.named_parameters(false))
            entries.push_back({name(p.key()), toArray(p.value().to(at::kFloat))});
        for (const auto &b : module.named_buffers(false))
            entries.push_back({name(b.key()), toArray(b.value().to(at::kFloat)), true});
    });
    return entries;
}

QString divergenceMessage(const StepResult &step, double learningRate)
{
    return QStringLiteral("The loss became %1 at epoch %2, step %3 (step %4 of the run): "
                          "training diverged. Lower the learning rate (now %5), for example "
                          "to 0.01, and start again.")
        .arg(formatPythonFloat(step.loss))
        .arg(step.epoch)
        .arg(step.stepInEpoch)
        .arg(step.globalStep)
        .arg(formatPythonFloat(learningRate));
}

bool fastOptimizersVerified()
{
    return fusedOptimizersVerified();
}

void setTorchThreads(int threads)
{
    at::set_num_threads(threads);
}

QString torchVersion()
{
    return QStringLiteral(TORCH_VERSION);
}

QString blasName()
{
    const QFileInfo link(QStringLiteral("/etc/alternatives/libblas.so.3-x86_64-linux-gnu"));
    const QString target = link.symLinkTarget();
    if (target.isEmpty())
        return QStringLiteral("unknown");
    // .../openblas-openmp/libblas.so.3 -> openblas-openmp
    return QFileInfo(QFileInfo(target).path()).fileName();
}

} // namespace pelab
