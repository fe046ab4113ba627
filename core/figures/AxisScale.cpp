// SPDX-License-Identifier: MIT
#include "AxisScale.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pelab {

namespace {

const QChar minusSign(0x2212);

// The smallest round step that fits `maxTicks` ticks into `span`.
double niceStep(double span, int maxTicks, bool integers)
{
    const double raw = span / std::max(1, maxTicks - 1);
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (;; magnitude *= 10) {
        for (double mantissa : {1.0, 2.0, 2.5, 5.0}) {
            const double step = mantissa * magnitude;
            if (integers && (step < 1 || std::fmod(step, 1.0) != 0))
                continue;
            if (std::floor(span / step + 1e-9) + 1 <= maxTicks)
                return step;
        }
    }
}

// Label every 1, 2, 3, 5, 10, 20... decades, on multiples of the stride (10⁰, 10⁻⁵, 10⁻¹⁰).
int decadeStride(int decades, int maxTicks)
{
    for (int magnitude = 1; magnitude <= 1000; magnitude *= 10)
        for (int base : {1, 2, 3, 5})
            if ((decades + base * magnitude - 1) / (base * magnitude) <= maxTicks)
                return base * magnitude;
    return 10000;
}

int decimalsFor(double step)
{
    // The fewest decimals that tell the ticks apart: 0.25 needs 2, 0.2 needs 1.
    for (int decimals = 0; decimals < 12; ++decimals) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * scaled)
            return decimals;
    }
    return 12;
}

QString withMinus(QString text)
{
    if (text.startsWith(QLatin1Char('-')))
        text[0] = minusSign;
    return text;
}

} // namespace

QString formatTickNumber(double value, int decimals)
{
    QString text = QString::number(value, 'f', decimals);
    // "-0.0" is a rounding artefact, not a value.
    bool nonZero = false;
    for (QChar c : text)
        nonZero |= c.isDigit() && c != QLatin1Char('0');
    if (!nonZero && text.startsWith(QLatin1Char('-')))
        text.remove(0, 1);
    return withMinus(text);
}

AxisScale AxisScale::linear(double min, double max, int maxTicks, bool integers)
{
    AxisScale scale;
    if (!(max > min)) {
        // A flat series still gets a readable axis around its value.
        const double pad = std::abs(min) > 0 ? std::abs(min) * 0.1 : 1.0;
        min -= pad;
        max += pad;
    }
    scale.m_min = min;
    scale.m_max = max;
    scale.m_step = niceStep(max - min, std::max(2, maxTicks), integers);
    const double step = scale.m_step;
    const double first = std::ceil(min / step - 1e-9) * step;
    for (double tick = first; tick <= max + step * 1e-9; tick += step)
        scale.m_ticks.push_back(std::abs(tick) < step * 1e-9 ? 0.0 : tick);

    double largest = 0;
    for (double tick : scale.m_ticks)
        largest = std::max(largest, std::abs(tick));
    if (largest >= 1e4) {
        const double unit = largest >= 1e9 ? 1e9 : largest >= 1e6 ? 1e6 : 1e3;
        if (step / unit >= 0.01)
            scale.m_unit = unit;
    } else if (largest > 0 && largest < 1e-3) {
        scale.m_scientific = true;
    }
    return scale;
}

AxisScale AxisScale::logarithmic(double min, double max, int maxTicks)
{
    AxisScale scale;
    scale.m_log = true;
    if (!(min > 0))
        min = std::numeric_limits<double>::min();
    if (!(max > min))
        max = min * 10;
    scale.m_min = min;
    scale.m_max = max;
    const int low = int(std::ceil(std::log10(min) - 1e-9));
    const int high = int(std::floor(std::log10(max) + 1e-9));
    const auto inside = [&](double v) { return v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9); };

    const int decades = high - low + 1;
    if (decades >= 2) {
        const int stride = decadeStride(decades, std::max(2, maxTicks));
        for (int k = low; k <= high; ++k) {
            if (k % stride == 0)
                scale.m_ticks.push_back(std::pow(10.0, k));
            else
                scale.m_minorTicks.push_back(std::pow(10.0, k));
        }
        if (stride == 1)
            for (int k = low - 1; k <= high; ++k)
                for (int m = 2; m <= 9; ++m)
                    if (const double v = m * std::pow(10.0, k); inside(v))
                        scale.m_minorTicks.push_back(v);
    } else {
        // Less than two decades: label 1, 2 and 5 times each power of ten (all 1..9 if tight).
        for (const auto &mantissas : {std::vector<int>{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
            scale.m_ticks.clear();
            for (int k = low - 1; k <= high; ++k)
                for (int m : mantissas)
                    if (const double v = m * std::pow(10.0, k); inside(v))
                        scale.m_ticks.push_back(v);
            if (scale.m_ticks.size() >= 3)
                break;
        }
    }
    for (double tick : scale.m_ticks) {
        const double exponent = std::round(std::log10(tick));
        if (exponent < -3 || exponent > 3)
            scale.m_superscript = true;
    }
    return scale;
}

double AxisScale::fraction(double value) const
{
    if (m_log) {
        if (!(value > 0))
            return -std::numeric_limits<double>::infinity();
        return (std::log10(value) - std::log10(m_min)) / (std::log10(m_max) - std::log10(m_min));
    }
    return (value - m_min) / (m_max - m_min);
}

TickLabel AxisScale::label(double value) const
{
    if (m_log) {
        const int exponent = int(std::floor(std::log10(value) + 1e-9));
        const double mantissa = value / std::pow(10.0, exponent);
        const int digit = int(std::lround(mantissa));
        if (m_superscript) {
            const QString power = withMinus(QString::number(exponent));
            if (digit == 1)
                return {QStringLiteral("10"), power};
            return {QStringLiteral("%1\u00d710").arg(digit), power};
        }
        return {formatTickNumber(value, std::max(0, -exponent)), {}};
    }
    if (m_scientific) {
        QString text = QString::number(value, 'g', 3);
        text.replace(QLatin1String("e-0"), QLatin1String("e-"));
        text.replace(QLatin1String("e+0"), QLatin1String("e"));
        text.replace(QLatin1String("e-"), QStringLiteral("e") + minusSign);
        return {withMinus(text), {}};
    }
    if (m_unit > 1) {
        const QString suffix = m_unit == 1e9   ? QStringLiteral("G")
                               : m_unit == 1e6 ? QStringLiteral("M")
                                               : QStringLiteral("k");
        if (value == 0)
            return {QStringLiteral("0"), {}};
        return {formatTickNumber(value / m_unit, decimalsFor(m_step / m_unit)) + suffix, {}};
    }
    return {formatTickNumber(value, decimalsFor(m_step)), {}};
}

} // namespace pelab
