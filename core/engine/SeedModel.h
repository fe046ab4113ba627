// SPDX-License-Identifier: MIT
#pragma once

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace pelab {

// The seed's LearnablePositionalEncoding: a [seq_len, 1] parameter drawn with randn and added
// to every sequence of the batch.
class LearnablePositionalEncodingImpl : public torch::nn::Module {
public:
    LearnablePositionalEncodingImpl(std::int64_t seqLen, at::Generator &generator);
    at::Tensor forward(const at::Tensor &x);

    at::Tensor positionEmbeddings;
};
TORCH_MODULE(LearnablePositionalEncoding);

// nn.Linear with PyTorch's default initialisation (kaiming_uniform with a = sqrt(5) on the
// weight, then a uniform bias), drawn from the run's generator.
class SeedLinearImpl : public torch::nn::Module {
public:
    SeedLinearImpl(std::int64_t inFeatures, std::int64_t outFeatures, at::Generator &generator);
    at::Tensor forward(const at::Tensor &x);

    at::Tensor weight;
    at::Tensor bias;
};
TORCH_MODULE(SeedLinear);

// The seed's SimpleModel: positional encoding, then Linear(1, 1).
class SimpleModelImpl : public torch::nn::Module {
public:
    SimpleModelImpl(std::int64_t seqLen, at::Generator &generator);
    at::Tensor forward(const at::Tensor &x);

    LearnablePositionalEncoding positionalEncoding{nullptr};
    SeedLinear fc{nullptr};
};
TORCH_MODULE(SimpleModel);

} // namespace pelab
