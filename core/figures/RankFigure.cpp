// SPDX-License-Identifier: MIT
#include "RankFigure.h"

#include "EntropyFigure.h"
#include "LineChart.h"
#include "ProbeSeries.h"

#include <QPainter>

namespace pelab {

namespace {

const QString residualName = QStringLiteral("rank_residual");

std::vector<QPointF> perLayer(const NdArray *residual)
{
    std::vector<QPointF> points;
    if (!residual)
        return points;
    for (std::size_t l = 0; l < residual->values.size(); ++l)
        points.push_back({double(l + 1), residual->values[l]});
    return points;
}

LineChartSpec byLayerChart(const RunRecord &record, std::int64_t layers, const FigureStyle &style)
{
    LineChartSpec chart;
    chart.x = AxisSpec{0.5, layers + 0.5, false, true, false, QStringLiteral("after layer")};
    chart.y = AxisSpec{1e-3, 1, true, false, false, QStringLiteral("relative residual (log)")};
    ChartSeries initial{QStringLiteral("at initialisation"),
                        perLayer(initialMeasurement(record, residualName)), style.muted};
    initial.dashed = true;
    initial.markers = true;
    ChartSeries now{QStringLiteral("step %1").arg(record.probes.back().step),
                    perLayer(latestMeasurement(record, residualName)), style.primary};
    now.markers = true;
    chart.series = {initial, now};
    fitAxisToSeries(chart.y, chart, Qt::Vertical);
    chart.y.max = std::max(chart.y.max, 1.0);
    return chart;
}

LineChartSpec lastLayerChart(const RunRecord &record, std::int64_t layers, const FigureStyle &style)
{
    LineChartSpec chart;
    chart.x = AxisSpec{0, 1, false, true, false, QStringLiteral("step")};
    chart.y = AxisSpec{
        1e-3,  1,     true,
        false, false, QStringLiteral("%1's relative residual (log)").arg(layerName(layers - 1))};
    ChartSeries last{QString(),
                     probeSeries(record, residualName,
                                 [&](const NdArray &a) {
                                     return std::int64_t(a.values.size()) >= layers
                                                ? a.values[std::size_t(layers - 1)]
                                                : qQNaN();
                                 }),
                     style.primary};
    chart.series = {last};
    chart.legend = false;
    fitAxisToSeries(chart.x, chart, Qt::Horizontal);
    fitAxisToSeries(chart.y, chart, Qt::Vertical);
    chart.y.max = std::max(chart.y.max, 1.0);
    return chart;
}

} // namespace

void drawRankFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                    const FigureStyle &style, HoverMap *hovers)
{
    drawTwoProbeCharts(painter, rect, data, style, hovers,
                       QStringLiteral("Rank collapse: distinct positions left after each layer"),
                       QStringLiteral("rank collapse"), &byLayerChart, &lastLayerChart);
}

} // namespace pelab
