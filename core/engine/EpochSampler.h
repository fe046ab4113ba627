// SPDX-License-Identifier: MIT
#pragma once

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace pelab {

// torch.utils.data.DataLoader's index order for one epoch, with no worker processes.
// Starting an epoch draws what iter(DataLoader) draws from the run's generator: the loader's
// base seed, then (when shuffling) RandomSampler's seed for a fresh generator that yields
// randperm(samples). Batches are consecutive slices, the last one short.
class EpochSampler {
public:
    EpochSampler(std::int64_t samples, std::int64_t batchSize, bool shuffle);

    void beginEpoch(at::Generator &generator);
    std::int64_t batchCount() const { return (m_samples + m_batchSize - 1) / m_batchSize; }
    // Rows of the dataset in batch `index` of the current epoch.
    at::Tensor batch(const at::Tensor &data, std::int64_t index) const;

private:
    std::int64_t m_samples;
    std::int64_t m_batchSize;
    bool m_shuffle;
    at::Tensor m_permutation;
};

} // namespace pelab
