// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace pelab {

// A dense row-major float matrix: how core hands tensors to the rest of the program.
struct Matrix {
    int rows = 0;
    int cols = 0;
    std::vector<float> values;

    float at(int row, int col) const { return values[std::size_t(row) * cols + col]; }
    bool isEmpty() const { return values.empty(); }
    bool operator==(const Matrix &) const = default;
};

} // namespace pelab
