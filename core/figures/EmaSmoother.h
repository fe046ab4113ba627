// SPDX-License-Identifier: MIT
#pragma once

#include <span>
#include <vector>

namespace pelab {

// TensorBoard's debiased exponential moving average. A plain EMA started at 0 drags the
// first values toward 0; dividing by 1 - w^n (n = finite values seen) removes that bias, so
// the smoothed curve starts on the data. Non-finite values pass through unsmoothed and do not
// poison the average, as in TensorBoard.
class EmaSmoother {
public:
    static constexpr double maxWeight = 0.999;

    explicit EmaSmoother(double weight = 0);

    double weight() const { return m_weight; }
    // Starts over with no values seen.
    void reset();
    // Feeds the next value, returns its smoothed value.
    double add(double value);

    // Smooths a whole series at once (the same as add() on each value in order).
    static std::vector<double> smooth(std::span<const double> values, double weight);

private:
    double m_weight = 0;
    double m_accumulated = 0;
    double m_weightPower = 1; // w^n, kept incrementally
};

} // namespace pelab
