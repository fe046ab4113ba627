// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <vector>

namespace pelab {

// A tick label, with an optional superscript exponent: {"10", "−3"} draws 10⁻³.
struct TickLabel {
    QString text;
    QString exponent;
};

// Maps data values on one axis to [0, 1] and chooses ticks at round numbers
// (1, 2, 2.5 or 5 times a power of ten, or decades on a log axis), as matplotlib does.
class AxisScale {
public:
    AxisScale() = default;
    // Ticks inside [min, max]; at most `maxTicks` of them; `integers` keeps the step >= 1.
    static AxisScale linear(double min, double max, int maxTicks = 7, bool integers = false);
    // min and max must be > 0.
    static AxisScale logarithmic(double min, double max, int maxTicks = 8);

    double min() const { return m_min; }
    double max() const { return m_max; }
    bool isLog() const { return m_log; }
    // 0 at min, 1 at max; values outside extrapolate, non-positive ones on a log axis give -inf.
    double fraction(double value) const;

    const std::vector<double> &ticks() const { return m_ticks; }
    const std::vector<double> &minorTicks() const { return m_minorTicks; }
    TickLabel label(double value) const;

private:
    double m_min = 0;
    double m_max = 1;
    bool m_log = false;
    double m_step = 1;          // linear: the tick step
    double m_unit = 1;          // linear: 1e3 for "k" labels, 1e6 for "M"...
    bool m_scientific = false;  // linear: tiny values
    bool m_superscript = false; // log: decades as 10^k
    std::vector<double> m_ticks;
    std::vector<double> m_minorTicks;
};

// Locale-independent, with a real minus sign (U+2212) as typeset figures use.
QString formatTickNumber(double value, int decimals);

} // namespace pelab
