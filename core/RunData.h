// SPDX-License-Identifier: MIT
// Plain values a run produces besides its losses: evaluations, probe measurements, the
// model's tensors. Torch-free, so views and exporters can hold them.
#pragma once

#include "Matrix.h"
#include "NdArray.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace pelab {

// Loss and accuracy of the model on a held-out set, as the spec's evaluate() gives them.
struct Evaluation {
    std::int64_t step = 0;   // after this many training steps
    std::int64_t length = 0; // sequence length of the set
    double loss = 0;
    std::optional<double> accuracy;             // token tasks
    std::optional<double> accuracyNewPositions; // positions >= seq_len (longer sets only)
    bool operator==(const Evaluation &) const = default;
};

// Measurements taken on the probe batch after `step` training steps (0: at initialisation).
struct ProbePoint {
    std::int64_t step = 0;
    Measurements values;
};

// The seed's linear layer y = w * (x + p) + b, when it is 1 x 1 (width 1, regression): what
// explains the zero target's lesson (w goes to 0, and the embedding's gradient with it).
struct LinearHead {
    double weight = 0;
    double bias = 0;
};

// What a run looked like after `step` steps, kept for time travel: its encoding table, the
// seed's linear layer, and the attention of the first probe sequence as last measured (at
// `attentionStep`, the newest probe up to `step`; empty without attention layers).
struct RunSnapshot {
    std::int64_t step = 0;
    Matrix embedding;
    std::optional<LinearHead> head;
    NdArray attention; // [layers, heads, L, L]
    std::int64_t attentionStep = 0;
};

// The first step after which one of the optimizer's state tensors held an infinite or NaN
// value: Adam's second moment overflows when a gradient passes about 1e19, and from then on
// the update divides by infinity and the parameter stops moving while the loss stays finite.
struct OptimizerOverflow {
    std::int64_t step = 0;
    QString parameter; // the spec's parameter name, e.g. "head.weight"
    QString state;     // torch.optim's name for it: exp_avg, exp_avg_sq or momentum_buffer
    bool operator==(const OptimizerOverflow &) const = default;
};

// A parameter or buffer of the model under the spec's state_dict() name.
struct NamedArray {
    QString name;
    NdArray array;
    bool buffer = false; // a buffer (ALiBi's slopes, the sinusoidal table), not a parameter
};

} // namespace pelab
