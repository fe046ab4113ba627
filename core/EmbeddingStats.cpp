// SPDX-License-Identifier: MIT
#include "EmbeddingStats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pelab {

namespace {
constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

bool allFinite(std::span<const double> values)
{
    return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

double mean(std::span<const double> values)
{
    double sum = 0;
    for (double v : values)
        sum += v;
    return sum / double(values.size());
}
} // namespace

bool isWellFormed(const Matrix &matrix)
{
    return matrix.rows >= 0 && matrix.cols >= 0 &&
           matrix.values.size() == std::size_t(matrix.rows) * std::size_t(matrix.cols);
}

void ValueRange::include(const ValueRange &other)
{
    if (!other.valid)
        return;
    if (!valid) {
        *this = other;
        return;
    }
    min = std::min(min, other.min);
    max = std::max(max, other.max);
}

ValueRange valueRange(const Matrix &matrix)
{
    ValueRange range;
    for (float v : matrix.values) {
        if (!std::isfinite(v))
            continue;
        range.include({v, v, true});
    }
    return range;
}

Matrix difference(const Matrix &a, const Matrix &b)
{
    if (a.rows != b.rows || a.cols != b.cols || !isWellFormed(a) || !isWellFormed(b))
        return {};
    Matrix result{a.rows, a.cols, std::vector<float>(a.values.size())};
    for (std::size_t i = 0; i < a.values.size(); ++i)
        result.values[i] = a.values[i] - b.values[i];
    return result;
}

Matrix transposed(const Matrix &matrix)
{
    if (!isWellFormed(matrix))
        return {};
    Matrix result{matrix.cols, matrix.rows, std::vector<float>(matrix.values.size())};
    for (int row = 0; row < matrix.rows; ++row)
        for (int col = 0; col < matrix.cols; ++col)
            result.values[std::size_t(col) * matrix.rows + row] = matrix.at(row, col);
    return result;
}

std::vector<double> column(const Matrix &matrix, int col)
{
    if (col < 0 || col >= matrix.cols || !isWellFormed(matrix))
        return {};
    std::vector<double> values(std::size_t(matrix.rows));
    for (int row = 0; row < matrix.rows; ++row)
        values[std::size_t(row)] = matrix.at(row, col);
    return values;
}

Matrix cosineSimilarity(const Matrix &matrix)
{
    if (!isWellFormed(matrix) || matrix.isEmpty())
        return {};
    const int n = matrix.rows;
    // Accumulate in double: long rows of floats lose digits otherwise.
    std::vector<double> norms(std::size_t(n), 0.0);
    for (int i = 0; i < n; ++i) {
        double sum = 0;
        for (int k = 0; k < matrix.cols; ++k)
            sum += double(matrix.at(i, k)) * matrix.at(i, k);
        norms[std::size_t(i)] = std::sqrt(sum);
    }
    Matrix result{n, n, std::vector<float>(std::size_t(n) * n, 0.0f)};
    for (int i = 0; i < n; ++i) {
        for (int j = i; j < n; ++j) {
            const double denominator = norms[std::size_t(i)] * norms[std::size_t(j)];
            double dot = 0;
            for (int k = 0; k < matrix.cols; ++k)
                dot += double(matrix.at(i, k)) * matrix.at(j, k);
            const double similarity =
                denominator > 0 ? std::clamp(dot / denominator, -1.0, 1.0) : 0.0;
            result.values[std::size_t(i) * n + j] = float(similarity);
            result.values[std::size_t(j) * n + i] = float(similarity);
        }
    }
    return result;
}

double pearsonCorrelation(std::span<const double> a, std::span<const double> b)
{
    if (a.size() != b.size() || a.size() < 2 || !allFinite(a) || !allFinite(b))
        return notANumber;
    const double meanA = mean(a);
    const double meanB = mean(b);
    double covariance = 0, varianceA = 0, varianceB = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double da = a[i] - meanA;
        const double db = b[i] - meanB;
        covariance += da * db;
        varianceA += da * da;
        varianceB += db * db;
    }
    if (varianceA <= 0 || varianceB <= 0)
        return notANumber;
    return std::clamp(covariance / std::sqrt(varianceA * varianceB), -1.0, 1.0);
}

AffineFit fitAffine(std::span<const double> source, std::span<const double> target)
{
    if (source.size() != target.size() || source.empty() || !allFinite(source) ||
        !allFinite(target))
        return {notANumber, notANumber};
    const double meanS = mean(source);
    const double meanT = mean(target);
    double covariance = 0, varianceS = 0;
    for (std::size_t i = 0; i < source.size(); ++i) {
        covariance += (source[i] - meanS) * (target[i] - meanT);
        varianceS += (source[i] - meanS) * (source[i] - meanS);
    }
    if (varianceS <= 0)
        return {0, meanT};
    const double a = covariance / varianceS;
    return {a, meanT - a * meanS};
}

} // namespace pelab
