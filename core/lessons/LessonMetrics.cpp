// SPDX-License-Identifier: MIT
#include "LessonMetrics.h"

#include "figures/GradientFigure.h"
#include "lessons/TaskBaselines.h"

#include <cmath>
#include <numbers>

namespace pelab {

namespace {

// Losses and gradients of single steps are noisy: "final" means the mean of the last 20.
constexpr std::size_t finalWindow = 20;

std::optional<double> finalLoss(const RunRecord &r)
{
    if (r.losses.empty())
        return std::nullopt;
    const std::size_t n = std::min(finalWindow, r.losses.size());
    double sum = 0;
    for (std::size_t i = r.losses.size() - n; i < r.losses.size(); ++i)
        sum += r.losses[i].loss;
    return sum / double(n);
}

// The newest validation (at the run's own length).
const Evaluation *lastValidation(const RunRecord &r)
{
    return r.validation.empty() ? nullptr : &r.validation.back();
}

const Evaluation *extrapolationAt(const RunRecord &r, double length)
{
    for (const Evaluation &e : r.extrapolation)
        if (double(e.length) == length)
            return &e;
    return nullptr;
}

// The last block's gradient norm over the first block's at the last step: the inverse of
// what the gradient figure's caption states, so both give the same number.
std::optional<double> gradientRatio(const RunRecord &r)
{
    const auto ratio = firstToLastBlockRatio(r);
    return ratio && *ratio > 0 ? std::optional<double>(1 / *ratio) : std::nullopt;
}

std::optional<double> meanEntropy(const ProbePoint *point)
{
    if (!point)
        return std::nullopt;
    const NdArray entropy = point->values.value(QStringLiteral("attention_entropy"));
    if (entropy.values.empty())
        return std::nullopt;
    double sum = 0;
    for (double e : entropy.values)
        sum += e;
    return sum / double(entropy.values.size());
}

std::optional<double> initialResidual(const RunRecord &r, double layer)
{
    if (r.probes.empty() || r.probes.front().step != 0)
        return std::nullopt;
    const NdArray rank = r.probes.front().values.value(QStringLiteral("rank_residual"));
    const auto index = std::int64_t(layer) - 1;
    if (double(index + 1) != layer || index < 0 || index >= std::int64_t(rank.values.size()))
        return std::nullopt;
    return rank.values[std::size_t(index)];
}

std::optional<double> embeddingChange(const RunRecord &r)
{
    if (r.embedding.isEmpty() || r.embedding.rows != r.initialEmbedding.rows ||
        r.embedding.cols != r.initialEmbedding.cols)
        return std::nullopt;
    double change = 0;
    for (int i = 0; i < r.embedding.rows; ++i)
        for (int j = 0; j < r.embedding.cols; ++j)
            change = std::max(change, std::abs(double(r.embedding.at(i, j)) -
                                               double(r.initialEmbedding.at(i, j))));
    return change;
}

// The largest change since initialisation of the table's rows at positions training never
// reached (seq_len and beyond): 0 when they kept their random start.
std::optional<double> unseenRowsChange(const RunRecord &r)
{
    const int from = int(r.config.seqLen);
    if (r.embedding.rows <= from || r.embedding.rows != r.initialEmbedding.rows ||
        r.embedding.cols != r.initialEmbedding.cols)
        return std::nullopt;
    double change = 0;
    for (int i = from; i < r.embedding.rows; ++i)
        for (int j = 0; j < r.embedding.cols; ++j)
            change = std::max(change, std::abs(double(r.embedding.at(i, j)) -
                                               double(r.initialEmbedding.at(i, j))));
    return change;
}

// |Pearson correlation| of a table's first column with sin(2 pi t / L), t < L.
std::optional<double> sineCorrelation(const RunRecord &r, const Matrix &table)
{
    const std::int64_t n = r.config.seqLen;
    if (table.isEmpty() || table.rows < n || n < 2)
        return std::nullopt;
    double mx = 0, my = 0;
    std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
    for (std::int64_t t = 0; t < n; ++t) {
        x[std::size_t(t)] = double(table.at(int(t), 0));
        y[std::size_t(t)] = std::sin(2 * std::numbers::pi * double(t) / double(n));
        mx += x[std::size_t(t)] / double(n);
        my += y[std::size_t(t)] / double(n);
    }
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t t = 0; t < std::size_t(n); ++t) {
        sxy += (x[t] - mx) * (y[t] - my);
        sxx += (x[t] - mx) * (x[t] - mx);
        syy += (y[t] - my) * (y[t] - my);
    }
    if (sxx <= 0 || syy <= 0)
        return std::nullopt;
    return std::abs(sxy / std::sqrt(sxx * syy));
}

std::optional<double> headWeight(const RunRecord &r)
{
    for (auto it = r.snapshots.rbegin(); it != r.snapshots.rend(); ++it)
        if (it->head)
            return it->head->weight;
    return std::nullopt;
}

template <typename T>
std::optional<double> value(const T *pointer, std::optional<double> T::*member)
{
    return pointer ? pointer->*member : std::nullopt;
}

} // namespace

const std::vector<LessonMetric> &lessonMetrics()
{
    static const std::vector<LessonMetric> metrics{
        {"train_loss", true, 0, "train_loss(run)",
         "training loss at the end: the mean of the last 20 steps' losses"},
        {"first_loss", true, 0, "first_loss(run)", "the first step's training loss"},
        {"val_loss", true, 0, "val_loss(run)", "the newest validation loss"},
        {"val_accuracy", true, 0, "val_accuracy(run)", "the newest validation accuracy (0 to 1)"},
        {"gap", true, 0, "gap(run)", "val_loss(run) - train_loss(run): how much worse on new data"},
        {"grad_ratio", true, 0, "grad_ratio(run)",
         "the last block's gradient norm over the first block's, at the last step"},
        {"accuracy_at", true, 1, "accuracy_at(run, length)",
         "accuracy on held-out sequences of that evaluation length"},
        {"new_accuracy_at", true, 1, "new_accuracy_at(run, length)",
         "accuracy there on the positions beyond the training length only"},
        {"loss_at", true, 1, "loss_at(run, length)", "loss at that evaluation length"},
        {"entropy_start", true, 0, "entropy_start(run)",
         "attention entropy at initialisation, normalised (1 = uniform), mean of layers and heads"},
        {"entropy_end", true, 0, "entropy_end(run)", "the same at the newest probe"},
        {"residual", true, 1, "residual(run, layer)",
         "at initialisation, how far the hidden states after that layer (1 = the first) are "
         "from rank one: ||X - mean row|| / ||X||"},
        {"embedding_change", true, 0, "embedding_change(run)",
         "the largest change of any entry of the encoding table since initialisation"},
        {"unseen_rows_change", true, 0, "unseen_rows_change(run)",
         "the same for the rows of positions beyond the training length only (0: untouched)"},
        {"sine_correlation", true, 0, "sine_correlation(run)",
         "|correlation| of the table's first column with sin(2 pi t / L)"},
        {"sine_correlation_start", true, 0, "sine_correlation_start(run)",
         "the same for the table at initialisation"},
        {"head_weight", true, 0, "head_weight(run)", "the notebook's linear weight w at the end"},
        {"steps", true, 0, "steps(run)", "training steps done"},
        {"uniform_loss", true, 0, "uniform_loss(run)",
         "ln(vocab): the loss of guessing every symbol equally"},
        {"entropy_rate", true, 0, "entropy_rate(run)",
         "the markov task's entropy rate: the loss no model can beat"},
        {"marginal_loss", true, 0, "marginal_loss(run)",
         "the loss of predicting how often each target occurs, ignoring the input"},
        {"ln", false, 1, "ln(x)", "natural logarithm"},
        // The cost explorer's (lessons with a "cost" object; CostExplorer.h).
        {"time_exponent", false, 0, "time_exponent()",
         "attention's time grows as L to this power (fitted)"},
        {"memory_exponent", false, 0, "memory_exponent()",
         "attention's peak memory grows as L to this power (fitted)"},
        {"bytes_per_square", false, 0, "bytes_per_square()",
         "attention's peak memory over L^2 at the longest length measured"},
        {"attention_ms", false, 1, "attention_ms(length)",
         "one attention forward and backward at that length, in ms"},
        {"attention_mib", false, 1, "attention_mib(length)", "its peak memory there, in MiB"},
        {"longest", false, 0, "longest()", "the longest length the memory budget allowed"},
        {"family_ms", false, 1, "family_ms(length)",
         "the family's training step at that length, in ms"},
        {"family_exponent", false, 0, "family_exponent()",
         "the family's step time grows as L to this power (fitted)"},
    };
    return metrics;
}

const LessonMetric *findLessonMetric(const QString &name)
{
    for (const LessonMetric &metric : lessonMetrics())
        if (name == QLatin1String(metric.name))
            return &metric;
    return nullptr;
}

QString checkMetricCall(const MetricCall &call, const QStringList &runIds)
{
    const LessonMetric *metric = findLessonMetric(call.name);
    if (!metric) {
        QStringList names;
        for (const LessonMetric &m : lessonMetrics())
            names << QLatin1String(m.name);
        return QStringLiteral("unknown measurement \"%1\"; the measurements are %2")
            .arg(call.name, names.join(QStringLiteral(", ")));
    }
    const std::size_t expected = std::size_t(metric->numbers + (metric->takesRun ? 1 : 0));
    const QString usage = QLatin1String(metric->usage);
    if (call.arguments.size() != expected)
        return QStringLiteral("%1 takes %2 argument(s): %3")
            .arg(call.name)
            .arg(expected)
            .arg(usage);
    for (std::size_t i = 0; i < expected; ++i) {
        const bool run = metric->takesRun && i == 0;
        if (run != std::holds_alternative<QString>(call.arguments[i]))
            return QStringLiteral("%1: argument %2 must be %3 (%4)")
                .arg(call.name)
                .arg(i + 1)
                .arg(run ? QStringLiteral("a run id") : QStringLiteral("a number"), usage);
    }
    if (metric->takesRun) {
        const QString id = std::get<QString>(call.arguments[0]);
        if (!runIds.contains(id))
            return QStringLiteral("%1: no run has the id \"%2\"; the runs are %3")
                .arg(call.text(), id, runIds.join(QStringLiteral(", ")));
    }
    return {};
}

std::optional<double> measureMetric(const MetricCall &call,
                                    const QHash<QString, const RunRecord *> &records)
{
    const QString name = call.name;
    std::vector<double> numbers;
    const RunRecord *r = nullptr;
    for (const auto &argument : call.arguments) {
        if (std::holds_alternative<double>(argument))
            numbers.push_back(std::get<double>(argument));
        else
            r = records.value(std::get<QString>(argument));
    }
    if (name == QLatin1String("ln"))
        return numbers.size() == 1 && numbers[0] > 0 ? std::optional<double>(std::log(numbers[0]))
                                                     : std::nullopt;
    if (!r)
        return std::nullopt;
    const double arg = numbers.empty() ? 0 : numbers[0];
    if (name == QLatin1String("train_loss"))
        return finalLoss(*r);
    if (name == QLatin1String("first_loss"))
        return r->losses.empty() ? std::nullopt : std::optional<double>(r->losses.front().loss);
    if (name == QLatin1String("val_loss"))
        return lastValidation(*r) ? std::optional<double>(lastValidation(*r)->loss) : std::nullopt;
    if (name == QLatin1String("val_accuracy"))
        return value(lastValidation(*r), &Evaluation::accuracy);
    if (name == QLatin1String("gap")) {
        const auto train = finalLoss(*r);
        return train && lastValidation(*r)
                   ? std::optional<double>(lastValidation(*r)->loss - *train)
                   : std::nullopt;
    }
    if (name == QLatin1String("grad_ratio"))
        return gradientRatio(*r);
    if (name == QLatin1String("accuracy_at"))
        return value(extrapolationAt(*r, arg), &Evaluation::accuracy);
    if (name == QLatin1String("new_accuracy_at"))
        return value(extrapolationAt(*r, arg), &Evaluation::accuracyNewPositions);
    if (name == QLatin1String("loss_at"))
        return extrapolationAt(*r, arg) ? std::optional<double>(extrapolationAt(*r, arg)->loss)
                                        : std::nullopt;
    if (name == QLatin1String("entropy_start"))
        return meanEntropy(r->probes.empty() ? nullptr : &r->probes.front());
    if (name == QLatin1String("entropy_end"))
        return meanEntropy(r->probes.empty() ? nullptr : &r->probes.back());
    if (name == QLatin1String("residual"))
        return initialResidual(*r, arg);
    if (name == QLatin1String("embedding_change"))
        return embeddingChange(*r);
    if (name == QLatin1String("unseen_rows_change"))
        return unseenRowsChange(*r);
    if (name == QLatin1String("sine_correlation"))
        return sineCorrelation(*r, r->embedding);
    if (name == QLatin1String("sine_correlation_start"))
        return sineCorrelation(*r, r->initialEmbedding);
    if (name == QLatin1String("head_weight"))
        return headWeight(*r);
    if (name == QLatin1String("steps"))
        return r->losses.empty() ? 0.0 : double(r->losses.back().step);
    if (name == QLatin1String("uniform_loss"))
        return r->config.isRegression() ? std::nullopt
                                        : std::optional<double>(std::log(double(r->config.vocab)));
    if (name == QLatin1String("entropy_rate"))
        return markovEntropyRate(r->config);
    if (name == QLatin1String("marginal_loss"))
        return marginalLoss(r->config);
    return std::nullopt;
}

} // namespace pelab
