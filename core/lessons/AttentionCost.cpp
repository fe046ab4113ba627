// SPDX-License-Identifier: MIT
#include "AttentionCost.h"

#include "TrainingSession.h"
#include "engine/Allocator.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/Allocator.h>
#include <c10/util/ThreadLocalDebugInfo.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace pelab {

namespace {

// Follows LibTorch's CPU allocations on this thread (the hook its memory profiler uses):
// bytes live now, and the most since the start.
class AllocationTracker final : public c10::MemoryReportingInfoBase {
public:
    void reportMemoryUsage(void *, int64_t size, int64_t, int64_t, c10::Device) override
    {
        m_live += size;
        m_peak = std::max(m_peak, m_live);
    }
    bool memoryProfilingEnabled() const override { return true; }
    std::int64_t peak() const { return m_peak; }

private:
    std::int64_t m_live = 0;
    std::int64_t m_peak = 0;
};

} // namespace

AttentionCostPoint measureAttentionCost(std::int64_t length, const AttentionCostSettings &s)
{
    // As training does: freed [L, L] tables are reused, not unmapped and faulted back in
    // (which would time the kernel's page zeroing, not attention).
    tuneAllocatorForTraining();
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(std::uint64_t(0));
    const auto input = [&] {
        return at::randn({s.batch, s.heads, length, s.headWidth}, generator, at::kFloat)
            .set_requires_grad(true);
    };
    const at::Tensor q = input(), k = input(), v = input();
    const double scale = 1.0 / std::sqrt(double(s.headWidth));
    const auto step = [&] {
        const at::Tensor scores = at::matmul(q, k.transpose(-2, -1)) * scale;
        const at::Tensor out = at::matmul(at::softmax(scores, -1), v);
        torch::autograd::backward({out.sum()});
        for (const at::Tensor &t : {q, k, v})
            t.mutable_grad().reset();
    };
    step(); // warm-up: first-touch pages and kernel selection

    AttentionCostPoint point;
    point.length = length;
    {
        auto tracker = std::make_shared<AllocationTracker>();
        c10::DebugInfoGuard guard(c10::DebugInfoKind::PROFILER_STATE, tracker);
        step();
        point.peakBytes = double(tracker->peak());
    }
    std::vector<double> times;
    for (int r = 0; r < std::max(1, s.repeats); ++r) {
        const auto start = std::chrono::steady_clock::now();
        step();
        times.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(times.begin(), times.begin() + std::ptrdiff_t(times.size() / 2), times.end());
    point.seconds = times[times.size() / 2];
    return point;
}

double PowerFit::at(double x) const
{
    return coefficient * std::pow(x, exponent);
}

std::optional<PowerFit> fitPowerLaw(const std::vector<double> &xs, const std::vector<double> &ys,
                                    double minimumX)
{
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
        if (xs[i] < minimumX || !(xs[i] > 0) || !(ys[i] > 0))
            continue;
        const double x = std::log(xs[i]), y = std::log(ys[i]);
        n += 1;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    const double denominator = n * sxx - sx * sx;
    if (n < 2 || denominator <= 0)
        return std::nullopt;
    PowerFit fit;
    fit.exponent = (n * sxy - sx * sy) / denominator;
    fit.coefficient = std::exp((sy - fit.exponent * sx) / n);
    return fit;
}

double familyStepMilliseconds(const TrainingConfig &config, int steps)
{
    TrainingSession session(config);
    return session.benchmark(steps);
}

} // namespace pelab
