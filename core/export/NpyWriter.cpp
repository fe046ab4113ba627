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

QByteArray npyFloat32(const Matrix &matrix)
{
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(matrix.rows) + ", " + std::to_string(matrix.cols) + "), }";
    // The preamble (magic + 2-byte length) and header end on a 64-byte boundary: pad with
    // spaces, terminated by a newline, as numpy itself writes it.
    const std::size_t preamble = magicSize + 2;
    const std::size_t unpadded = preamble + header.size() + 1;
    header.append((alignment - unpadded % alignment) % alignment, ' ');
    header += '\n';

    QByteArray out;
    out.reserve(qsizetype(preamble + header.size() + matrix.values.size() * sizeof(float)));
    out.append(magic, magicSize);
    char length[2];
    qToLittleEndian<quint16>(quint16(header.size()), length);
    out.append(length, 2);
    out.append(header.data(), qsizetype(header.size()));
    for (const float value : matrix.values) {
        quint32 bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        char bytes[4];
        qToLittleEndian<quint32>(bits, bytes);
        out.append(bytes, 4);
    }
    return out;
}

} // namespace pelab
