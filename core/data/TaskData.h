// SPDX-License-Identifier: MIT
// The tasks of the PyTorch model in resources/python/pelab_family.py: inputs and targets drawn
// exactly as make_task draws them. Includes torch: only core's .cpp files include this header.
#pragma once

#include "TrainingConfig.h"

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

namespace pelab {

inline constexpr std::int64_t ignoreIndex = -100; // positions without a target

struct TaskData {
    at::Tensor inputs;  // [n, L, 1] float (regression) or [n, L] int64 tokens
    at::Tensor targets; // like inputs; token targets are -100 where there is none
    std::int64_t size() const { return inputs.defined() ? inputs.size(0) : 0; }
};

// n sequences of length L, drawn from `generator`.
TaskData makeTaskData(const TrainingConfig &config, std::int64_t n, std::int64_t length,
                      at::Generator &generator);
// sin(2 pi t / L), [L, 1]: what the position-signal task adds to the input.
at::Tensor positionSignal(std::int64_t length);
// The markov task's transition matrix [vocab, vocab], the same for every run.
at::Tensor markovChain(std::int64_t vocab);

} // namespace pelab
