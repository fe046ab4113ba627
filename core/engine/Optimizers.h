// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <ATen/core/Tensor.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

namespace pelab {

// One of an optimizer's state tensors holding an infinite or NaN value.
struct NonFiniteState {
    std::size_t parameter = 0; // index in the optimizer's parameter order
    const char *state = "";    // torch.optim's name: exp_avg, exp_avg_sq, momentum_buffer
};

// An optimizer of PyTorch 1.13's torch.optim, reproduced to the bit: the single-tensor code
// path (the default on CPU), with zero_grad()'s default set_to_none=False, so from the
// second step on each gradient is accumulated onto a zeroed .grad as autograd does.
class Optimizer {
public:
    virtual ~Optimizer() = default;
    // `grads`: this step's gradients, in parameter order, contiguous float.
    virtual void step(const std::vector<at::Tensor> &grads) = 0;
    void setLearningRate(double learningRate) { m_learningRate = learningRate; }
    // The first state value that is not finite, in parameter order (a scan of the state:
    // about a nanosecond per value, and it changes nothing).
    virtual std::optional<NonFiniteState> nonFiniteState() const = 0;

protected:
    explicit Optimizer(double learningRate)
        : m_learningRate(learningRate)
    {}
    double m_learningRate;
};

enum class OptimizerBackend {
    Aten,  // the same ATen ops as torch.optim, one call per op and tensor
    Fused, // one plain loop per tensor; used only where it is verified to equal Aten
};

std::unique_ptr<Optimizer> makeOptimizer(const TrainingConfig &config,
                                         std::vector<at::Tensor> params, OptimizerBackend backend);
// True when every value is finite (no infinity, no NaN).
bool allFinite(const float *values, std::size_t count);
// Fused when a probe on this machine shows it equal to Aten bit for bit (checked once per
// process: it depends on how this libtorch build and CPU round fused multiply-adds).
std::unique_ptr<Optimizer> makeOptimizer(const TrainingConfig &config,
                                         std::vector<at::Tensor> params);
bool fusedOptimizersVerified();

} // namespace pelab
