// SPDX-License-Identifier: MIT
#include "PlotTicks.h"

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {
double niceStep(double span, int maxTicks)
{
    const double raw = span / std::max(1, maxTicks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw * (1 - 1e-9))
            return factor * magnitude;
    }
    return 10 * magnitude;
}

QString withMinusSign(QString text)
{
    if (text.startsWith(QLatin1Char('-')))
        text.replace(0, 1, QChar(0x2212));
    return text;
}
} // namespace

NiceTicks niceTicks(double lo, double hi, int maxTicks)
{
    NiceTicks ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo)
        return ticks;
    ticks.step = niceStep(hi - lo, maxTicks);
    const double first = std::ceil(lo / ticks.step - 1e-9) * ticks.step;
    for (double v = first; v <= hi + ticks.step * 1e-9; v += ticks.step)
        ticks.values.push_back(std::abs(v) < ticks.step * 1e-9 ? 0.0 : v);
    return ticks;
}

NiceRange niceRange(double lo, double hi, int maxTicks)
{
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return {};
    if (hi <= lo) {
        const double pad = std::max(std::abs(lo) * 0.1, 0.5);
        lo -= pad;
        hi += pad;
    }
    const double step = niceStep(hi - lo, maxTicks);
    return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

int indexTickStep(double itemPixels, double labelPixels)
{
    if (!(itemPixels > 0))
        return 1;
    for (int magnitude = 1;; magnitude *= 10) {
        for (int factor : {1, 2, 5}) {
            if (factor * magnitude * itemPixels >= labelPixels || magnitude > 100'000'000)
                return factor * magnitude;
        }
    }
}

QString tickLabel(double value, double step)
{
    const int decimals = step > 0 ? std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 12) : 2;
    return withMinusSign(QString::number(value, 'f', decimals));
}

QString formatValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    return withMinusSign(QString::number(value, 'g', 4));
}

} // namespace pelab
