// SPDX-License-Identifier: MIT
#include "engine/SeedGradients.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

namespace pelab {

LossAndGradients seedLossAndGradients(const at::Tensor &table, const at::Tensor &weight,
                                      const at::Tensor &bias, const at::Tensor &batch,
                                      const at::Tensor &target)
{
    torch::NoGradGuard noGrad;
    const std::int64_t batchSize = batch.size(0);
    const std::int64_t seqLen = batch.size(1);
    const at::Tensor embedding = table.size(0) == seqLen ? table : table.slice(0, 0, seqLen);

    // Forward, as at::linear does it for a contiguous 3-D input: one addmm on a 2-D view.
    const at::Tensor encoded = batch + embedding;
    const at::Tensor encoded2d = encoded.view({batchSize * seqLen, 1});
    const at::Tensor outputs = at::addmm(bias, encoded2d, weight.t()).view({batchSize, seqLen, 1});
    LossAndGradients result;
    result.loss = at::mse_loss(outputs, target);

    // Backward, node by node as the engine would visit them.
    const at::Tensor gradOutputs =
        at::mse_loss_backward(at::ones_like(result.loss), outputs, target, at::Reduction::Mean);
    const at::Tensor gradOutputs2d = gradOutputs.reshape({batchSize * seqLen, 1});
    // AddmmBackward0: mat2 (= weight.t(), column-major) gets grad.t().mm(mat1).t(), then
    // TBackward0 transposes it back; mat1 gets grad.mm(mat2.t()); self (the bias, broadcast)
    // gets grad, reduced by sum_to to the bias' shape.
    const at::Tensor gradWeight = gradOutputs2d.t().mm(encoded2d).t().t();
    const at::Tensor gradBias = gradOutputs2d.sum({0}, /*keepdim=*/true).view({1});
    const at::Tensor gradEncoded = gradOutputs2d.mm(weight).reshape({batchSize, seqLen, 1});
    // AddBackward0, then sum_to over the batch dimension the embedding was broadcast along;
    // SliceBackward0 puts it into zeros when the table is longer than the batch.
    at::Tensor gradEmbedding = gradEncoded.sum({0}, /*keepdim=*/true).view({seqLen, 1});
    if (table.size(0) != seqLen) {
        at::Tensor full = at::zeros_like(table);
        full.slice(0, 0, seqLen).copy_(gradEmbedding);
        gradEmbedding = full;
    }

    result.grads = {gradEmbedding.contiguous(), gradWeight.contiguous(), gradBias.contiguous()};
    return result;
}

} // namespace pelab
