// SPDX-License-Identifier: MIT
// The causal mask of attention scores as one plain loop: what s.masked_fill(j > i, -inf) and
// its backward (grad.masked_fill(j > i, 0)) compute, without the broadcast boolean mask and
// TensorIterator. Only constants are written, so the bits are ATen's by construction.
// Include torch: core's .cpp files only.
#pragma once

#include <ATen/core/Tensor.h>

namespace pelab {

// scores [..., T, T] (float): a new contiguous tensor, -inf where key j > query i, with
// autograd (the gradient is the incoming one with zeros there, also contiguous, as ATen's
// masked_fill gives it). Other dtypes or shapes go to ATen's masked_fill.
at::Tensor causalMaskFill(const at::Tensor &scores);

} // namespace pelab
