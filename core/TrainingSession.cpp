// SPDX-License-Identifier: MIT
#include "TrainingSession.h"

#include "PythonFloat.h"
#include "engine/EpochSampler.h"
#include "engine/Optimizers.h"
#include "engine/SeedGradients.h"
#include "engine/SeedModel.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/version.h>

#include <QFileInfo>

#include <cmath>

namespace pelab {

namespace {

Matrix toMatrix(const at::Tensor &tensor)
{
    const at::Tensor t = tensor.detach().to(at::kFloat).contiguous();
    Matrix m;
    m.rows = int(t.size(0));
    m.cols = t.dim() > 1 ? int(t.size(1)) : 1;
    m.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    return m;
}

} // namespace

struct TrainingSession::Impl {
    Impl(const TrainingConfig &c, TrainingSession::Optimizers optimizers)
        : config(c)
        , generator(at::make_generator<at::CPUGeneratorImpl>(std::uint64_t(c.seed)))
        , sampler(c.samples, c.batchSize, c.shuffle)
    {
        // The seed's order of draws: the dataset, then the model in registration order.
        data = at::randn({c.samples, c.seqLen, 1}, generator, at::kFloat);
        model = SimpleModel(c.seqLen, generator);
        initial = model->positionalEncoding->positionEmbeddings.detach().clone();
        optimizer = optimizers == TrainingSession::Optimizers::Reference
                        ? makeOptimizer(c, model->parameters(), OptimizerBackend::Aten)
                        : makeOptimizer(c, model->parameters());
        signal =
            at::sin(at::arange(c.seqLen, at::kFloat) * (2 * M_PI / double(c.seqLen))).unsqueeze(1);
    }

    // What the target adds to the input: nothing for the seed's zeros task.
    at::Tensor taskSignal() const
    {
        return config.task == TaskKind::PositionSignal ? signal : at::Tensor();
    }

    TrainingConfig config;
    at::Generator generator;
    EpochSampler sampler;
    at::Tensor data;
    SimpleModel model{nullptr};
    at::Tensor initial;
    at::Tensor signal;
    std::unique_ptr<Optimizer> optimizer;
    std::int64_t epoch = 0;     // epochs begun
    std::int64_t nextBatch = 0; // within the current epoch
    std::int64_t stepsDone = 0;
};

TrainingSession::TrainingSession(const TrainingConfig &config, Optimizers optimizers)
    : d(std::make_unique<Impl>(config, optimizers))
{}

TrainingSession::~TrainingSession() = default;

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

StepResult TrainingSession::step()
{
    if (d->nextBatch == 0) {
        d->sampler.beginEpoch(d->generator);
        ++d->epoch;
    }
    const at::Tensor batch = d->sampler.batch(d->data, d->nextBatch);

    const LossAndGradients step = seedLossAndGradients(*d->model, batch, d->taskSignal());
    d->optimizer->step(step.grads);
    const at::Tensor &loss = step.loss;

    StepResult result;
    result.epoch = d->epoch;
    result.stepInEpoch = ++d->nextBatch;
    result.globalStep = ++d->stepsDone;
    result.loss = double(loss.item<float>());
    if (d->nextBatch == d->sampler.batchCount()) {
        d->nextBatch = 0;
        result.epochEnded = true;
    }
    return result;
}

void TrainingSession::setLearningRate(double learningRate)
{
    d->config.learningRate = learningRate;
    d->optimizer->setLearningRate(learningRate);
}

Matrix TrainingSession::embedding() const
{
    return toMatrix(d->model->positionalEncoding->positionEmbeddings);
}

Matrix TrainingSession::initialEmbedding() const
{
    return toMatrix(d->initial);
}

Matrix TrainingSession::targetSignal() const
{
    return toMatrix(d->signal);
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
