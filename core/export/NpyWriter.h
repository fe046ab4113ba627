// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"
#include "NdArray.h"

#include <QByteArray>

namespace pelab {

// `matrix` as a NumPy .npy file (format version 1.0): little-endian float32 ('<f4'),
// C order, shape (rows, cols), so that numpy.load gives back exactly these values.
QByteArray npyFloat32(const Matrix &matrix);
// An N-d array as float32 .npy, with its shape.
QByteArray npyFloat32(const NdArray &array);

} // namespace pelab
