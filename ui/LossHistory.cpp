// SPDX-License-Identifier: MIT
#include "LossHistory.h"

#include <algorithm>
#include <cmath>

namespace pelab {

void LossHistory::clear()
{
    m_steps.clear();
    m_losses.clear();
    m_smoothed.clear();
    m_smoother.reset();
    m_lossIndex.clear();
    m_smoothedIndex.clear();
    m_epochLastStep.clear();
    m_epochSteps.clear();
    m_epochMeans.clear();
}

void LossHistory::append(const std::vector<LossPoint> &losses)
{
    // No reserve(size + n) here: per-batch exact reserves defeat the vectors' geometric
    // growth and copy everything held on every snapshot.
    for (const LossPoint &point : losses) {
        const double step = double(point.step);
        if (!m_steps.empty() && step <= m_steps.back())
            continue;
        m_steps.push_back(step);
        m_losses.push_back(point.loss);
        m_smoothed.push_back(m_smoother.add(point.loss));
        // Epochs are 1-based and only move forward; a gap (an epoch without steps) keeps
        // the previous epoch's end so the vector stays ascending.
        if (point.epoch >= 1 && point.epoch <= (1 << 30)) {
            const auto epoch = std::size_t(point.epoch);
            if (m_epochLastStep.size() < epoch)
                m_epochLastStep.resize(epoch,
                                       m_epochLastStep.empty() ? 0.0 : m_epochLastStep.back());
            m_epochLastStep[epoch - 1] = step;
        }
    }
    m_lossIndex.update(m_losses);
    m_smoothedIndex.update(m_smoothed);
}

void LossHistory::appendEpochs(const std::vector<EpochSummary> &epochs)
{
    for (const EpochSummary &summary : epochs) {
        double step = lastStep();
        if (summary.epoch >= 1 && std::size_t(summary.epoch) <= m_epochLastStep.size())
            step = m_epochLastStep[std::size_t(summary.epoch) - 1];
        else if (m_stepsPerEpoch > 0 && summary.epoch >= 1)
            step = double(summary.epoch * m_stepsPerEpoch);
        if (!m_epochSteps.empty() && step <= m_epochSteps.back())
            continue;
        m_epochSteps.push_back(step);
        m_epochMeans.push_back(summary.meanLoss);
    }
}

void LossHistory::setSmoothing(double weight)
{
    m_smoother = EmaSmoother(weight);
    m_smoothed.clear();
    m_smoothed.reserve(m_losses.size());
    for (double loss : m_losses)
        m_smoothed.push_back(m_smoother.add(loss));
    m_smoothedIndex.rebuild(m_smoothed);
}

std::int64_t LossHistory::indexNearest(double step) const
{
    if (m_steps.empty())
        return -1;
    const auto it = std::lower_bound(m_steps.begin(), m_steps.end(), step);
    if (it == m_steps.end())
        return size() - 1;
    const std::int64_t i = it - m_steps.begin();
    if (i > 0 && step - m_steps[i - 1] < *it - step)
        return i - 1;
    return i;
}

std::int64_t LossHistory::epochOfStep(double step) const
{
    const auto it = std::lower_bound(m_epochLastStep.begin(), m_epochLastStep.end(), step);
    if (it == m_epochLastStep.end())
        return 0;
    return std::int64_t(it - m_epochLastStep.begin()) + 1;
}

} // namespace pelab
