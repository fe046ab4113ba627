// SPDX-License-Identifier: MIT
#pragma once

#include "RunExport.h"

#include <optional>

namespace pelab {

// A run's key figures, as the runs list and a comparison's summary.csv show them.
struct RunSummary {
    std::int64_t steps = 0;
    std::optional<double> finalLoss;           // the last step's training loss
    std::optional<double> validationLoss;      // the newest validation
    std::optional<double> validationAccuracy;  // token tasks
    std::optional<std::int64_t> longestLength; // the longest evaluation length measured
    std::optional<double> longestAccuracy;     // accuracy there (token tasks)
    std::optional<double> longestLoss;
};

RunSummary summarizeRun(const RunRecord &record);

} // namespace pelab
