// SPDX-License-Identifier: MIT
// The model family of the PyTorch model in resources/python/pelab_family.py in LibTorch: the same
// modules created in the same order (so the same random draws), the same parameter and buffer
// names, and the same ATen ops in forward, so autograd runs the same backward and the numbers match
// bit for bit. The attention's matmuls, head split and causal mask run through engine/ replacements
// that compute exactly what those ATen ops compute (the same BLAS calls, or only copies and
// constants), with less overhead: ExactBmm.h, HeadSplit.h, CausalMask.h.
// Includes torch: only core's .cpp files include this header.
#pragma once

#include "TrainingConfig.h"

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <vector>

namespace pelab {

// nn.Linear with PyTorch's default initialisation (kaiming_uniform with a = sqrt(5) on the
// weight, then a uniform bias), drawn from the run's generator.
class FamilyLinearImpl : public torch::nn::Module {
public:
    FamilyLinearImpl(std::int64_t in, std::int64_t out, at::Generator &generator);
    at::Tensor forward(const at::Tensor &x) const;
    at::Tensor weight;
    at::Tensor bias;
};
TORCH_MODULE(FamilyLinear);

// nn.LayerNorm(width): ones and zeros, eps 1e-5.
class FamilyLayerNormImpl : public torch::nn::Module {
public:
    explicit FamilyLayerNormImpl(std::int64_t width);
    at::Tensor forward(const at::Tensor &x) const;
    at::Tensor weight;
    at::Tensor bias;
};
TORCH_MODULE(FamilyLayerNorm);

// What forward records besides its output, for the live measurements.
struct ForwardProbe {
    bool keepAttention = false;        // the probabilities of every layer
    bool keepHidden = false;           // the hidden states after every layer
    std::vector<at::Tensor> attention; // [B, H, T, T] per layer
    std::vector<at::Tensor> hidden;    // [B, T, D] per layer
};

// Dropout as nn.Dropout runs it on CPU (at::native::_dropout_impl): a Bernoulli(1 - p) mask
// from the run's generator, divided by 1 - p, times the input. Nothing when p == 0 or when
// not training.
at::Tensor familyDropout(const at::Tensor &x, double p, bool training, at::Generator &generator);

class AttentionImpl : public torch::nn::Module {
public:
    AttentionImpl(const TrainingConfig &config, at::Generator &generator);
    at::Tensor forward(const at::Tensor &x, bool training, at::Generator &generator,
                       at::Tensor *probabilities) const;

    FamilyLinear qkv{nullptr};
    FamilyLinear out{nullptr};
    at::Tensor slopes; // ALiBi only

private:
    std::int64_t m_heads;
    std::int64_t m_headWidth;
    EncodingKind m_encoding;
    bool m_causal;
    double m_dropout;
};
TORCH_MODULE(Attention);

class BlockImpl : public torch::nn::Module {
public:
    BlockImpl(const TrainingConfig &config, at::Generator &generator);
    at::Tensor forward(const at::Tensor &x, bool training, at::Generator &generator,
                       at::Tensor *probabilities) const;

    Attention attn{nullptr};
    FamilyLayerNorm ln1{nullptr};
    FamilyLayerNorm ln2{nullptr}; // with an MLP only
    FamilyLinear fc1{nullptr};
    FamilyLinear fc2{nullptr};

private:
    template <typename F>
    at::Tensor sublayer(const at::Tensor &x, F &&f, const FamilyLayerNorm &ln) const;

    NormKind m_norm;
    bool m_residual;
    double m_dropout;
};
TORCH_MODULE(Block);

// Input -> (+ additive encoding) -> dropout -> blocks -> (final LN) -> head.
class FamilyModelImpl : public torch::nn::Module {
public:
    FamilyModelImpl(const TrainingConfig &config, at::Generator &generator);
    at::Tensor forward(const at::Tensor &x, bool training, at::Generator &generator,
                       ForwardProbe *probe = nullptr) const;

    bool regression() const { return m_regression; }
    std::int64_t layerCount() const { return std::int64_t(blocks.size()); }

    FamilyLinear inputLinear{nullptr}; // regression with width > 1
    at::Tensor inputEmbedding;         // token tasks: nn.Embedding's weight
    at::Tensor positionEmbeddings;     // learned encoding
    at::Tensor positionTable;          // sinusoidal encoding (a buffer)
    std::vector<Block> blocks;
    FamilyLayerNorm finalLn{nullptr}; // Pre-LN with layers only
    FamilyLinear head{nullptr};

private:
    EncodingKind m_encoding;
    bool m_regression;
    double m_dropout;
};
TORCH_MODULE(FamilyModel);

// The spec's sinusoidal_table(n, d), rope's angle tables and alibi_slopes(h).
at::Tensor sinusoidalTable(std::int64_t rows, std::int64_t width);
std::vector<double> alibiSlopes(std::int64_t heads);

// MSE for regression, cross-entropy over targeted positions (ignore_index -100) otherwise.
at::Tensor familyLoss(bool regression, const at::Tensor &output, const at::Tensor &target);

} // namespace pelab
