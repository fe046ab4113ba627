// SPDX-License-Identifier: MIT
#include "RunSummary.h"

namespace pelab {

RunSummary summarizeRun(const RunRecord &record)
{
    RunSummary summary;
    if (!record.losses.empty()) {
        summary.steps = record.losses.back().step;
        summary.finalLoss = record.losses.back().loss;
    }
    if (!record.validation.empty()) {
        summary.validationLoss = record.validation.back().loss;
        summary.validationAccuracy = record.validation.back().accuracy;
    }
    const Evaluation *longest = nullptr;
    for (const Evaluation &e : record.extrapolation)
        if (!longest || e.length > longest->length)
            longest = &e;
    if (longest) {
        summary.longestLength = longest->length;
        summary.longestLoss = longest->loss;
        summary.longestAccuracy = longest->accuracy;
    }
    return summary;
}

} // namespace pelab
