// SPDX-License-Identifier: MIT
#include "TaskBaselines.h"

#include "data/TaskData.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace pelab {

std::optional<double> markovEntropyRate(const TrainingConfig &config)
{
    if (config.task != TaskKind::Markov)
        return std::nullopt;
    const at::Tensor chain = markovChain(config.vocab).to(at::kDouble).contiguous();
    const std::int64_t v = chain.size(0);
    const double *p = chain.data_ptr<double>();
    // The stationary distribution pi = pi P, by power iteration (the chain is dense).
    std::vector<double> pi(static_cast<std::size_t>(v), 1.0 / double(v));
    std::vector<double> next(static_cast<std::size_t>(v));
    for (int iteration = 0; iteration < 10000; ++iteration) {
        std::fill(next.begin(), next.end(), 0.0);
        for (std::int64_t i = 0; i < v; ++i)
            for (std::int64_t j = 0; j < v; ++j)
                next[std::size_t(j)] += pi[std::size_t(i)] * p[i * v + j];
        double change = 0;
        for (std::int64_t j = 0; j < v; ++j)
            change += std::abs(next[std::size_t(j)] - pi[std::size_t(j)]);
        pi.swap(next);
        if (change < 1e-15)
            break;
    }
    double rate = 0;
    for (std::int64_t i = 0; i < v; ++i)
        for (std::int64_t j = 0; j < v; ++j)
            if (const double q = p[i * v + j]; q > 0)
                rate -= pi[std::size_t(i)] * q * std::log(q);
    return rate;
}

std::optional<double> marginalLoss(const TrainingConfig &config)
{
    if (config.isRegression())
        return std::nullopt;
    // The training set is the first draw on a generator seeded with the run's seed.
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(std::uint64_t(config.seed));
    const TaskData data = makeTaskData(config, config.samples, config.seqLen, generator);
    const at::Tensor targets = data.targets.flatten();
    const at::Tensor counted = targets.index({targets != ignoreIndex});
    if (counted.numel() == 0)
        return std::nullopt;
    const at::Tensor counts = at::bincount(counted).to(at::kDouble);
    const at::Tensor odds = counts.index({counts > 0}) / double(counted.numel());
    return -(odds * odds.log()).sum().item<double>();
}

} // namespace pelab
