// SPDX-License-Identifier: MIT
#pragma once

#include "engine/Optimizers.h"

namespace pelab {

std::unique_ptr<Optimizer> makeAtenOptimizer(const TrainingConfig &config,
                                             std::vector<at::Tensor> params);
std::unique_ptr<Optimizer> makeFusedOptimizer(const TrainingConfig &config,
                                              std::vector<at::Tensor> params);

} // namespace pelab
