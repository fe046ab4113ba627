// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"

#include <QByteArray>

namespace pelab {

// `matrix` as a PyTorch .pt file: `torch.load` in Python gives a float32 tensor of shape
// [rows, cols] holding exactly these values (the same bytes torch.save writes).
QByteArray torchPickleFloat32(const Matrix &matrix);

} // namespace pelab
