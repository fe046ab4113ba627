// SPDX-License-Identifier: MIT
#include "ComparisonFigure.h"

#include "EmaSmoother.h"
#include "FigureFrame.h"
#include "FigureWriter.h"
#include "GradientFigure.h"
#include "LineChart.h"
#include "ProbeSeries.h"

#include <QPainter>

#include <cmath>
#include <limits>

namespace pelab {

namespace {

bool anyRun(const ComparisonData &data, const std::function<bool(const RunRecord &)> &has)
{
    for (const ComparedRun &run : data.runs)
        if (run.record && has(*run.record))
            return true;
    return false;
}

// The value every run shares, or nothing when they differ.
template <typename Get> auto sharedValue(const ComparisonData &data, Get get)
{
    std::optional<decltype(get(TrainingConfig()))> value;
    for (const ComparedRun &run : data.runs) {
        if (!run.record)
            continue;
        const auto v = get(run.record->config);
        if (value && *value != v)
            return decltype(value)();
        value = v;
    }
    return value;
}

std::vector<QPointF> smoothedSeries(const std::vector<double> &x, const std::vector<double> &y,
                                    double smoothing)
{
    const std::vector<double> smooth = EmaSmoother::smooth(y, smoothing);
    std::vector<QPointF> points(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        points[i] = {x[i], smooth[i]};
    return points;
}

ChartSeries lossSeries(const ComparedRun &run, double smoothing)
{
    std::vector<double> steps, losses;
    steps.reserve(run.record->losses.size());
    losses.reserve(run.record->losses.size());
    for (const LossPoint &point : run.record->losses) {
        steps.push_back(double(point.step));
        losses.push_back(point.loss);
    }
    return {run.name, smoothedSeries(steps, losses, smoothing), run.color};
}

// log10 of the ratio smoothed (a ratio's noise is multiplicative), then back.
ChartSeries gradientRatioSeries(const ComparedRun &run, double smoothing)
{
    const RunRecord &r = *run.record;
    const auto blocks = firstAndLastBlockGroups(r);
    const std::size_t groups = std::size_t(r.gradGroups.size());
    std::vector<double> steps, logRatios;
    if (blocks && groups > 0) {
        const std::size_t rows = std::min(r.losses.size(), r.gradNorms.size() / groups);
        for (std::size_t i = 0; i < rows; ++i) {
            const double a = r.gradNorms[i * groups + std::size_t(blocks->first)];
            const double b = r.gradNorms[i * groups + std::size_t(blocks->second)];
            steps.push_back(double(r.losses[i].step));
            logRatios.push_back(a > 0 && b > 0 ? std::log10(a / b)
                                               : std::numeric_limits<double>::quiet_NaN());
        }
    }
    ChartSeries series{run.name, smoothedSeries(steps, logRatios, smoothing), run.color};
    for (QPointF &p : series.points)
        p.setY(std::pow(10.0, p.y()));
    return series;
}

ChartSeries evaluationSeries(const ComparedRun &run, const std::vector<Evaluation> &evaluations,
                             bool byLength, bool accuracy)
{
    ChartSeries series{run.name, {}, run.color};
    for (const Evaluation &e : evaluations)
        series.points.push_back(
            {double(byLength ? e.length : e.step),
             accuracy ? e.accuracy.value_or(std::numeric_limits<double>::quiet_NaN()) : e.loss});
    series.markers = series.points.size() <= 40;
    return series;
}

double meanOf(const NdArray &array)
{
    double sum = 0;
    std::size_t count = 0;
    for (const double v : array.values)
        if (std::isfinite(v)) {
            sum += v;
            ++count;
        }
    return count ? sum / double(count) : std::numeric_limits<double>::quiet_NaN();
}

bool isRegression(const ComparisonData &data)
{
    return sharedValue(data, [](const TrainingConfig &c) { return c.isRegression(); })
        .value_or(false);
}

void addChance(LineChartSpec &chart, const ComparisonData &data)
{
    const auto classes = sharedValue(data, [](const TrainingConfig &c) { return c.numClasses(); });
    if (classes && *classes > 0)
        chart.references.push_back(
            {Qt::Horizontal, 1.0 / double(*classes), QStringLiteral("chance 1/%1").arg(*classes)});
}

void addTrainingLength(LineChartSpec &chart, const ComparisonData &data)
{
    const auto length = sharedValue(data, [](const TrainingConfig &c) { return c.seqLen; });
    if (length)
        chart.references.push_back(
            {Qt::Vertical, double(*length), QStringLiteral("training length %1").arg(*length)});
}

struct ChartPlan {
    LineChartSpec chart;
    QString emptyHeading; // set when no run has anything to draw
    QString emptyBody;
};

ChartPlan planChart(ComparisonChart kind, const ComparisonData &data)
{
    ChartPlan plan;
    LineChartSpec &chart = plan.chart;
    chart.x = AxisSpec{0, 1, false, true, false, QStringLiteral("step")};
    chart.y = AxisSpec{0, 1, false, false, false, QString()};
    const bool regression = isRegression(data);
    for (const ComparedRun &run : data.runs) {
        if (!run.record)
            continue;
        const RunRecord &r = *run.record;
        switch (kind) {
        case ComparisonChart::Loss:
            chart.series.push_back(lossSeries(run, data.smoothing));
            break;
        case ComparisonChart::Validation:
            chart.series.push_back(evaluationSeries(run, r.validation, false, false));
            break;
        case ComparisonChart::Accuracy:
            chart.series.push_back(evaluationSeries(run, r.validation, false, true));
            break;
        case ComparisonChart::Entropy: {
            ChartSeries series{
                run.name, probeSeries(r, QStringLiteral("attention_entropy"), meanOf), run.color};
            series.markers = series.points.size() <= 40;
            chart.series.push_back(series);
            break;
        }
        case ComparisonChart::GradientRatio:
            chart.series.push_back(gradientRatioSeries(run, data.smoothing));
            break;
        case ComparisonChart::Extrapolation:
            chart.series.push_back(evaluationSeries(run, r.extrapolation, true, !regression));
            break;
        case ComparisonChart::TrainValidation: {
            ChartSeries train = lossSeries(run, data.smoothing);
            train.name = run.name + QStringLiteral(", training");
            ChartSeries validation = evaluationSeries(run, r.validation, false, false);
            validation.name = run.name + QStringLiteral(", validation");
            validation.dashed = true;
            chart.series.push_back(train);
            chart.series.push_back(validation);
            break;
        }
        }
    }
    bool empty = true;
    for (const ChartSeries &series : chart.series)
        for (const QPointF &p : series.points)
            if (std::isfinite(p.y()))
                empty = false;
    switch (kind) {
    case ComparisonChart::Loss: {
        chart.y.title = QStringLiteral("training loss");
        double lo = std::numeric_limits<double>::infinity(), hi = 0;
        for (const ChartSeries &s : chart.series)
            for (const QPointF &p : s.points)
                if (std::isfinite(p.y()) && p.y() > 0) {
                    lo = std::min(lo, p.y());
                    hi = std::max(hi, p.y());
                }
        chart.y.log = data.lossScale == LossScale::Log ||
                      (data.lossScale == LossScale::Auto && std::isfinite(lo) && hi / lo > 100);
        plan.emptyHeading = QStringLiteral("No steps yet");
        plan.emptyBody = QStringLiteral("The curves appear as the runs train.");
        break;
    }
    case ComparisonChart::TrainValidation:
        chart.y.title = QStringLiteral("loss (solid: training, dashed: validation)");
        plan.emptyHeading = QStringLiteral("No steps yet");
        plan.emptyBody = QStringLiteral("Each run's training and validation losses appear as it "
                                        "trains: the gap between them is overfitting.");
        break;
    case ComparisonChart::Validation:
        chart.y.title = QStringLiteral("validation loss");
        plan.emptyHeading = QStringLiteral("No validation yet");
        plan.emptyBody = QStringLiteral("Runs with a validation set are evaluated at each epoch's "
                                        "end (or every Validate-every steps).");
        break;
    case ComparisonChart::Accuracy:
        chart.y = AxisSpec{0, 1.05, false, false, false, QStringLiteral("validation accuracy")};
        addChance(chart, data);
        plan.emptyHeading = QStringLiteral("No accuracy yet");
        plan.emptyBody = QStringLiteral("Token tasks report accuracy on the validation set.");
        break;
    case ComparisonChart::Entropy:
        chart.y = AxisSpec{0,     1.05,  false,
                           false, false, QStringLiteral("attention entropy (1 = uniform)")};
        plan.emptyHeading = QStringLiteral("No attention");
        plan.emptyBody = QStringLiteral("Runs with attention layers measure how spread their "
                                        "attention is as they train.");
        break;
    case ComparisonChart::GradientRatio:
        chart.y.log = true;
        chart.y.title = QStringLiteral("first block's gradient / last block's");
        chart.references.push_back({Qt::Horizontal, 1.0, QStringLiteral("equal")});
        plan.emptyHeading = QStringLiteral("Needs two blocks");
        plan.emptyBody = QStringLiteral("The ratio compares the first and the last attention "
                                        "block's gradient norms.");
        break;
    case ComparisonChart::Extrapolation:
        chart.x.title = QStringLiteral("evaluation length");
        if (regression) {
            chart.y.title = QStringLiteral("loss (MSE)");
        } else {
            chart.y = AxisSpec{0, 1.05, false, false, false, QStringLiteral("accuracy")};
            addChance(chart, data);
        }
        addTrainingLength(chart, data);
        plan.emptyHeading = QStringLiteral("Measured when the runs end");
        plan.emptyBody = QStringLiteral("Set Test lengths to see how each run does on sequences "
                                        "longer than it trained on.");
        break;
    }
    if (empty) {
        chart.series.clear();
        return plan;
    }
    plan.emptyHeading.clear();
    if (kind == ComparisonChart::Loss || kind == ComparisonChart::Validation ||
        kind == ComparisonChart::TrainValidation)
        chart.references.insert(chart.references.end(), data.lossReferences.begin(),
                                data.lossReferences.end());
    fitAxisToSeries(chart.x, chart, Qt::Horizontal);
    if (kind == ComparisonChart::Loss || kind == ComparisonChart::Validation ||
        kind == ComparisonChart::TrainValidation || kind == ComparisonChart::GradientRatio ||
        (kind == ComparisonChart::Extrapolation && regression)) {
        // Fitted to the curves, as TensorBoard does: the differences between runs are what
        // a comparison is for (a regression's error by length keeps 0 in view).
        fitAxisToSeries(chart.y, chart, Qt::Vertical);
        if (kind == ComparisonChart::Extrapolation)
            chart.y.min = std::min(0.0, chart.y.min);
    }
    return plan;
}

QString chartTitle(ComparisonChart kind, const ComparisonData &data)
{
    const QString name = comparisonChartName(kind);
    if ((kind == ComparisonChart::Loss || kind == ComparisonChart::GradientRatio ||
         kind == ComparisonChart::TrainValidation) &&
        data.smoothing > 0)
        return QStringLiteral("%1 (smoothed, EMA %2)").arg(name).arg(data.smoothing);
    return name;
}

} // namespace

std::vector<ComparisonChart> allComparisonCharts()
{
    return {ComparisonChart::Loss,           ComparisonChart::Validation,
            ComparisonChart::Accuracy,       ComparisonChart::Entropy,
            ComparisonChart::GradientRatio,  ComparisonChart::Extrapolation,
            ComparisonChart::TrainValidation};
}

QString comparisonChartStem(ComparisonChart chart)
{
    switch (chart) {
    case ComparisonChart::Loss:
        return QStringLiteral("loss");
    case ComparisonChart::Validation:
        return QStringLiteral("validation");
    case ComparisonChart::Accuracy:
        return QStringLiteral("accuracy");
    case ComparisonChart::Entropy:
        return QStringLiteral("entropy");
    case ComparisonChart::GradientRatio:
        return QStringLiteral("gradient_ratio");
    case ComparisonChart::Extrapolation:
        return QStringLiteral("extrapolation");
    case ComparisonChart::TrainValidation:
        return QStringLiteral("train_validation");
    }
    return {};
}

QString comparisonChartName(ComparisonChart chart)
{
    switch (chart) {
    case ComparisonChart::Loss:
        return QStringLiteral("Training loss");
    case ComparisonChart::Validation:
        return QStringLiteral("Validation loss");
    case ComparisonChart::Accuracy:
        return QStringLiteral("Validation accuracy");
    case ComparisonChart::Entropy:
        return QStringLiteral("Attention entropy");
    case ComparisonChart::GradientRatio:
        return QStringLiteral("Gradient ratio, first to last block");
    case ComparisonChart::Extrapolation:
        return QStringLiteral("Accuracy by evaluation length");
    case ComparisonChart::TrainValidation:
        return QStringLiteral("Training and validation loss");
    }
    return {};
}

std::vector<ComparisonChart> comparisonChartsFor(const ComparisonData &data)
{
    const bool regression = isRegression(data);
    std::vector<ComparisonChart> charts{ComparisonChart::Loss};
    if (anyRun(data, [](const RunRecord &r) { return !r.validation.empty(); })) {
        charts.push_back(ComparisonChart::Validation);
        if (!regression)
            charts.push_back(ComparisonChart::Accuracy);
    }
    if (anyRun(data, [](const RunRecord &r) { return !r.validation.empty(); }))
        charts.push_back(ComparisonChart::TrainValidation);
    if (anyRun(data, [](const RunRecord &r) { return r.config.layers > 0; }))
        charts.push_back(ComparisonChart::Entropy);
    if (anyRun(data, [](const RunRecord &r) { return r.config.layers >= 2; }))
        charts.push_back(ComparisonChart::GradientRatio);
    if (anyRun(data, [](const RunRecord &r) { return !r.extrapolation.empty(); }))
        charts.push_back(ComparisonChart::Extrapolation);
    return charts;
}

QString comparisonCaption(const ComparisonData &data)
{
    const ComparedRun *first = nullptr;
    for (const ComparedRun &run : data.runs)
        if (run.record && !first)
            first = &run;
    if (!first)
        return {};
    const QString runs = data.runs.size() == 1 ? QStringLiteral("1 run")
                                               : QStringLiteral("%1 runs").arg(data.runs.size());
    const QString differ = data.varied.isEmpty()
                               ? QString()
                               : QStringLiteral(" differing in %1").arg(data.varied.join(", "));
    return runs + differ + QStringLiteral("  \u00b7  ") +
           configCaption(first->record->config, data.varied);
}

void drawComparisonChart(ComparisonChart kind, QPainter &painter, const QRectF &rect,
                         const ComparisonData &data, const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = comparisonCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const ChartPlan plan = planChart(kind, data);
    if (data.runs.empty())
        drawNotice(painter, style, frame.content, QStringLiteral("No runs to compare"),
                   QStringLiteral("Run variants, or show some runs in the runs list."));
    else if (!plan.emptyHeading.isEmpty())
        drawNotice(painter, style, frame.content, plan.emptyHeading, plan.emptyBody);
    else
        drawLineChart(painter, style, frame.content, plan.chart, hovers);
    drawFigureTitle(painter, style, frame, chartTitle(kind, data), frame.content.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

FigureDrawing comparisonDrawing(ComparisonChart chart, const ComparisonData &data)
{
    return {QStringLiteral("PE Lab: ") + comparisonChartName(chart), comparisonCaption(data),
            comparisonChartName(chart).toLower(),
            [chart, &data](QPainter &painter, const QRectF &rect, const FigureStyle &style) {
                drawComparisonChart(chart, painter, rect, data, style);
            }};
}

} // namespace pelab
