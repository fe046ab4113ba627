// SPDX-License-Identifier: MIT
#include "engine/HeadSplit.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>

namespace pelab {

namespace {

struct Shape {
    std::int64_t batch, time, heads, headWidth;
    std::int64_t width() const { return heads * headWidth; }
};

Shape shapeOf(const at::Tensor &qkv, std::int64_t heads)
{
    return {qkv.size(0), qkv.size(1), heads, qkv.size(2) / (3 * heads)};
}

// Moves every head's q, k and v between the projection's layout [B, T, 3, H, dh] and the
// operands q3 [B*H, T, dh], kT3 [B*H, dh, T], v3 [B*H, T, dh]: into the operands (forward) or
// back (backward). q and v move in runs of dh floats; k is transposed one [dh, T] tile (one
// batch item and head) at a time. Width is dh when known at compile time (8, 16, 32: the
// loops unroll), else 0.
template <std::int64_t Width>
inline void copyRun(float *__restrict__ to, const float *__restrict__ from, std::int64_t n)
{
    const std::int64_t count = Width > 0 ? Width : n;
    for (std::int64_t d = 0; d < count; ++d)
        to[d] = from[d];
}

template <std::int64_t Width, bool ToOperands>
void transfer(const Shape &s, float *rows, float *q, float *kT, float *v)
{
    const std::int64_t T = s.time, D = s.width();
    const std::int64_t dh = Width > 0 ? Width : s.headWidth;
    for (std::int64_t b = 0; b < s.batch; ++b) {
        for (std::int64_t t = 0; t < T; ++t) {
            float *row = rows + (b * T + t) * 3 * D;
            for (std::int64_t h = 0; h < s.heads; ++h) {
                const std::int64_t item = b * s.heads + h;
                float *qRow = q + (item * T + t) * dh;
                float *vRow = v + (item * T + t) * dh;
                if constexpr (ToOperands) {
                    copyRun<Width>(qRow, row + h * dh, dh);
                    copyRun<Width>(vRow, row + 2 * D + h * dh, dh);
                } else {
                    copyRun<Width>(row + h * dh, qRow, dh);
                    copyRun<Width>(row + 2 * D + h * dh, vRow, dh);
                }
            }
        }
        for (std::int64_t h = 0; h < s.heads; ++h) {
            float *__restrict__ tile = kT + (b * s.heads + h) * dh * T;
            float *__restrict__ k = rows + b * T * 3 * D + D + h * dh;
            for (std::int64_t t = 0; t < T; ++t)
                for (std::int64_t d = 0; d < dh; ++d) {
                    if constexpr (ToOperands)
                        tile[d * T + t] = k[t * 3 * D + d];
                    else
                        k[t * 3 * D + d] = tile[d * T + t];
                }
        }
    }
}

template <bool ToOperands>
void transferHeads(const Shape &s, float *rows, float *q, float *kT, float *v)
{
    switch (s.headWidth) {
    case 8:
        return transfer<8, ToOperands>(s, rows, q, kT, v);
    case 16:
        return transfer<16, ToOperands>(s, rows, q, kT, v);
    case 32:
        return transfer<32, ToOperands>(s, rows, q, kT, v);
    default:
        return transfer<0, ToOperands>(s, rows, q, kT, v);
    }
}

struct SplitHeads : public torch::autograd::Function<SplitHeads> {
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext *context,
                                                  const at::Tensor &qkvIn, std::int64_t heads)
    {
        const at::Tensor qkv = qkvIn.contiguous();
        const Shape s = shapeOf(qkv, heads);
        const std::int64_t T = s.time, dh = s.headWidth;
        const auto options = qkv.options();
        at::Tensor q = at::empty({s.batch * s.heads, T, dh}, options);
        at::Tensor kT = at::empty({s.batch * s.heads, dh, T}, options);
        at::Tensor v = at::empty({s.batch * s.heads, T, dh}, options);
        transferHeads<true>(s, const_cast<float *>(qkv.data_ptr<float>()), q.data_ptr<float>(),
                            kT.data_ptr<float>(), v.data_ptr<float>());
        context->saved_data["heads"] = heads;
        context->saved_data["sizes"] = qkvIn.sizes();
        return {q, kT, v};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list grads)
    {
        const std::int64_t heads = context->saved_data["heads"].toInt();
        const std::vector<std::int64_t> sizes = context->saved_data["sizes"].toIntVector();
        const at::Tensor gq = grads[0].contiguous();
        const at::Tensor gkT = grads[1].contiguous();
        const at::Tensor gv = grads[2].contiguous();
        at::Tensor out = at::empty(sizes, gq.options());
        const Shape s = shapeOf(out, heads);
        transferHeads<false>(s, out.data_ptr<float>(), const_cast<float *>(gq.data_ptr<float>()),
                             const_cast<float *>(gkT.data_ptr<float>()),
                             const_cast<float *>(gv.data_ptr<float>()));
        return {out, at::Tensor()};
    }
};

} // namespace

bool headSplitApplies(const at::Tensor &qkv, std::int64_t heads)
{
    return qkv.dim() == 3 && qkv.scalar_type() == at::kFloat && qkv.device().is_cpu() &&
           !qkv.is_conj() && !qkv.is_neg() && heads > 1 && qkv.size(0) > 1 && qkv.size(1) > 0 &&
           qkv.size(2) % (3 * heads) == 0 && qkv.size(2) > 0;
}

std::array<at::Tensor, 3> splitHeads(const at::Tensor &qkv, std::int64_t heads)
{
    const torch::autograd::variable_list parts = SplitHeads::apply(qkv, heads);
    return {parts[0], parts[1], parts[2]};
}

} // namespace pelab
