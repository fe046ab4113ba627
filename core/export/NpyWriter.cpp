// SPDX-License-Identifier: MIT
#include "export/NpyWriter.h"

#include <QtEndian>

#include <cstring>
#include <string>

namespace pelab {

namespace {

// The format's magic string, then major and minor version.
constexpr char magic[] = "\x93NUMPY\x01\x00";
constexpr int magicSize = 8;
// NumPy aligns the data to 64 bytes (its ARRAY_ALIGN), so it can be memory-mapped.
constexpr int alignment = 64;

} // namespace

namespace {

QByteArray npy(const std::vector<std::int64_t> &shape, const float *values, std::size_t count)
{
    std::string dims;
    for (std::int64_t d : shape)
        dims += (dims.empty() ? "" : ", ") + std::to_string(d);
    if (shape.size() == 1)
        dims += ','; // a Python tuple of one: (3,)
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    // The preamble (magic + 2-byte length) and header end on a 64-byte boundary: pad with
    // spaces, terminated by a newline, as numpy itself writes it.
    const std::size_t preamble = magicSize + 2;
    const std::size_t unpadded = preamble + header.size() + 1;
    header.append((alignment - unpadded % alignment) % alignment, ' ');
    header += '\n';

    QByteArray out;
    out.reserve(qsizetype(preamble + header.size() + count * sizeof(float)));
    out.append(magic, magicSize);
    char length[2];
    qToLittleEndian<quint16>(quint16(header.size()), length);
    out.append(length, 2);
    out.append(header.data(), qsizetype(header.size()));
    for (std::size_t i = 0; i < count; ++i) {
        quint32 bits = 0;
        std::memcpy(&bits, &values[i], sizeof bits);
        char bytes[4];
        qToLittleEndian<quint32>(bits, bytes);
        out.append(bytes, 4);
    }
    return out;
}

} // namespace

QByteArray npyFloat32(const Matrix &matrix)
{
    return npy({matrix.rows, matrix.cols}, matrix.values.data(), matrix.values.size());
}

QByteArray npyFloat32(const NdArray &array)
{
    // The values came from float32 tensors, so the conversion back is exact.
    std::vector<float> values(array.values.begin(), array.values.end());
    return npy(array.shape, values.data(), values.size());
}

} // namespace pelab
