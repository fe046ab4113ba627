// SPDX-License-Identifier: MIT
// The attention's split of qkv(x) into heads, as the operands its matmuls copy them to, in one
// pass each way. Include torch: core's .cpp files only.
#pragma once

#include <ATen/core/Tensor.h>

#include <array>

namespace pelab {

// qkv [B, T, 3 * H * dh] (the output of the qkv projection) -> {q3 [B*H, T, dh], kT3 [B*H,
// dh, T], v3 [B*H, T, dh]}, fresh contiguous tensors, with autograd. These are exactly the
// tensors at::matmul(q, k.transpose(-1, -2)) and at::matmul(p, v) build from the spec's
// view(B, T, 3, H, dh).permute(2, 0, 3, 1, 4) unbind (its reshape copies them, when B > 1
// and H > 1: headSplitApplies()), and the gradient is the one the unbind / permute / view
// backward nodes assemble: a contiguous [B, T, 3 * H * dh] holding each part's gradient in
// its place. Only copies: the bits are ATen's by construction.
std::array<at::Tensor, 3> splitHeads(const at::Tensor &qkv, std::int64_t heads);

// Whether matmul would copy (not view) q, k^T and v for these sizes, so splitHeads applies.
bool headSplitApplies(const at::Tensor &qkv, std::int64_t heads);

} // namespace pelab
