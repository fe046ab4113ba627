// SPDX-License-Identifier: MIT
// Batched matrix products that give ATen's bits with less of its overhead. ATen 1.13 without
// MKL computes bmm of [b, n, k] x [b, k, m] with k * n * m >= 400 as one BLAS sgemm_ per
// batch item, each behind a select() of every operand and addmm's checks: for the attention
// of small models (b = batch x heads, n = m = sequence length) that overhead is most of the
// product's time. exactBmm() calls the same sgemm_, with the same arguments ATen would pass,
// straight from a loop; anything else (other dtypes, the small-size kernel, layouts that
// ATen would copy first) goes to at::bmm itself. Include torch: core's .cpp files only.
#pragma once

#include <ATen/core/Tensor.h>

namespace pelab {

// at::bmm(a, b), the same bits, without autograd (call it under no-grad or in a backward).
at::Tensor exactBmm(const at::Tensor &a, const at::Tensor &b);

// at::matmul(a, b) for two tensors of the same rank >= 3 with equal batch dimensions (the
// attention's q @ k^T and p @ v), with autograd: the same forward and gradients, bit for bit,
// as ATen's expand / reshape / bmm / _unsafe_view graph. Other shapes go to at::matmul.
at::Tensor exactBatchedMatmul(const at::Tensor &a, const at::Tensor &b);

// Whether exactBmm() reaches the BLAS directly here (false: it always defers to at::bmm).
bool exactBmmHasBlas();

} // namespace pelab
