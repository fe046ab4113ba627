// SPDX-License-Identifier: MIT
#pragma once

#include "ExtremaIndex.h"
#include "TrainingProgress.h"
#include "figures/EmaSmoother.h"

#include <cstdint>
#include <vector>

namespace pelab {

// Every step's loss of one run, kept whole (a million steps is 24 MB), with its debiased
// EMA and the per-epoch means. Views decimate from here; nothing here is ever thinned.
class LossHistory {
public:
    void clear();
    // Steps must ascend; a step at or before the last one held (a repeated snapshot) is
    // dropped so x stays sorted for binary search.
    void append(const std::vector<LossPoint> &losses);
    // Places an epoch whose steps were never seen (0: unknown, at the last step held).
    void setStepsPerEpoch(std::int64_t steps) { m_stepsPerEpoch = steps; }
    void appendEpochs(const std::vector<EpochSummary> &epochs);

    double smoothing() const { return m_smoother.weight(); }
    void setSmoothing(double weight);

    std::int64_t size() const { return std::int64_t(m_steps.size()); }
    bool isEmpty() const { return m_steps.empty(); }
    double lastStep() const { return m_steps.empty() ? 0.0 : m_steps.back(); }
    const std::vector<double> &steps() const { return m_steps; }
    const std::vector<double> &losses() const { return m_losses; }
    const std::vector<double> &smoothed() const { return m_smoothed; }
    // Block extrema of losses() and smoothed(), for fast decimation.
    const ExtremaIndex &lossIndex() const { return m_lossIndex; }
    const ExtremaIndex &smoothedIndex() const { return m_smoothedIndex; }

    // One point per finished epoch, at the epoch's last step.
    std::int64_t epochCount() const { return std::int64_t(m_epochSteps.size()); }
    const std::vector<double> &epochSteps() const { return m_epochSteps; }
    const std::vector<double> &epochMeans() const { return m_epochMeans; }

    // Index of the held step nearest to `step` (-1 when empty).
    std::int64_t indexNearest(double step) const;
    // The epoch a held step belongs to (0 if unknown).
    std::int64_t epochOfStep(double step) const;

private:
    std::vector<double> m_steps;
    std::vector<double> m_losses;
    std::vector<double> m_smoothed;
    EmaSmoother m_smoother;
    ExtremaIndex m_lossIndex;
    ExtremaIndex m_smoothedIndex;
    std::int64_t m_stepsPerEpoch = 0;
    std::vector<double> m_epochLastStep; // [epoch - 1]: last step seen in that epoch
    std::vector<double> m_epochSteps;
    std::vector<double> m_epochMeans;
};

} // namespace pelab
