// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "NdArray.h"
#include "RunData.h"
#include "TrainingConfig.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace pelab {

struct StepResult {
    std::int64_t epoch = 0;       // 1-based
    std::int64_t stepInEpoch = 0; // 1-based
    std::int64_t globalStep = 0;  // 1-based
    double loss = 0;              // the batch's loss, as PyTorch's loss.item() gives it
    bool epochEnded = false;
    // L2 norm of this step's gradient per parameter group (gradGroups()), accumulated in
    // double; a group whose parameters got no gradient has norm 0.
    std::vector<double> gradNorms;
    std::optional<Evaluation> validation; // when the spec validates after this step
    // Set at the first step after which the optimizer's state held a non-finite value (once
    // per run; the run goes on, as PyTorch's would).
    std::optional<OptimizerOverflow> optimizerOverflow;
};

// One training run of the spec's model family, replaying PyTorch's random draws on a
// generator of its own, so that it matches the PyTorch model in resources/python/pelab_family.py
// bit for bit and never touches global state. The seed's shape (width 1, no layers, learned
// encoding, regression, no dropout) trains on a hand-written backward and fused optimizer loops;
// every other shape on LibTorch autograd with the same ATen ops as the spec. Not thread-safe: one
// thread drives a session (set its intra-op threads there first).
class TrainingSession {
public:
    // How optimizer steps run. Both give the same bits; Reference calls ATen op by op as
    // torch.optim does, Fast uses plain loops where a probe verified them equal (Auto).
    enum class Optimizers { Auto, Reference };

    // Allocates the data and model; the config must be valid.
    explicit TrainingSession(const TrainingConfig &config,
                             Optimizers optimizers = Optimizers::Auto);
    ~TrainingSession();
    TrainingSession(const TrainingSession &) = delete;
    TrainingSession &operator=(const TrainingSession &) = delete;

    const TrainingConfig &config() const;
    bool isFinished() const;
    std::int64_t stepsDone() const;
    bool usesSeedFastPath() const;

    // Trains on the next batch (and validates when due). Only call while !isFinished().
    StepResult step();

    // The spec's --bench: trains on the first batch of a new epoch 10 times, then `steps`
    // times more, and returns the milliseconds per step of those (forward, backward and
    // optimizer; no measurements). Changes the model: use a session of its own.
    double benchmark(int steps);

    // Applies from the next step, as assigning param_groups' lr does in PyTorch.
    void setLearningRate(double learningRate);

    // Loss and accuracy at each --eval-lengths entry, on the sets drawn at the start.
    std::vector<Evaluation> extrapolate();

    // "input", "encoding", "block.0" ... "block.N-1", "final_ln", "head": the groups present.
    QStringList gradGroups() const;

    // Measurements on the probe batch (the first 64 validation sequences, or training
    // sequences without a validation set), in eval mode, no gradients:
    //  attention            [layers, heads, L, L]  the first probe sequence's probabilities
    //  attention_entropy    [layers, heads]  mean over queries of entropy / log(visible keys)
    //  attention_distance   [layers, heads]  mean over queries of sum_j p_ij |i - j|
    //  rank_residual        [layers]  ||X - 1 mean(X)^T||_F / ||X||_F after each layer, pooled
    //  accuracy_per_position [L]      token tasks: accuracy at each position of the probe
    // Empty without attention layers, except accuracy_per_position.
    Measurements probe();
    // The encoding's own pictures, fixed for the run (positions up to min(rows, 512)):
    //  alibi_bias     [heads, P, P]  the score penalty -slope_h * |m - n| ALiBi adds
    //  rope_profile   [P, P]         sum_i cos((m - n) theta_i) / (d_head / 2), RoPE's
    //                                relative score profile for unit query and key
    //  rows_trained   [rows]         1 for table rows training reaches (< seq_len), 0 for
    //                                rows only evaluation reaches: they stay at their start
    //                                (under Adam and SGD; AdamW's decay shrinks them)
    // The cosine similarity of a table's rows changes as it learns: views compute it from
    // embedding().
    Measurements encodingPictures() const;
    // Bytes naive attention kept for backward in the last step (0 without layers).
    double attentionBytes() const;

    Matrix embedding() const; // the encoding table [rows, width] now; empty if none
    std::optional<LinearHead> linearHead() const; // the head's w and b when it is 1 x 1
    Matrix initialEmbedding() const;              // as initialised, before any step
    Matrix targetSignal() const;                  // the position-signal task's sine, [seq_len, 1]
    // The spec model's state_dict(): parameters and buffers, in its order, under its names.
    std::vector<NamedArray> stateDict() const;

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
