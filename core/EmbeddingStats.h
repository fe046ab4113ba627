// SPDX-License-Identifier: MIT
#pragma once

#include "Matrix.h"

#include <span>
#include <vector>

namespace pelab {

// Plain arithmetic on embeddings for the views and exports: no torch, no Qt. Non-finite
// values are skipped by the range and treated as "no answer" (NaN) by the statistics.

// A matrix is well formed when its values fill rows x cols exactly.
bool isWellFormed(const Matrix &matrix);

struct ValueRange {
    double min = 0;
    double max = 0;
    bool valid = false; // false when there was no finite value

    // Widens this range to hold `other` (an invalid range changes nothing).
    void include(const ValueRange &other);
    bool operator==(const ValueRange &) const = default;
};

// The smallest and largest finite values of the matrix.
ValueRange valueRange(const Matrix &matrix);

// Element-wise a - b; empty when the shapes differ.
Matrix difference(const Matrix &a, const Matrix &b);

// Rows become columns: a [positions, width] embedding drawn with positions along x.
Matrix transposed(const Matrix &matrix);

// One column as doubles (empty when out of range).
std::vector<double> column(const Matrix &matrix, int col);

// rows x rows cosine similarity of the matrix's rows. A pair involving an all-zero row has
// no direction, so its similarity is reported as 0 (including the row with itself).
Matrix cosineSimilarity(const Matrix &matrix);

// Pearson correlation of two equally long series; NaN when they differ in length, have fewer
// than 2 points, hold a non-finite value, or either is constant.
double pearsonCorrelation(std::span<const double> a, std::span<const double> b);

// Least-squares fit target ≈ a * source + c. A constant source gives a = 0 and c = the
// target's mean; mismatched or empty input gives NaN for both.
struct AffineFit {
    double a = 0;
    double c = 0;

    double operator()(double s) const { return a * s + c; }
};
AffineFit fitAffine(std::span<const double> source, std::span<const double> target);

} // namespace pelab
