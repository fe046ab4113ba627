// SPDX-License-Identifier: MIT
#pragma once

#include <QMap>
#include <QString>

#include <cstdint>
#include <vector>

namespace pelab {

// A dense row-major array with a shape: how core hands a measurement to views and exporters
// (attention [layers, heads, L, L], entropy [layers, heads], ...). Values are doubles so a
// float32 from a tensor and a double from a reduction both travel exactly.
struct NdArray {
    std::vector<std::int64_t> shape;
    std::vector<double> values;

    std::int64_t size() const
    {
        std::int64_t n = 1;
        for (std::int64_t s : shape)
            n *= s;
        return n;
    }
    bool isEmpty() const { return values.empty(); }
    double at(std::initializer_list<std::int64_t> index) const
    {
        std::int64_t offset = 0;
        std::size_t axis = 0;
        for (std::int64_t i : index)
            offset = offset * shape[axis++] + i;
        return values[std::size_t(offset)];
    }
    bool operator==(const NdArray &) const = default;
};

// Measurements by name: "attention", "attention_entropy", "attention_distance",
// "rank_residual", "accuracy_per_position", ... (see TrainingSession.h for each shape).
using Measurements = QMap<QString, NdArray>;

} // namespace pelab
