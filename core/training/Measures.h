// SPDX-License-Identifier: MIT
// The live measurements computed from tensors: what TrainingSession's probe() and
// encodingPictures() return (their shapes and definitions are listed in TrainingSession.h).
// Includes torch: only core's .cpp files include this header.
#pragma once

#include "NdArray.h"
#include "TrainingConfig.h"
#include "models/FamilyModel.h"

#include <ATen/core/Tensor.h>

namespace pelab {

// A tensor's values and shape, as doubles.
NdArray toArray(const at::Tensor &tensor);

// From a forward pass on the probe batch (`inputs`) that kept every layer's attention and
// hidden states: accuracy per position (token tasks), attention (the first sequence's, and
// up to maxPickedProbes sequences' for a view to pick from, within maxPickedValues numbers),
// the token tasks' probe tokens, the attention's entropy and mean distance, and the
// rank-collapse residual.
Measurements probeMeasurements(const ForwardProbe &probe, const at::Tensor &inputs,
                               const at::Tensor &output, const at::Tensor &targets, bool regression,
                               bool causal);
constexpr std::int64_t maxPickedProbes = 8;
constexpr std::int64_t maxPickedValues = std::int64_t(1) << 22; // 32 MiB of doubles

// ALiBi's bias, RoPE's relative profile and which table rows training reaches. `slopes`:
// ALiBi's per-head slopes (undefined for other encodings).
Measurements encodingPictures(const TrainingConfig &config, const at::Tensor &slopes);

} // namespace pelab
