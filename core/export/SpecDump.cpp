// SPDX-License-Identifier: MIT
#include "export/SpecDump.h"

#include "PythonFloat.h"

#include <cmath>
#include <string>

namespace pelab {

std::string jsonFloat(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "Infinity" : "-Infinity";
    return pythonFloatRepr(value);
}

namespace {

std::string evaluationJson(const char *key, std::int64_t keyValue, const Evaluation &e)
{
    std::string out = std::string("{\"") + key + "\": " + std::to_string(keyValue) +
                      ", \"loss\": " + jsonFloat(e.loss);
    if (e.accuracy)
        out += ", \"accuracy\": " + jsonFloat(*e.accuracy);
    if (e.accuracyNewPositions)
        out += ", \"accuracy_new_positions\": " + jsonFloat(*e.accuracyNewPositions);
    return out + "}";
}

template <typename T, typename F> std::string list(const std::vector<T> &items, F &&item)
{
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += item(items[i]);
    }
    return out + "]";
}

} // namespace

QByteArray specDumpJson(const RunRecord &record, double trainSeconds)
{
    std::string out = "{\"losses\": ";
    out += list(record.losses, [](const LossPoint &p) { return jsonFloat(p.loss); });
    out += ", \"validation\": ";
    out += list(record.validation,
                [](const Evaluation &e) { return evaluationJson("step", e.step, e); });
    out += ", \"extrapolation\": ";
    out += list(record.extrapolation,
                [](const Evaluation &e) { return evaluationJson("length", e.length, e); });
    out += ", \"parameters\": {";
    bool first = true;
    for (const NamedArray &entry : record.stateDict) {
        if (entry.buffer)
            continue;
        out += first ? "\"" : ", \"";
        first = false;
        out += entry.name.toStdString() + "\": ";
        out += list(entry.array.values, [](double v) { return jsonFloat(v); });
    }
    out += "}, \"train_seconds\": " + jsonFloat(trainSeconds) + "}";
    return QByteArray::fromStdString(out);
}

} // namespace pelab
