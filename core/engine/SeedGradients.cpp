// SPDX-License-Identifier: MIT
#include "engine/SeedGradients.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

namespace pelab {

LossAndGradients seedLossAndGradients(SimpleModelImpl &model, const at::Tensor &batch,
                                      const at::Tensor &signal)
{
    torch::NoGradGuard noGrad;
    const at::Tensor &embedding = model.positionalEncoding->positionEmbeddings;
    const at::Tensor &weight = model.fc->weight;
    const at::Tensor &bias = model.fc->bias;
    const std::int64_t batchSize = batch.size(0);
    const std::int64_t seqLen = batch.size(1);

    // Forward, as at::linear does it for a contiguous 3-D input: one addmm on a 2-D view.
    const at::Tensor encoded = batch + embedding;
    const at::Tensor encoded2d = encoded.view({batchSize * seqLen, 1});
    const at::Tensor outputs = at::addmm(bias, encoded2d, weight.t()).view({batchSize, seqLen, 1});
    const at::Tensor target = signal.defined() ? batch + signal : at::zeros_like(outputs);
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
    // AddBackward0, then sum_to over the batch dimension the embedding was broadcast along.
    const at::Tensor gradEmbedding = gradEncoded.sum({0}, /*keepdim=*/true).view({seqLen, 1});

    result.grads = {gradEmbedding.contiguous(), gradWeight.contiguous(), gradBias.contiguous()};
    return result;
}

} // namespace pelab
