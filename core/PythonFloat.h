// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <string>

namespace pelab {

// Python's repr() of a float: the shortest decimal that round-trips the double, laid out as
// Python does (fixed for decimal exponents -4 <= e < 16, else scientific with a two-digit
// exponent; integral values keep ".0"; "nan", "inf", "-inf"). Locale-independent.
std::string pythonFloatRepr(double value);
QString formatPythonFloat(double value);

// Parses a decimal number in the C locale, the whole text or nothing. `outOfRange` (if
// given) tells a well-formed number too large or too small for a double from a typo.
bool parseDouble(const QString &text, double *out, bool *outOfRange = nullptr);

} // namespace pelab
