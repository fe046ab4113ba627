// SPDX-License-Identifier: MIT
#include "ExtrapolationFigure.h"

#include "EntropyFigure.h"
#include "FigureFrame.h"
#include "LineChart.h"
#include "ProbeSeries.h"

#include <QPainter>

namespace pelab {

namespace {

void drawByLength(QPainter &painter, const FigureStyle &style, const QRectF &area,
                  const FigureData &data, HoverMap *hovers)
{
    const TrainingConfig &c = data.config;
    const std::vector<Evaluation> &evaluations = data.run->extrapolation;
    if (evaluations.empty()) {
        drawNotice(painter, style, area, QStringLiteral("Measured when the run ends"),
                   c.evalLengths.empty()
                       ? QStringLiteral("Set Test lengths (for example %1,%2) to see how the "
                                        "model does on sequences longer than it trained on.")
                             .arg(c.seqLen)
                             .arg(c.seqLen * 2)
                       : QStringLiteral("At the end of the run the model is tested at each "
                                        "of the Test lengths."));
        return;
    }
    const bool regression = c.isRegression();
    LineChartSpec chart;
    chart.x = AxisSpec{0, 1, false, true, false, QStringLiteral("evaluation length")};
    chart.y = regression ? AxisSpec{0, 1, false, false, false, QStringLiteral("loss (MSE)")}
                         : AxisSpec{0, 1.05, false, false, false, QStringLiteral("accuracy")};
    ChartSeries all{QStringLiteral("all positions"), {}, style.primary};
    all.markers = true;
    ChartSeries beyond{QStringLiteral("positions beyond training"), {}, style.secondary};
    beyond.markers = true;
    for (const Evaluation &e : evaluations) {
        all.points.push_back(
            {double(e.length), regression ? e.loss : e.accuracy.value_or(qQNaN())});
        if (!regression && e.accuracyNewPositions)
            beyond.points.push_back({double(e.length), *e.accuracyNewPositions});
    }
    chart.series.push_back(all);
    if (!beyond.points.empty())
        chart.series.push_back(beyond);
    chart.references.push_back(
        {Qt::Vertical, double(c.seqLen), QStringLiteral("training length %1").arg(c.seqLen)});
    if (!regression && c.numClasses() > 0)
        chart.references.push_back({Qt::Horizontal, 1.0 / double(c.numClasses()),
                                    QStringLiteral("chance 1/%1").arg(c.numClasses())});
    fitAxisToSeries(chart.x, chart, Qt::Horizontal);
    if (regression) {
        fitAxisToSeries(chart.y, chart, Qt::Vertical);
        chart.y.min = std::min(0.0, chart.y.min);
    }
    drawLineChart(painter, style, area, chart, hovers);
}

void drawByPosition(QPainter &painter, const FigureStyle &style, const QRectF &area,
                    const FigureData &data, HoverMap *hovers)
{
    const TrainingConfig &c = data.config;
    const NdArray *accuracy = latestMeasurement(*data.run, QStringLiteral("accuracy_per_position"));
    if (c.isRegression() || !accuracy) {
        drawNotice(painter, style, area, QStringLiteral("No accuracy per position"),
                   c.isRegression()
                       ? QStringLiteral("A regression task has no accuracy; its loss is on the "
                                        "loss chart.")
                       : QStringLiteral("Measured on the probe batch as the model trains."));
        return;
    }
    LineChartSpec chart;
    chart.x = AxisSpec{-0.5,  double(accuracy->values.size()) - 0.5,
                       false, true,
                       false, QStringLiteral("position")};
    chart.y = AxisSpec{0, 1.05, false, false, false, QStringLiteral("accuracy now")};
    ChartSeries line{
        QStringLiteral("step %1").arg(data.run->probes.back().step), {}, style.primary};
    for (std::size_t i = 0; i < accuracy->values.size(); ++i)
        line.points.push_back({double(i), accuracy->values[i]});
    line.markers = accuracy->values.size() <= 64;
    chart.series.push_back(line);
    if (c.numClasses() > 0)
        chart.references.push_back({Qt::Horizontal, 1.0 / double(c.numClasses()),
                                    QStringLiteral("chance 1/%1").arg(c.numClasses())});
    drawLineChart(painter, style, area, chart, hovers);
}

} // namespace

void drawExtrapolationFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                             const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = QStringLiteral("Accuracy by length and by position");
    if (!data.run || data.run->probes.empty()) {
        drawNotice(painter, style, frame.content, QStringLiteral("Not measured yet"),
                   QStringLiteral("Start a run: accuracy per position is measured as the model "
                                  "trains, accuracy at longer lengths when it ends."));
    } else {
        const auto [left, right] = splitPanels(frame.content, style);
        drawByLength(painter, style, left, data, hovers);
        drawByPosition(painter, style, right, data, hovers);
    }
    drawFigureTitle(painter, style, frame, title, frame.content.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
