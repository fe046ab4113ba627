// SPDX-License-Identifier: MIT
#pragma once

#include "engine/Optimizers.h"

namespace pelab {

// Builds Adam (L2 weight decay added to the gradient), AdamW (decoupled decay) or SGD from one
// family of classes, constructed as Adam(params, lr, weightDecay, decoupled) and
// Sgd(params, lr, momentum, weightDecay).
template <typename Adam, typename Sgd>
std::unique_ptr<Optimizer> makeOptimizerOf(const TrainingConfig &config,
                                           std::vector<at::Tensor> params)
{
    switch (config.optimizer) {
    case OptimizerKind::Adam:
        return std::make_unique<Adam>(std::move(params), config.learningRate,
                                      config.effectiveWeightDecay(), false);
    case OptimizerKind::AdamW:
        return std::make_unique<Adam>(std::move(params), config.learningRate,
                                      config.effectiveWeightDecay(), true);
    case OptimizerKind::Sgd:
        return std::make_unique<Sgd>(std::move(params), config.learningRate, config.momentum,
                                     config.effectiveWeightDecay());
    }
    return nullptr;
}

std::unique_ptr<Optimizer> makeAtenOptimizer(const TrainingConfig &config,
                                             std::vector<at::Tensor> params);
std::unique_ptr<Optimizer> makeFusedOptimizer(const TrainingConfig &config,
                                              std::vector<at::Tensor> params);

} // namespace pelab
