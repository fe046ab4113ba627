// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "RunData.h"

#include <QByteArray>

namespace pelab {

// `matrix` as a PyTorch .pt file: `torch.load` in Python gives a float32 tensor of shape
// [rows, cols] holding exactly these values (the same bytes torch.save writes).
QByteArray torchPickleFloat32(const Matrix &matrix);

// A model's state_dict as torch.save writes it: `torch.load` gives a dict of float32 tensors
// under these names, in this order, that `load_state_dict(strict=True)` accepts.
QByteArray torchPickleStateDict(const std::vector<NamedArray> &entries);

} // namespace pelab
