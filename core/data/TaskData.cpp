// SPDX-License-Identifier: MIT
#include "data/TaskData.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>

namespace pelab {

namespace {
constexpr std::uint64_t markovSeed = 20240601;
}

at::Tensor positionSignal(std::int64_t length)
{
    return at::sin(at::arange(length, at::kFloat) * (2 * M_PI / double(length)))
        .reshape({length, 1});
}

at::Tensor markovChain(std::int64_t vocab)
{
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(markovSeed);
    return (at::randn({vocab, vocab}, generator, at::kFloat) * 2.0).softmax(-1);
}

TaskData makeTaskData(const TrainingConfig &c, std::int64_t n, std::int64_t L,
                      at::Generator &generator)
{
    torch::NoGradGuard noGrad;
    TaskData data;
    if (c.isRegression()) {
        data.inputs = at::randn({n, L, 1}, generator, at::kFloat);
        data.targets = c.task == TaskKind::Zeros ? at::zeros_like(data.inputs)
                                                 : data.inputs + positionSignal(L);
        return data;
    }
    at::Tensor x = at::randint(0, c.vocab, {n, L}, generator, at::kLong);
    at::Tensor y;
    switch (c.task) {
    case TaskKind::Markov: {
        // Next-token prediction on a fixed random Markov chain.
        const at::Tensor chain = markovChain(c.vocab);
        for (std::int64_t t = 1; t < L; ++t)
            x.select(1, t).copy_(
                at::multinomial(chain.index_select(0, x.select(1, t - 1)), 1, false, generator)
                    .squeeze(1));
        y = at::full_like(x, ignoreIndex);
        y.slice(1, 0, L - 1).copy_(x.slice(1, 1));
        break;
    }
    case TaskKind::Shift:
        y = at::full_like(x, ignoreIndex);
        y.slice(1, c.shift).copy_(x.slice(1, 0, L - c.shift));
        break;
    case TaskKind::Reverse:
        y = x.flip({1});
        break;
    case TaskKind::Sort:
        y = std::get<0>(x.sort(1));
        break;
    case TaskKind::Count:
        y = (x.unsqueeze(2) == x.unsqueeze(1)).sum(-1);
        break;
    default:
        break;
    }
    data.inputs = x;
    data.targets = y;
    return data;
}

} // namespace pelab
