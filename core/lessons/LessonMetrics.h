// SPDX-License-Identifier: MIT
#pragma once

#include "RunExport.h"
#include "lessons/LessonExpression.h"

#include <QHash>

#include <optional>
#include <vector>

namespace pelab {

// A measurement a lesson's sentences and checks may use. Each is computed from a run's own
// record (or from its task), never stated in advance.
struct LessonMetric {
    const char *name;
    bool takesRun;     // the first argument is a run's id
    int numbers;       // numeric arguments after it
    const char *usage; // "accuracy_at(run, length)"
    const char *meaning;
};

// Every metric, in the order README documents them.
const std::vector<LessonMetric> &lessonMetrics();
const LessonMetric *findLessonMetric(const QString &name);

// Empty when `call` names a known metric with the right arguments and its run is one of
// `runIds`; otherwise what is wrong, naming the metric.
QString checkMetricCall(const MetricCall &call, const QStringList &runIds);

// The metric's value; nothing when the run lacks what it needs (no validation, an
// evaluation length not measured, no attention layers...). `records` by run id.
std::optional<double> measureMetric(const MetricCall &call,
                                    const QHash<QString, const RunRecord *> &records);

} // namespace pelab
