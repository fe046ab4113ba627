// SPDX-License-Identifier: MIT
#include "engine/EpochSampler.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>

namespace pelab {

namespace {

std::int64_t drawInt64(at::Generator &generator)
{
    // torch.empty((), dtype=torch.int64).random_(generator=...).item()
    return at::empty({}, at::kLong).random_(generator).item<std::int64_t>();
}

} // namespace

EpochSampler::EpochSampler(std::int64_t samples, std::int64_t batchSize, bool shuffle)
    : m_samples(samples)
    , m_batchSize(batchSize)
    , m_shuffle(shuffle)
{}

void EpochSampler::beginEpoch(at::Generator &generator)
{
    drawInt64(generator); // _BaseDataLoaderIter._base_seed, drawn even without shuffling
    if (!m_shuffle)
        return;
    const std::int64_t samplerSeed = drawInt64(generator);
    at::Generator samplerGenerator =
        at::make_generator<at::CPUGeneratorImpl>(static_cast<std::uint64_t>(samplerSeed));
    m_permutation = at::randperm(m_samples, samplerGenerator, at::kLong);
}

at::Tensor EpochSampler::batch(const at::Tensor &data, std::int64_t index) const
{
    const std::int64_t begin = index * m_batchSize;
    const std::int64_t end = std::min(begin + m_batchSize, m_samples);
    if (!m_shuffle)
        return data.slice(0, begin, end);
    return data.index_select(0, m_permutation.slice(0, begin, end));
}

} // namespace pelab
