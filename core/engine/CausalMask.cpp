// SPDX-License-Identifier: MIT
#include "engine/CausalMask.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>

#include <cmath>
#include <cstring>

namespace pelab {

namespace {

// out = in with `fill` where column > row, per [T, T] matrix; `in` may be any float tensor
// of the same shape (made contiguous first, as masked_fill's clone does).
at::Tensor fillAboveDiagonal(const at::Tensor &in, float fill)
{
    const at::Tensor source = in.contiguous();
    at::Tensor out = at::empty(in.sizes(), in.options());
    const std::int64_t T = in.size(-1);
    const std::int64_t matrices = T > 0 ? in.numel() / (T * T) : 0;
    const float *s = source.data_ptr<float>();
    float *o = out.data_ptr<float>();
    for (std::int64_t m = 0; m < matrices; ++m) {
        for (std::int64_t i = 0; i < T; ++i) {
            const float *row = s + (m * T + i) * T;
            float *target = o + (m * T + i) * T;
            std::memcpy(target, row, std::size_t(i + 1) * sizeof(float));
            for (std::int64_t j = i + 1; j < T; ++j)
                target[j] = fill;
        }
    }
    return out;
}

struct CausalMaskFill : public torch::autograd::Function<CausalMaskFill> {
    static at::Tensor forward(torch::autograd::AutogradContext *, const at::Tensor &scores)
    {
        return fillAboveDiagonal(scores, -INFINITY);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *,
                                                   torch::autograd::variable_list grads)
    {
        return {fillAboveDiagonal(grads[0], 0.0f)};
    }
};

} // namespace

at::Tensor causalMaskFill(const at::Tensor &scores)
{
    const std::int64_t rank = scores.dim();
    if (rank < 2 || scores.scalar_type() != at::kFloat || !scores.device().is_cpu() ||
        scores.size(-1) != scores.size(-2) || scores.is_conj() || scores.is_neg()) {
        const std::int64_t T = scores.size(-1);
        const at::Tensor i = at::arange(T, at::kLong);
        return scores.masked_fill(i.unsqueeze(0) > i.unsqueeze(1), -INFINITY);
    }
    return CausalMaskFill::apply(scores);
}

} // namespace pelab
