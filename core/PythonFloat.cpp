// SPDX-License-Identifier: MIT
#include "PythonFloat.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace pelab {

std::string pythonFloatRepr(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";

    // Shortest round-trip digits, read back from scientific form: d[.ddd]e[+-]xx.
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string_view text(buffer, std::size_t(result.ptr - buffer));
    const std::size_t ePos = text.find('e');
    std::string_view mantissa = text.substr(0, ePos);
    const int exponent = std::atoi(std::string(text.substr(ePos + 1)).c_str());

    std::string out;
    if (!mantissa.empty() && mantissa.front() == '-') {
        out += '-';
        mantissa.remove_prefix(1);
    }
    std::string digits;
    for (char c : mantissa)
        if (c != '.')
            digits += c;

    // Python's rule (format_float_short, repr mode): decpt = exponent + 1; scientific
    // notation when decpt <= -4 or decpt > 16.
    const int decpt = exponent + 1;
    if (decpt <= -4 || decpt > 16) {
        out += digits[0];
        if (digits.size() > 1) {
            out += '.';
            out.append(digits, 1, std::string::npos);
        }
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += exp;
        return out;
    }
    if (decpt <= 0) {
        out += "0.";
        out.append(std::size_t(-decpt), '0');
        out += digits;
    } else if (std::size_t(decpt) >= digits.size()) {
        out += digits;
        out.append(std::size_t(decpt) - digits.size(), '0');
        out += ".0";
    } else {
        out.append(digits, 0, std::size_t(decpt));
        out += '.';
        out.append(digits, std::size_t(decpt), std::string::npos);
    }
    return out;
}

QString formatPythonFloat(double value)
{
    return QString::fromStdString(pythonFloatRepr(value));
}

bool parseDouble(const QString &text, double *out, bool *outOfRange)
{
    if (outOfRange)
        *outOfRange = false;
    const QByteArray bytes = text.trimmed().toLatin1();
    if (bytes.isEmpty())
        return false;
    const char *begin = bytes.constData();
    const char *end = begin + bytes.size();
    double value = 0;
    const char *start = begin + (*begin == '+' ? 1 : 0);
    const auto result = std::from_chars(start, end, value);
    if (result.ec == std::errc::result_out_of_range && result.ptr == end && outOfRange)
        *outOfRange = true;
    if (result.ec != std::errc() || result.ptr != end)
        return false;
    *out = value;
    return true;
}

} // namespace pelab
