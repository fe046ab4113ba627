// SPDX-License-Identifier: MIT
// See ExactBmm.h. The argument logic below transcribes ATen 1.13's bmm_out_or_baddbmm_
// (aten/src/ATen/native/LinearAlgebra.cpp: one addmm_impl_cpu_(r, r, batch1[i], batch2[i],
// 0, 1) per batch item), addmm_impl_cpu_'s choice of transposes and leading dimensions from
// the strides, and cpublas::gemm (aten/src/ATen/native/CPUBlas.cpp: normalize_last_dims,
// use_blas_gemm, then sgemm_ with 'n' / 't'). Wherever ATen would do something else (copy
// an operand first, use its own kernel) exactBmm() calls at::bmm instead.
#include "engine/ExactBmm.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>

namespace pelab {

namespace {

using Sgemm = void (*)(const char *transa, const char *transb, const int *m, const int *n,
                       const int *k, const float *alpha, const float *a, const int *lda,
                       const float *b, const int *ldb, const float *beta, float *c, const int *ldc);

// The sgemm_ libtorch calls: the process's BLAS, loaded with libtorch_cpu.
Sgemm sgemm()
{
    static const Sgemm function = reinterpret_cast<Sgemm>(dlsym(RTLD_DEFAULT, "sgemm_"));
    return function;
}

// One sgemm_ call of the loop, up to the operands' pointers (the same for every item).
struct GemmPlan {
    char transa = 'n';
    char transb = 'n';
    int m = 0, n = 0, k = 0;
    int lda = 0, ldb = 0, ldc = 0;
    bool swapped = false; // a is batch2's item and b batch1's (C is stored transposed)
};

// addmm_impl_cpu_(r, r, m1, m2, 0, 1) for r [rows, cols] with strides (cols, 1) (an item of
// bmm's fresh contiguous result), m1 [rows, depth] and m2 [depth, cols] with the given
// strides; nothing when ATen would copy an operand or not call the BLAS.
std::optional<GemmPlan> planGemm(std::int64_t rows, std::int64_t cols, std::int64_t depth,
                                 const std::int64_t m1Strides[2], const std::int64_t m2Strides[2])
{
    const std::int64_t resultSizes[2] = {rows, cols};
    const std::int64_t resultStrides[2] = {cols, 1};
    std::int64_t m1Sizes[2] = {rows, depth};
    std::int64_t m2Sizes[2] = {depth, cols};
    std::int64_t s1[2] = {m1Strides[0], m1Strides[1]};
    std::int64_t s2[2] = {m2Strides[0], m2Strides[1]};

    bool transposeC = false;
    if (resultStrides[0] == 1 &&
        (resultSizes[1] == 1 || resultStrides[1] >= std::max<std::int64_t>(1, resultSizes[0]))) {
        transposeC = false;
    } else if (resultStrides[1] == 1 &&
               (resultSizes[0] == 1 ||
                resultStrides[0] >= std::max<std::int64_t>(1, resultSizes[1]))) {
        std::swap(m1Sizes, m2Sizes);
        std::swap(s1, s2);
        transposeC = true;
    } else {
        return std::nullopt; // ATen would compute into a Fortran-contiguous copy
    }
    const int tc = transposeC ? 1 : 0;
    const std::int64_t m = resultSizes[transposeC ? 1 : 0];
    const std::int64_t n = resultSizes[transposeC ? 0 : 1];
    const std::int64_t k = m1Sizes[transposeC ? 0 : 1];

    bool transposeA = false;
    if (s1[tc] == 1 && s1[1 - tc] >= std::max<std::int64_t>(1, m))
        transposeA = false;
    else if (s1[1 - tc] == 1 && s1[tc] >= std::max<std::int64_t>(1, k))
        transposeA = true;
    else
        return std::nullopt; // ATen would clone m1

    bool transposeB = false;
    if (s2[tc] == 1 && s2[1 - tc] >= std::max<std::int64_t>(1, k))
        transposeB = false;
    else if (s2[1 - tc] == 1 && s2[tc] >= std::max<std::int64_t>(1, n))
        transposeB = true;
    else
        return std::nullopt; // ATen would clone m2

    std::int64_t lda = s1[(transposeA == transposeC) ? 1 : 0];
    std::int64_t ldb = s2[(transposeB == transposeC) ? 1 : 0];
    std::int64_t ldc = resultStrides[transposeC ? 0 : 1];

    // cpublas::gemm: internal::normalize_last_dims, then use_blas_gemm.
    if (n == 1)
        ldc = m;
    if (transposeA) {
        if (m == 1)
            lda = k;
    } else if (k == 1) {
        lda = m;
    }
    if (transposeB) {
        if (k == 1)
            ldb = n;
    } else if (n == 1) {
        ldb = k;
    }
    const bool fits =
        m <= INT_MAX && n <= INT_MAX && k <= INT_MAX && lda <= INT_MAX && ldb <= INT_MAX &&
        ldc <= INT_MAX && lda >= std::max<std::int64_t>(1, transposeA ? k : m) &&
        ldb >= std::max<std::int64_t>(1, transposeB ? n : k) && ldc >= std::max<std::int64_t>(1, m);
    if (!fits)
        return std::nullopt; // ATen would use its own gemm kernel

    GemmPlan plan;
    plan.transa = transposeA ? 't' : 'n';
    plan.transb = transposeB ? 't' : 'n';
    plan.m = int(m);
    plan.n = int(n);
    plan.k = int(k);
    plan.lda = int(lda);
    plan.ldb = int(ldb);
    plan.ldc = int(ldc);
    plan.swapped = transposeC;
    return plan;
}

// at::bmm's preconditions for the BLAS loop: float CPU operands of matching shapes, not
// empty, and above the size (k * n * m >= 400) below which ATen runs its own kernel.
bool blasLoopApplies(const at::Tensor &a, const at::Tensor &b)
{
    if (!sgemm() || a.dim() != 3 || b.dim() != 3 || !a.device().is_cpu() || !b.device().is_cpu() ||
        a.scalar_type() != at::kFloat || b.scalar_type() != at::kFloat || a.is_conj() ||
        b.is_conj() || a.is_neg() || b.is_neg() || a.layout() != at::kStrided ||
        b.layout() != at::kStrided)
        return false;
    const std::int64_t batch = a.size(0), rows = a.size(1), depth = a.size(2), cols = b.size(2);
    if (b.size(0) != batch || b.size(1) != depth || batch == 0 || rows == 0 || cols == 0 ||
        depth == 0)
        return false;
    return depth * rows * cols >= 400;
}

} // namespace

bool exactBmmHasBlas()
{
    return sgemm() != nullptr;
}

namespace {

// The loop over batch items, on the calling thread (as ATen runs it) or split over the
// intra-op threads.
void runPlan(const GemmPlan &plan, std::int64_t batch, const float *first, std::int64_t firstStride,
             const float *second, std::int64_t secondStride, float *out, std::int64_t outStride,
             bool parallel)
{
    const float alpha = 1.0f;
    const float beta = 0.0f;
    const Sgemm call = sgemm();
    const auto items = [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            call(&plan.transa, &plan.transb, &plan.m, &plan.n, &plan.k, &alpha,
                 first + i * firstStride, &plan.lda, second + i * secondStride, &plan.ldb, &beta,
                 out + i * outStride, &plan.ldc);
    };
    if (parallel)
        at::parallel_for(0, batch, 1, items);
    else
        items(0, batch);
}

// Whether this plan's products may run on several threads. ATen calls sgemm_ from one thread,
// and the BLAS may split a product over its threads, which can change the bits; inside a
// parallel region it computes each product alone. Products small enough that the BLAS would
// not split them anyway (OpenBLAS: m * n * k <= 65536 * 4) give the same bits either way:
// checked once per plan and thread count on random operands, sequential against parallel.
bool mayRunInParallel(const GemmPlan &plan, std::int64_t batch)
{
    const int threads = at::get_num_threads();
    if (threads < 2 || batch < 2 || at::in_parallel_region() ||
        double(plan.m) * double(plan.n) * double(plan.k) > 65536.0)
        return false;
    using Key = std::tuple<char, char, int, int, int, int, int, int, int>;
    static std::mutex mutex;
    static std::map<Key, bool> verdicts;
    const Key key{plan.transa, plan.transb, plan.m,   plan.n, plan.k,
                  plan.lda,    plan.ldb,    plan.ldc, threads};
    const std::lock_guard<std::mutex> lock(mutex);
    if (const auto found = verdicts.find(key); found != verdicts.end())
        return found->second;
    // Operands laid out as the plan reads them: the largest extent each pointer spans.
    const std::int64_t aSpan = std::int64_t(plan.lda) * (plan.transa == 'n' ? plan.k : plan.m);
    const std::int64_t bSpan = std::int64_t(plan.ldb) * (plan.transb == 'n' ? plan.n : plan.k);
    const std::int64_t cSpan = std::int64_t(plan.ldc) * plan.n;
    const std::int64_t items = 4 * threads;
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(20240601);
    const at::Tensor a = at::randn({items, aSpan}, generator, at::kFloat);
    const at::Tensor b = at::randn({items, bSpan}, generator, at::kFloat);
    const at::Tensor sequential = at::zeros({items, cSpan}, at::kFloat);
    const at::Tensor parallel = at::zeros({items, cSpan}, at::kFloat);
    runPlan(plan, items, a.data_ptr<float>(), aSpan, b.data_ptr<float>(), bSpan,
            sequential.data_ptr<float>(), cSpan, false);
    runPlan(plan, items, a.data_ptr<float>(), aSpan, b.data_ptr<float>(), bSpan,
            parallel.data_ptr<float>(), cSpan, true);
    const bool same = std::memcmp(sequential.data_ptr<float>(), parallel.data_ptr<float>(),
                                  std::size_t(items * cSpan) * sizeof(float)) == 0;
    verdicts.emplace(key, same);
    return same;
}

} // namespace

at::Tensor exactBmm(const at::Tensor &a, const at::Tensor &b)
{
    if (!blasLoopApplies(a, b))
        return at::bmm(a, b);
    const std::int64_t batch = a.size(0), rows = a.size(1), depth = a.size(2), cols = b.size(2);
    const std::int64_t aStrides[2] = {a.stride(1), a.stride(2)};
    const std::int64_t bStrides[2] = {b.stride(1), b.stride(2)};
    const std::optional<GemmPlan> plan = planGemm(rows, cols, depth, aStrides, bStrides);
    if (!plan)
        return at::bmm(a, b);

    at::Tensor result = at::empty({batch, rows, cols}, a.options());
    const float *first = a.data_ptr<float>();
    const float *second = b.data_ptr<float>();
    const std::int64_t firstStride = plan->swapped ? b.stride(0) : a.stride(0);
    const std::int64_t secondStride = plan->swapped ? a.stride(0) : b.stride(0);
    if (plan->swapped)
        std::swap(first, second);
    runPlan(*plan, batch, first, firstStride, second, secondStride, result.data_ptr<float>(),
            rows * cols, mayRunInParallel(*plan, batch));
    return result;
}

namespace {

// The autograd node of at::matmul's batched path, in one: forward reshapes both operands to
// [batch, rows, depth] and [batch, depth, cols] as matmul does (a view when possible, else a
// contiguous copy), multiplies them, and views the product with the batch dimensions back;
// backward is _unsafe_view's reshape, then BmmBackward0 (grad.bmm(b3.transpose(1, 2)) and
// a3.transpose(1, 2).bmm(grad)), reshaped to the operands' shapes as the copy/view nodes do.
struct BatchedMatmul : public torch::autograd::Function<BatchedMatmul> {
    static at::Tensor forward(torch::autograd::AutogradContext *context, const at::Tensor &a,
                              const at::Tensor &b)
    {
        const std::int64_t rank = a.dim();
        const std::int64_t rows = a.size(rank - 2), depth = a.size(rank - 1),
                           cols = b.size(rank - 1);
        const std::int64_t batch = a.numel() / std::max<std::int64_t>(1, rows * depth);
        const at::Tensor a3 = a.reshape({batch, rows, depth});
        const at::Tensor b3 = b.reshape({batch, depth, cols});
        std::vector<std::int64_t> outSizes(a.sizes().begin(), a.sizes().end());
        outSizes.back() = cols;
        context->save_for_backward({a3, b3});
        context->saved_data["a_sizes"] = a.sizes();
        context->saved_data["b_sizes"] = b.sizes();
        return exactBmm(a3, b3).view(outSizes);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list grads)
    {
        const torch::autograd::variable_list saved = context->get_saved_variables();
        const at::Tensor &a3 = saved[0];
        const at::Tensor &b3 = saved[1];
        const at::Tensor grad = grads[0].reshape({a3.size(0), a3.size(1), b3.size(2)});
        at::Tensor gradA, gradB;
        if (context->needs_input_grad(0))
            gradA = exactBmm(grad, b3.transpose(1, 2))
                        .reshape(context->saved_data["a_sizes"].toIntVector());
        if (context->needs_input_grad(1))
            gradB = exactBmm(a3.transpose(1, 2), grad)
                        .reshape(context->saved_data["b_sizes"].toIntVector());
        return {gradA, gradB};
    }
};

} // namespace

at::Tensor exactBatchedMatmul(const at::Tensor &a, const at::Tensor &b)
{
    const std::int64_t rank = a.dim();
    bool same = rank >= 3 && b.dim() == rank && a.size(rank - 1) == b.size(rank - 2) &&
                exactBmmHasBlas() && a.scalar_type() == at::kFloat &&
                b.scalar_type() == at::kFloat && a.numel() > 0 && b.numel() > 0;
    for (std::int64_t i = 0; same && i < rank - 2; ++i)
        same = a.size(i) == b.size(i);
    if (!same)
        return at::matmul(a, b);
    return BatchedMatmul::apply(a, b);
}

} // namespace pelab
