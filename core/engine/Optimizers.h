// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

namespace pelab {

// The single-tensor code paths of PyTorch 1.13's torch.optim (the default on CPU), op for op,
// so parameters move exactly as they do in Python.
class Optimizer {
public:
    explicit Optimizer(std::vector<at::Tensor> params, double learningRate)
        : m_params(std::move(params))
        , m_learningRate(learningRate)
    {
    }
    virtual ~Optimizer() = default;

    // optimizer.zero_grad() with PyTorch 1.13's default set_to_none=False.
    void zeroGrad();
    virtual void step() = 0;
    void setLearningRate(double learningRate) { m_learningRate = learningRate; }

protected:
    std::vector<at::Tensor> m_params;
    double m_learningRate;
};

std::unique_ptr<Optimizer> makeOptimizer(const TrainingConfig &config,
                                         std::vector<at::Tensor> params);

} // namespace pelab
