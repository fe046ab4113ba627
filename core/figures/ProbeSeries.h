// SPDX-License-Identifier: MIT
#pragma once

#include "RunExport.h"

#include <QPointF>

#include <functional>
#include <vector>

namespace pelab {

// (step, value) for every probe of the run that has `measurement`, the value reduced from
// its array by `reduce` (which may return NaN to leave a probe out).
std::vector<QPointF> probeSeries(const RunRecord &record, const QString &measurement,
                                 const std::function<double(const NdArray &)> &reduce);

// The mean over heads of layer `layer` of a [layers, heads] measurement.
double layerMean(const NdArray &perHead, std::int64_t layer);

// The newest probe's value of `measurement` (record.latest, else the last probe), or null.
const NdArray *latestMeasurement(const RunRecord &record, const QString &measurement);
// The probe at initialisation's value, or null.
const NdArray *initialMeasurement(const RunRecord &record, const QString &measurement);

} // namespace pelab
