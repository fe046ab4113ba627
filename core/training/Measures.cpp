// SPDX-License-Identifier: MIT
#include "training/Measures.h"

#include "data/TaskData.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <cmath>

namespace pelab {

NdArray toArray(const at::Tensor &tensor)
{
    const at::Tensor t = tensor.detach().to(at::kDouble).contiguous();
    NdArray a;
    a.shape.assign(t.sizes().begin(), t.sizes().end());
    a.values.assign(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    return a;
}

Measurements probeMeasurements(const ForwardProbe &probe, const at::Tensor &inputs,
                               const at::Tensor &output, const at::Tensor &targets, bool regression,
                               bool causal)
{
    Measurements m;
    const std::int64_t picked = std::min<std::int64_t>(maxPickedProbes, output.size(0));
    if (!regression) // the tokens of the sequences a view can pick, [K, L]
        m.insert(QStringLiteral("probe_tokens"), toArray(inputs.slice(0, 0, picked)));
    if (!regression) {
        const at::Tensor counted = targets != ignoreIndex;
        const at::Tensor hit = (output.argmax(-1) == targets) & counted;
        m.insert(QStringLiteral("accuracy_per_position"),
                 toArray(hit.sum(0).to(at::kDouble) / counted.sum(0).to(at::kDouble)));
    }
    if (probe.attention.empty())
        return m;

    const std::int64_t L = output.size(1);
    // The model's own probabilities for the views and attention.npy; the statistics use
    // [layers, B, H, L, L] in double with each row renormalised: softmax's float rows sum
    // to 1 only within rounding, and uniform attention must read as entropy 1, not 1 + 1e-8.
    at::Tensor attention = at::stack(probe.attention).to(at::kDouble);
    m.insert(QStringLiteral("attention"), toArray(attention.select(1, 0)));
    // [K, layers, H, L, L] for a view's picker, as many sequences as the budget allows.
    const std::int64_t perSequence = attention.numel() / attention.size(1);
    const std::int64_t k =
        std::min(picked, maxPickedValues / std::max<std::int64_t>(1, perSequence));
    if (k > 1)
        m.insert(QStringLiteral("attention_probes"),
                 toArray(attention.slice(1, 0, k).transpose(0, 1)));
    attention = attention / attention.sum(-1, true);
    const at::Tensor i = at::arange(L, at::kDouble);
    const at::Tensor distance = (i.unsqueeze(1) - i.unsqueeze(0)).abs();
    const at::Tensor visible =
        causal ? i + 1 : at::full({L}, double(L), at::TensorOptions(at::kDouble));
    const at::Tensor logVisible = visible.log();
    const at::Tensor rows = visible > 1; // a single visible key has no entropy to speak of
    const at::Tensor plogp = at::where(attention > 0, attention * attention.log(),
                                       at::zeros({}, at::TensorOptions(at::kDouble)));
    const at::Tensor entropy = -plogp.sum(-1); // [layers, B, H, L]
    const at::Tensor normalised =
        at::where(rows, entropy / logVisible, at::zeros({}, at::kDouble)).clamp(0.0, 1.0);
    const double rowCount = double(rows.sum().item<std::int64_t>());
    const std::int64_t B = attention.size(1);
    m.insert(QStringLiteral("attention_entropy"),
             toArray(rowCount > 0 ? normalised.sum({1, 3}) / (rowCount * double(B))
                                  : normalised.sum({1, 3})));
    m.insert(QStringLiteral("attention_distance"),
             toArray((attention * distance).sum(-1).mean({1, 3})));
    std::vector<double> residual;
    for (const at::Tensor &hidden : probe.hidden) {
        const at::Tensor x = hidden.to(at::kDouble);
        const at::Tensor centred = x - x.mean(1, true);
        const double total = x.pow(2).sum().item<double>();
        residual.push_back(total > 0 ? std::sqrt(centred.pow(2).sum().item<double>() / total) : 0);
    }
    m.insert(QStringLiteral("rank_residual"), NdArray{{std::int64_t(residual.size())}, residual});
    return m;
}

Measurements encodingPictures(const TrainingConfig &c, const at::Tensor &slopes)
{
    torch::NoGradGuard noGrad;
    Measurements m;
    const std::int64_t rows = c.maxLength();
    if (c.encoding == EncodingKind::Learned || c.encoding == EncodingKind::Sinusoidal) {
        const at::Tensor reached =
            (at::arange(rows, at::kDouble) < double(c.seqLen)).to(at::kDouble);
        m.insert(QStringLiteral("rows_trained"), toArray(reached));
    }
    if (c.layers == 0)
        return m;
    const std::int64_t P = std::min<std::int64_t>(rows, 512);
    const at::Tensor i = at::arange(P, at::kLong);
    const at::Tensor distance = (i.unsqueeze(1) - i.unsqueeze(0)).abs().to(at::kFloat);
    if (c.encoding == EncodingKind::Alibi) {
        m.insert(QStringLiteral("alibi_bias"), toArray(-(slopes.view({c.heads, 1, 1}) * distance)));
    } else if (c.encoding == EncodingKind::Rope) {
        const std::int64_t dh = c.headWidth();
        const at::Tensor theta =
            at::pow(10000.0, -at::arange(0, dh, 2, at::kDouble) / double(dh)); // [dh/2]
        const at::Tensor offset = (i.unsqueeze(1) - i.unsqueeze(0)).to(at::kDouble);
        m.insert(QStringLiteral("rope_profile"),
                 toArray((offset.unsqueeze(-1) * theta).cos().sum(-1) / double(dh / 2)));
    }
    return m;
}

} // namespace pelab
