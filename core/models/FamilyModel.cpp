// SPDX-License-Identifier: MIT
#include "models/FamilyModel.h"

#include "engine/Allocator.h"
#include "engine/CausalMask.h"
#include "engine/ExactBmm.h"
#include "engine/HeadSplit.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/nn/modules/container/modulelist.h>

#include <cmath>

namespace pelab {

namespace {

// nn.Embedding's weight, as a module of its own so the name is "input.weight".
class EmbeddingWeightImpl : public torch::nn::Module {
public:
    EmbeddingWeightImpl(std::int64_t count, std::int64_t width, at::Generator &generator)
    {
        at::Tensor w = at::empty({count, width}, at::kFloat);
        {
            torch::NoGradGuard noGrad;
            w.normal_(0, 1, generator); // init.normal_(self.weight)
        }
        weight = register_parameter("weight", w);
    }
    at::Tensor weight;
};
TORCH_MODULE(EmbeddingWeight);

} // namespace

FamilyLinearImpl::FamilyLinearImpl(std::int64_t in, std::int64_t out, at::Generator &generator)
{
    at::Tensor w = at::empty({out, in}, at::kFloat);
    at::Tensor b = at::empty({out}, at::kFloat);
    // The same double arithmetic as torch.nn.init, so the bounds are the same doubles.
    const double a = std::sqrt(5.0);
    const double gain = std::sqrt(2.0 / (1 + std::pow(a, 2)));
    const double fanIn = double(in);
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

at::Tensor FamilyLinearImpl::forward(const at::Tensor &x) const
{
    return at::linear(x, weight, bias);
}

FamilyLayerNormImpl::FamilyLayerNormImpl(std::int64_t width)
{
    weight = register_parameter("weight", at::ones({width}, at::kFloat));
    bias = register_parameter("bias", at::zeros({width}, at::kFloat));
}

at::Tensor FamilyLayerNormImpl::forward(const at::Tensor &x) const
{
    return at::layer_norm(x, {weight.size(0)}, weight, bias, 1e-5, true);
}

at::Tensor familyDropout(const at::Tensor &x, double p, bool training, at::Generator &generator)
{
    if (p == 0 || !training || x.numel() == 0)
        return x;
    at::Tensor noise = at::empty_like(x, at::MemoryFormat::Contiguous);
    {
        torch::NoGradGuard noGrad;
        noise.bernoulli_(1 - p, generator);
        noise.div_(1 - p);
    }
    return x * noise;
}

at::Tensor sinusoidalTable(std::int64_t rows, std::int64_t width)
{
    torch::NoGradGuard noGrad;
    const at::Tensor pos = at::arange(rows, at::kFloat).unsqueeze(1);
    const at::Tensor i = at::arange(0, width, 2, at::kFloat);
    const at::Tensor div = at::exp(i * (-std::log(10000.0) / double(width)));
    at::Tensor pe = at::zeros({rows, width}, at::kFloat);
    pe.slice(1, 0, INT64_MAX, 2).copy_(at::sin(pos * div));
    pe.slice(1, 1, INT64_MAX, 2).copy_(at::cos(pos * div).slice(1, 0, width / 2));
    return pe;
}

std::vector<double> alibiSlopes(std::int64_t heads)
{
    const auto powerOf2 = [](std::int64_t n) {
        const double start = std::pow(2.0, -std::pow(2.0, -(std::log2(double(n)) - 3)));
        std::vector<double> slopes;
        for (std::int64_t i = 0; i < n; ++i)
            slopes.push_back(start * std::pow(start, double(i)));
        return slopes;
    };
    const double log2h = std::log2(double(heads));
    if (log2h == std::floor(log2h))
        return powerOf2(heads);
    const std::int64_t closest = std::int64_t(std::pow(2.0, std::floor(log2h)));
    std::vector<double> slopes = powerOf2(closest);
    const std::vector<double> extra = alibiSlopes(2 * closest);
    for (std::size_t i = 0; i < extra.size() && std::int64_t(slopes.size()) < heads; i += 2)
        slopes.push_back(extra[i]);
    return slopes;
}

namespace {

// rope(x) of the spec on [B, H, T, dh]: rotates consecutive pairs (2i, 2i+1).
at::Tensor rope(const at::Tensor &x)
{
    const std::int64_t T = x.size(-2);
    const std::int64_t dh = x.size(-1);
    at::Tensor cos, sin;
    {
        torch::NoGradGuard noGrad;
        // 10000.0 ** t is torch.tensor(10000.0) ** t in Python (Tensor.__rpow__).
        const at::Tensor inv = at::pow(at::scalar_tensor(10000.0, at::kFloat),
                                       at::neg(at::arange(0, dh, 2, at::kFloat)) / dh);
        const at::Tensor angle = at::arange(T, at::kFloat).unsqueeze(1) * inv.unsqueeze(0);
        cos = angle.cos();
        sin = angle.sin();
    }
    const at::Tensor x1 = x.slice(-1, 0, INT64_MAX, 2);
    const at::Tensor x2 = x.slice(-1, 1, INT64_MAX, 2);
    return at::stack({x1 * cos - x2 * sin, x1 * sin + x2 * cos}, -1).flatten(-2);
}

} // namespace

AttentionImpl::AttentionImpl(const TrainingConfig &c, at::Generator &generator)
    : m_heads(c.heads)
    , m_headWidth(c.width / c.heads)
    , m_encoding(c.encoding)
    , m_causal(c.causal)
    , m_dropout(c.dropout)
{
    const std::int64_t d = c.width;
    qkv = register_module("qkv", FamilyLinear(d, 3 * d, generator));
    out = register_module("out", FamilyLinear(d, d, generator));
    if (c.qkGain != 1.0) {
        torch::NoGradGuard noGrad;
        qkv->weight.slice(0, 0, 2 * d).mul_(c.qkGain);
    }
    if (c.encoding == EncodingKind::Alibi) {
        const std::vector<double> s = alibiSlopes(c.heads);
        // torch.tensor(list of Python floats, dtype=float32): each double rounded to float.
        at::Tensor t = at::empty({c.heads}, at::kFloat);
        for (std::int64_t h = 0; h < c.heads; ++h)
            t[h] = float(s[std::size_t(h)]);
        slopes = register_buffer("slopes", t);
    }
}

at::Tensor AttentionImpl::forward(const at::Tensor &x, bool training, at::Generator &generator,
                                  at::Tensor *probabilities) const
{
    const std::int64_t B = x.size(0), T = x.size(1), D = x.size(2);
    const std::int64_t H = m_heads, dh = m_headWidth;
    const at::Tensor projected = qkv->forward(x);
    // The spec's q @ k^T and p @ v are at::matmul of [B, H, T, *] views; exactBatchedMatmul
    // and splitHeads give the same bits with fewer copies and less dispatch (ExactBmm.h,
    // HeadSplit.h). splitHeads hands over the three operands matmul would copy them to,
    // which it does for B > 1 and H > 1 (otherwise it views them: the spec's path below).
    at::Tensor s;
    at::Tensor v; // [B, H, T, dh], or v3 [B * H, T, dh] after splitHeads
    bool split = false;
    if (m_encoding != EncodingKind::Rope && headSplitApplies(projected, H)) {
        const auto [q3, kT3, v3] = splitHeads(projected, H);
        s = exactBatchedMatmul(q3, kT3).view({B, H, T, T});
        v = v3;
        split = true;
    } else {
        const std::vector<at::Tensor> qkvParts =
            projected.view({B, T, 3, H, dh}).permute({2, 0, 3, 1, 4}).unbind(0);
        at::Tensor q = qkvParts[0], k = qkvParts[1];
        v = qkvParts[2];
        if (m_encoding == EncodingKind::Rope) {
            q = rope(q);
            k = rope(k);
        }
        s = exactBatchedMatmul(q, k.transpose(-1, -2));
    }
    s = s / std::sqrt(double(dh));
    if (m_encoding == EncodingKind::Alibi) {
        const at::Tensor i = at::arange(T, at::kLong);
        at::Tensor bias;
        {
            torch::NoGradGuard noGrad;
            const at::Tensor distance = (i.unsqueeze(1) - i.unsqueeze(0)).abs().to(at::kFloat);
            bias = slopes.view({1, H, 1, 1}) * distance;
        }
        s = s - bias;
    }
    if (m_causal)
        s = causalMaskFill(s); // s.masked_fill(j > i, -inf), in one loop

    const at::Tensor p = s.softmax(-1);
    if (probabilities)
        *probabilities = p.detach();
    const at::Tensor attended = familyDropout(p, m_dropout, training, generator);
    const at::Tensor o =
        split ? exactBatchedMatmul(attended.reshape({B * H, T, T}), v).view({B, H, T, dh})
              : exactBatchedMatmul(attended, v);
    return out->forward(o.transpose(1, 2).reshape({B, T, D}));
}

BlockImpl::BlockImpl(const TrainingConfig &c, at::Generator &generator)
    : m_norm(c.norm)
    , m_residual(c.residual)
    , m_dropout(c.dropout)
{
    attn = register_module("attn", Attention(c, generator));
    ln1 = register_module("ln1", FamilyLayerNorm(c.width));
    if (c.mlpRatio > 0) {
        ln2 = register_module("ln2", FamilyLayerNorm(c.width));
        fc1 = register_module("fc1", FamilyLinear(c.width, c.mlpRatio * c.width, generator));
        fc2 = register_module("fc2", FamilyLinear(c.mlpRatio * c.width, c.width, generator));
    }
}

template <typename F>
at::Tensor BlockImpl::sublayer(const at::Tensor &x, F &&f, const FamilyLayerNorm &ln) const
{
    if (m_norm == NormKind::Pre) {
        const at::Tensor h = f(ln->forward(x));
        return m_residual ? x + h : h;
    }
    const at::Tensor h = f(x);
    if (m_norm == NormKind::Post)
        return m_residual ? ln->forward(x + h) : ln->forward(h);
    return m_residual ? x + h : h;
}

at::Tensor BlockImpl::forward(const at::Tensor &x, bool training, at::Generator &generator,
                              at::Tensor *probabilities) const
{
    at::Tensor y = sublayer(
        x,
        [&](const at::Tensor &t) {
            return familyDropout(attn->forward(t, training, generator, probabilities), m_dropout,
                                 training, generator);
        },
        ln1);
    if (fc1) {
        y = sublayer(
            y,
            [&](const at::Tensor &t) {
                return familyDropout(fc2->forward(at::gelu(fc1->forward(t))), m_dropout, training,
                                     generator);
            },
            ln2);
    }
    return y;
}

FamilyModelImpl::FamilyModelImpl(const TrainingConfig &c, at::Generator &generator)
    : m_encoding(c.encoding)
    , m_regression(c.isRegression())
    , m_dropout(c.dropout)
{
    // Every run builds a model first: the process's malloc settings for training (speed only).
    tuneAllocatorForTraining();
    const std::int64_t d = c.width;
    const std::int64_t rows = c.maxLength();
    // Creation order is the spec's, so the random draws come in its order; registration order
    // gives named_parameters() and state_dict() the spec's order (own tensors, then children).
    std::shared_ptr<torch::nn::Module> embedding;
    if (m_regression) {
        if (d > 1)
            inputLinear = FamilyLinear(1, d, generator);
    } else {
        EmbeddingWeight weight(c.vocab, d, generator);
        inputEmbedding = weight->weight;
        embedding = weight.ptr();
    }
    if (c.encoding == EncodingKind::Learned) {
        at::Tensor table = at::randn({rows, d}, generator, at::kFloat);
        if (c.peInitStd != 1.0)
            table = table * c.peInitStd;
        positionEmbeddings = register_parameter("position_embeddings", table);
    } else if (c.encoding == EncodingKind::Sinusoidal) {
        positionTable = register_buffer("position_table", sinusoidalTable(rows, d));
    }
    if (inputLinear) {
        register_module("input", inputLinear);
    } else if (embedding) {
        register_module("input", embedding);
    }
    auto list = torch::nn::ModuleList();
    for (std::int64_t i = 0; i < c.layers; ++i) {
        blocks.push_back(Block(c, generator));
        list->push_back(blocks.back());
    }
    if (c.layers > 0)
        register_module("blocks", list);
    if (c.layers > 0 && c.norm == NormKind::Pre)
        finalLn = register_module("final_ln", FamilyLayerNorm(d));
    head = register_module("head", FamilyLinear(d, m_regression ? 1 : c.numClasses(), generator));
}

at::Tensor FamilyModelImpl::forward(const at::Tensor &input, bool training,
                                    at::Generator &generator, ForwardProbe *probe) const
{
    const std::int64_t T = input.size(1);
    at::Tensor x = input;
    if (inputLinear)
        x = inputLinear->forward(x);
    else if (inputEmbedding.defined())
        x = at::embedding(inputEmbedding, x, -1, false, false);
    // Python's table[:T] skips the slice when it covers the whole table.
    const auto rows = [T](const at::Tensor &table) {
        return table.size(0) == T ? table : table.slice(0, 0, T);
    };
    if (m_encoding == EncodingKind::Learned)
        x = x + rows(positionEmbeddings);
    else if (m_encoding == EncodingKind::Sinusoidal)
        x = x + rows(positionTable);
    x = familyDropout(x, m_dropout, training, generator);
    for (const Block &block : blocks) {
        at::Tensor probabilities;
        x = block->forward(x, training, generator,
                           probe && probe->keepAttention ? &probabilities : nullptr);
        if (probe && probe->keepAttention)
            probe->attention.push_back(probabilities);
        if (probe && probe->keepHidden)
            probe->hidden.push_back(x.detach());
    }
    if (finalLn)
        x = finalLn->forward(x);
    return head->forward(x);
}

at::Tensor familyLoss(bool regression, const at::Tensor &output, const at::Tensor &target)
{
    if (regression)
        return at::mse_loss(output, target);
    return at::cross_entropy_loss(output.reshape({-1, output.size(-1)}), target.reshape({-1}), {},
                                  at::Reduction::Mean, -100, 0.0);
}

} // namespace pelab
