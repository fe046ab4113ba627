// SPDX-License-Identifier: MIT
#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

namespace pelab {

struct LossAndGradients {
    at::Tensor loss;               // 0-dim, the batch's MSE
    std::vector<at::Tensor> grads; // embedding, weight, bias; contiguous
};

// The seed model's forward pass (x + table[:T] -> Linear(1, 1)), MSE loss against `target`
// and backward pass. The backward runs the very ops PyTorch 1.13's autograd runs for this
// graph (derivatives.yaml: mse_loss_backward, addmm's mm_mat1/mm_mat2_backward, sum_to for the
// broadcast bias and embedding, slice_backward when the table has rows beyond T), so the
// gradients are bit-identical, without the engine's per-node overhead.
LossAndGradients seedLossAndGradients(const at::Tensor &embedding, const at::Tensor &weight,
                                      const at::Tensor &bias, const at::Tensor &batch,
                                      const at::Tensor &target);

} // namespace pelab
