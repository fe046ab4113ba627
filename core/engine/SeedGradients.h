// SPDX-License-Identifier: MIT
#pragma once

#include "engine/SeedModel.h"

#include <vector>

namespace pelab {

struct LossAndGradients {
    at::Tensor loss;               // 0-dim, the batch's MSE
    std::vector<at::Tensor> grads; // in model.parameters() order, contiguous
};

// The seed model's forward pass, MSE loss and backward pass. The backward runs the very ops
// PyTorch 1.13's autograd runs for this graph (derivatives.yaml: mse_loss_backward, addmm's
// mm_mat1/mm_mat2_backward, sum_to for the broadcast bias and embedding), so the gradients
// are bit-identical, without the engine's per-node overhead. Target: `batch + signal`, or
// zeros when `signal` is undefined (the seed's task).
LossAndGradients seedLossAndGradients(SimpleModelImpl &model, const at::Tensor &batch,
                                      const at::Tensor &signal);

} // namespace pelab
