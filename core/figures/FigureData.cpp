// SPDX-License-Identifier: MIT
#include "FigureData.h"

#include "PythonFloat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pelab {

FigureData figureDataFor(const RunRecord &record)
{
    FigureData data;
    data.config = record.config;
    data.losses = record.losses;
    data.embedding = record.embedding;
    data.initialEmbedding = record.initialEmbedding;
    data.targetSignal = record.targetSignal;
    data.run = &record;
    // The seed's linear layer, one weight and one bias, as the run ended.
    const auto scalar = [&](const QString &name) -> std::optional<double> {
        for (const NamedArray &entry : record.stateDict)
            if (entry.name == name && entry.array.values.size() == 1)
                return entry.array.values.front();
        return std::nullopt;
    };
    const auto weight = scalar(QStringLiteral("head.weight"));
    const auto bias = scalar(QStringLiteral("head.bias"));
    if (weight && bias)
        data.head = LinearHead{*weight, *bias};
    return data;
}

namespace {

// How the optimizers are written in papers, with the settings that only they use.
QString optimizerCaption(const TrainingConfig &c)
{
    switch (c.optimizer) {
    case OptimizerKind::Adam:
        return QStringLiteral("Adam");
    case OptimizerKind::AdamW:
        return QStringLiteral("AdamW (weight decay %1)")
            .arg(formatPythonFloat(c.effectiveWeightDecay()));
    case OptimizerKind::Sgd:
        return QStringLiteral("SGD (momentum %1)").arg(formatPythonFloat(c.momentum));
    }
    return {};
}

} // namespace

TableWindow tableWindow(const TableDisplay &display, int rows, int cols)
{
    TableWindow window;
    window.positions = display.positions > 0 ? std::min(display.positions, rows) : rows;
    window.firstPosition = std::clamp(display.firstPosition, 0, rows - window.positions);
    window.dimensions = display.dimensions > 0 ? std::min(display.dimensions, cols) : cols;
    window.firstDimension = std::clamp(display.firstDimension, 0, cols - window.dimensions);
    return window;
}

bool lossUsesLogScale(const FigureData &data)
{
    double max = -std::numeric_limits<double>::infinity();
    double minPositive = std::numeric_limits<double>::infinity();
    for (const LossPoint &point : data.losses) {
        if (!std::isfinite(point.loss))
            continue;
        max = std::max(max, point.loss);
        if (point.loss > 0)
            minPositive = std::min(minPositive, point.loss);
    }
    switch (data.lossScale) {
    case LossScale::Linear:
        return false;
    case LossScale::Log:
        return std::isfinite(minPositive);
    case LossScale::Auto:
        return std::isfinite(minPositive) && max / minPositive > 100;
    }
    return false;
}

std::vector<EpochSummary> epochSummaries(const std::vector<LossPoint> &losses)
{
    std::vector<EpochSummary> epochs;
    double sum = 0;
    std::int64_t count = 0;
    for (std::size_t i = 0; i < losses.size(); ++i) {
        sum += losses[i].loss;
        ++count;
        const bool last = i + 1 == losses.size() || losses[i + 1].epoch != losses[i].epoch;
        if (last) {
            epochs.push_back({losses[i].epoch, losses[i].loss, sum / double(count)});
            sum = 0;
            count = 0;
        }
    }
    return epochs;
}

QString figureCaption(const FigureData &data)
{
    // A window's view before any run: no settings to name yet (the embedding views hold
    // no record, only their table).
    if (data.run && data.run->losses.empty() && data.run->probes.empty())
        return {};
    if (!data.run && data.losses.empty() && data.embedding.isEmpty())
        return {};
    return data.caption ? configCaption(data.config) : QString();
}

QString configCaption(const TrainingConfig &c, const QStringList &omit)
{
    const QString dot = QStringLiteral("  \u00b7  ");
    QStringList parts;
    // Each part names the settings it shows: a part showing an omitted one is left out.
    const auto add = [&](std::initializer_list<const char *> keys, const QString &text) {
        for (const char *key : keys)
            if (omit.contains(QLatin1String(key)))
                return;
        parts << text;
    };
    add({"task"}, QStringLiteral("task %1").arg(taskName(c.task)));
    add({"seed"}, QStringLiteral("seed %1").arg(c.seed));
    add({"optimizer", "momentum", "weight_decay"}, optimizerCaption(c));
    add({"lr"}, QStringLiteral("lr %1").arg(formatPythonFloat(c.learningRate)));
    add({"batch_size"}, QStringLiteral("batch size %1").arg(c.batchSize));
    add({"epochs"}, QStringLiteral("%1 epoch%2").arg(c.epochs).arg(c.epochs == 1 ? "" : "s"));
    add({"seq_len", "width"}, QStringLiteral("L = %1, d = %2").arg(c.seqLen).arg(c.width));
    if (c.layers > 0)
        add({"layers", "heads", "norm", "residual", "causal"},
            QStringLiteral("%1 layer%2, %3 head%4, %5 norm%6%7")
                .arg(c.layers)
                .arg(c.layers == 1 ? "" : "s")
                .arg(c.heads)
                .arg(c.heads == 1 ? "" : "s")
                .arg(normName(c.norm))
                .arg(c.residual ? QString() : QStringLiteral(", no residual"))
                .arg(c.causal ? QStringLiteral(", causal") : QString()));
    if (c.layers > 0 || c.encoding != EncodingKind::Learned)
        add({"encoding"}, QStringLiteral("encoding %1").arg(encodingName(c.encoding)));
    return parts.join(dot);
}

} // namespace pelab
