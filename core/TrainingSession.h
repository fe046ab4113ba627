// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "TrainingConfig.h"

#include <cstdint>
#include <memory>

namespace pelab {

struct StepResult {
    std::int64_t epoch = 0;       // 1-based
    std::int64_t stepInEpoch = 0; // 1-based
    std::int64_t globalStep = 0;  // 1-based
    double loss = 0;              // the batch's loss, as PyTorch's loss.item() gives it
    bool epochEnded = false;
};

// One training run of the seed's model, replaying PyTorch's random draws on a generator of
// its own, so that it matches the seed's notebook bit for bit and never touches global state.
// Not thread-safe: one thread drives a session (set its intra-op threads there first).
class TrainingSession {
public:
    // How optimizer steps run. Both give the same bits; Reference calls ATen op by op as
    // torch.optim does, Fast uses plain loops where a probe verified them equal (Auto).
    enum class Optimizers { Auto, Reference };

    // Allocates the dataset and model; the config must be valid.
    explicit TrainingSession(const TrainingConfig &config,
                             Optimizers optimizers = Optimizers::Auto);
    ~TrainingSession();
    TrainingSession(const TrainingSession &) = delete;
    TrainingSession &operator=(const TrainingSession &) = delete;

    const TrainingConfig &config() const;
    bool isFinished() const;
    std::int64_t stepsDone() const;

    // Trains on the next batch. Only call while !isFinished().
    StepResult step();

    // Applies from the next step, as assigning param_groups' lr does in PyTorch.
    void setLearningRate(double learningRate);

    Matrix embedding() const;        // [seq_len, width], now
    Matrix initialEmbedding() const; // as initialised, before any step
    Matrix targetSignal() const;     // the position-signal task's sine, [seq_len, 1]

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Why a run stopped at a non-finite loss, where, and what to change.
QString divergenceMessage(const StepResult &step, double learningRate);

// True when this machine's libtorch rounds like PE Lab's fused optimizer loops, so runs use
// them (checked once per process; otherwise runs use ATen's ops, as exact but slower).
bool fastOptimizersVerified();

// Sets the intra-op thread count of the calling thread (OpenMP's setting is per thread).
void setTorchThreads(int threads);
QString torchVersion();
// Which BLAS library the system's libblas.so.3 resolves to, e.g. "openblas-openmp".
QString blasName();

} // namespace pelab
