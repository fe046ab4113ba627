// SPDX-License-Identifier: MIT
// What attention costs as the sequence grows: one naive attention forward and backward
// timed and its memory measured at each length, and a power law fitted to both. The
// quadratic-cost lesson's measurements. Torch-free header.
#pragma once

#include "TrainingConfig.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace pelab {

struct AttentionCostSettings {
    std::int64_t heads = 1;
    std::int64_t headWidth = 32;
    std::int64_t batch = 1;
    int repeats = 5; // the time is the median of these
};

struct AttentionCostPoint {
    std::int64_t length = 0;
    double seconds = 0;   // forward + backward, the median of the repeats
    double peakBytes = 0; // the most LibTorch's CPU allocator held above what was live before
};

// softmax(q k^T / sqrt(d)) v for q, k, v of [batch, heads, L, headWidth] (float32, drawn
// from a fixed seed), then the backward of its sum: what one attention layer costs a step.
AttentionCostPoint measureAttentionCost(std::int64_t length, const AttentionCostSettings &settings);

// y = coefficient * x^exponent fitted by least squares on log y against log x, over the
// points with x >= minimumX. Nothing with fewer than two such points.
struct PowerFit {
    double exponent = 0;
    double coefficient = 0;
    double at(double x) const;
};
std::optional<PowerFit> fitPowerLaw(const std::vector<double> &xs, const std::vector<double> &ys,
                                    double minimumX = 0);

// Milliseconds per training step of `config` (as pelab train --bench measures them).
double familyStepMilliseconds(const TrainingConfig &config, int steps);

} // namespace pelab
