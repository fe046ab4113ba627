// SPDX-License-Identifier: MIT
#include "EmaSmoother.h"

#include <algorithm>
#include <cmath>

namespace pelab {

EmaSmoother::EmaSmoother(double weight)
    : m_weight(std::isfinite(weight) ? std::clamp(weight, 0.0, maxWeight) : 0.0)
{}

void EmaSmoother::reset()
{
    m_accumulated = 0;
    m_weightPower = 1;
}

double EmaSmoother::add(double value)
{
    if (!std::isfinite(value))
        return value;
    m_accumulated = m_accumulated * m_weight + (1 - m_weight) * value;
    m_weightPower *= m_weight;
    return m_accumulated / (1 - m_weightPower);
}

std::vector<double> EmaSmoother::smooth(std::span<const double> values, double weight)
{
    EmaSmoother smoother(weight);
    std::vector<double> smoothed;
    smoothed.reserve(values.size());
    for (double value : values)
        smoothed.push_back(smoother.add(value));
    return smoothed;
}

} // namespace pelab
