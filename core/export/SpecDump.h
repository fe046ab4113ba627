// SPDX-License-Identifier: MIT
#pragma once

#include "RunExport.h"

#include <QByteArray>

namespace pelab {

// The JSON the specification's `family.py --dump FILE` writes, for the same run: every
// step's loss, the validation and extrapolation figures, the final parameters (flattened,
// named_parameters() order) and the training time; floats as Python's repr, NaN as NaN.
QByteArray specDumpJson(const RunRecord &record, double trainSeconds);

// A float as Python's json module writes it: repr, or NaN / Infinity / -Infinity.
std::string jsonFloat(double value);

} // namespace pelab
