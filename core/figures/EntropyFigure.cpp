// SPDX-License-Identifier: MIT
#include "EntropyFigure.h"

#include "Colormap.h"
#include "FigureFrame.h"
#include "LineChart.h"
#include "ProbeSeries.h"

#include <QPainter>

namespace pelab {

std::pair<QRectF, QRectF> splitPanels(const QRectF &content, const FigureStyle &style)
{
    const double gap = style.padding * 2;
    const double half = (content.width() - gap) / 2;
    return {QRectF(content.left(), content.top(), half, content.height()),
            QRectF(content.left() + half + gap, content.top(), half, content.height())};
}

QString layerName(std::int64_t layer)
{
    return QStringLiteral("layer %1").arg(layer + 1);
}

bool drawNoAttentionNotice(QPainter &painter, const FigureStyle &style, const QRectF &area,
                           const FigureData &data, const QString &what)
{
    if (data.config.layers > 0 && data.run && !data.run->probes.empty())
        return false;
    const bool started = data.run && (!data.run->probes.empty() || !data.run->losses.empty());
    if (started && data.config.layers == 0)
        drawNotice(painter, style, area, QStringLiteral("No attention layers"),
                   QStringLiteral("This model has no attention (layers = 0), so there is no %1 "
                                  "to show. Set Layers to 1 or more.")
                       .arg(what));
    else
        drawNotice(painter, style, area, QStringLiteral("Not measured yet"),
                   QStringLiteral("Start a run: the %1 is measured on a fixed probe batch as "
                                  "the model trains.")
                       .arg(what));
    return true;
}

namespace {

// Up to 4 layers each get a tab10 colour and a legend entry; deeper stacks a colour from
// viridis by depth, with only the first and last named (8 entries would hide the plot).
QColor layerColor(std::int64_t layer, std::int64_t layers)
{
    return layers <= 4
               ? seriesColor(int(layer))
               : viridis(0.9 * double(layer) / double(std::max<std::int64_t>(1, layers - 1)));
}

bool layerNamed(std::int64_t layer, std::int64_t layers)
{
    return layers <= 4 || layer == 0 || layer == layers - 1;
}

LineChartSpec entropyChart(const RunRecord &record, std::int64_t layers, const FigureStyle &style)
{
    LineChartSpec chart;
    chart.x = AxisSpec{0, 1, false, true, false, QStringLiteral("step")};
    chart.y =
        AxisSpec{0, 1.05, false, false, false, QStringLiteral("entropy / uniform (mean of heads)")};
    const QString name = QStringLiteral("attention_entropy");
    const NdArray *any = latestMeasurement(record, name);
    const std::int64_t heads = any && any->shape.size() == 2 ? any->shape[1] : 0;
    // Each head faintly around its layer's mean, while there are few enough to tell apart.
    const bool perHead = heads > 1 && layers * heads <= 32;
    for (std::int64_t l = 0; l < layers; ++l) {
        if (perHead)
            for (std::int64_t h = 0; h < heads; ++h) {
                ChartSeries head;
                head.points = probeSeries(record, name, [&](const NdArray &a) {
                    return a.shape.size() == 2 && l < a.shape[0] && h < a.shape[1] ? a.at({l, h})
                                                                                   : qQNaN();
                });
                head.color = style.faint(layerColor(l, layers), 0.35);
                head.width = 0.9;
                chart.series.push_back(std::move(head));
            }
        ChartSeries mean;
        if (layerNamed(l, layers))
            mean.name = layerName(l);
        mean.points = probeSeries(record, name, [&](const NdArray &a) { return layerMean(a, l); });
        mean.color = layerColor(l, layers);
        chart.series.push_back(std::move(mean));
    }
    chart.references.push_back(
        {Qt::Horizontal, 1.0, QStringLiteral("uniform: every visible key alike")});
    fitAxisToSeries(chart.x, chart, Qt::Horizontal);
    return chart;
}

LineChartSpec distanceChart(const RunRecord &record, std::int64_t layers, const FigureStyle &)
{
    LineChartSpec chart;
    chart.x = AxisSpec{0, 1, false, true, false, QStringLiteral("step")};
    chart.y = AxisSpec{0, 1, false, false, false, QStringLiteral("mean distance (positions)")};
    const QString name = QStringLiteral("attention_distance");
    for (std::int64_t l = 0; l < layers; ++l) {
        ChartSeries mean;
        mean.name = layerName(l);
        mean.points = probeSeries(record, name, [&](const NdArray &a) { return layerMean(a, l); });
        mean.color = layerColor(l, layers);
        chart.series.push_back(std::move(mean));
    }
    chart.legend = false; // the same colours as the entropy's legend beside it
    fitAxisToSeries(chart.x, chart, Qt::Horizontal);
    fitAxisToSeries(chart.y, chart, Qt::Vertical);
    chart.y.min = std::min(0.0, chart.y.min);
    return chart;
}

} // namespace

void drawTwoProbeCharts(QPainter &painter, const QRectF &rect, const FigureData &data,
                        const FigureStyle &style, HoverMap *hovers, const QString &title,
                        const QString &what, ProbeChart left, ProbeChart right)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    if (!drawNoAttentionNotice(painter, style, frame.content, data, what)) {
        const auto [leftArea, rightArea] = splitPanels(frame.content, style);
        const std::int64_t layers = data.config.layers;
        drawLineChart(painter, style, leftArea, left(*data.run, layers, style), hovers);
        drawLineChart(painter, style, rightArea, right(*data.run, layers, style), hovers);
    }
    drawFigureTitle(painter, style, frame, title, frame.content.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

void drawEntropyFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style, HoverMap *hovers)
{
    drawTwoProbeCharts(painter, rect, data, style, hovers,
                       QStringLiteral("Attention entropy and distance over training"),
                       QStringLiteral("attention entropy"), &entropyChart, &distanceChart);
}

} // namespace pelab
