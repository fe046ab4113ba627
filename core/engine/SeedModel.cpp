// SPDX-License-Identifier: MIT
#include "engine/SeedModel.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>

namespace pelab {

LearnablePositionalEncodingImpl::LearnablePositionalEncodingImpl(std::int64_t seqLen,
                                                                 at::Generator &generator)
{
    positionEmbeddings =
        register_parameter("position_embeddings", at::randn({seqLen, 1}, generator, at::kFloat));
}

at::Tensor LearnablePositionalEncodingImpl::forward(const at::Tensor &x)
{
    return x + positionEmbeddings;
}

SeedLinearImpl::SeedLinearImpl(std::int64_t inFeatures, std::int64_t outFeatures,
                               at::Generator &generator)
{
    at::Tensor w = at::empty({outFeatures, inFeatures}, at::kFloat);
    at::Tensor b = at::empty({outFeatures}, at::kFloat);
    // The same double arithmetic as torch.nn.init, so the bounds are the same doubles.
    const double a = std::sqrt(5.0);
    const double gain = std::sqrt(2.0 / (1 + std::pow(a, 2)));
    const double fanIn = double(inFeatures);
    const double weightBound = std::sqrt(3.0) * (gain / std::sqrt(fanIn));
    const double biasBound = fanIn > 0 ? 1 / std::sqrt(fanIn) : 0;
    {
        torch::NoGradGuard noGrad;
        w.uniform_(-weightBound, weightBound, generator);
        b.uniform_(-biasBound, biasBound, generator);
    }
    weight = register_parameter("weight", w);
    bias = register_parameter("bias", b);
}

at::Tensor SeedLinearImpl::forward(const at::Tensor &x)
{
    return at::linear(x, weight, bias);
}

SimpleModelImpl::SimpleModelImpl(std::int64_t seqLen, at::Generator &generator)
{
    // Construction order is PyTorch's registration order, so the draws come in its order.
    positionalEncoding =
        register_module("positional_encoding", LearnablePositionalEncoding(seqLen, generator));
    fc = register_module("fc", SeedLinear(1, 1, generator));
}

at::Tensor SimpleModelImpl::forward(const at::Tensor &x)
{
    return fc->forward(positionalEncoding->forward(x));
}

} // namespace pelab
