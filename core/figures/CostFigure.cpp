// SPDX-License-Identifier: MIT
#include "CostFigure.h"

#include "FigureFrame.h"
#include "FigureText.h"
#include "LineChart.h"

#include <QPainter>

#include <cmath>

namespace pelab {

namespace {

// The fitted law drawn across [from, to] as a dashed line.
ChartSeries fitLine(const QString &name, const PowerFit &fit, double from, double to, QColor color,
                    double scale)
{
    ChartSeries line{name, {}, color, 1.4, true, false};
    for (int i = 0; i <= 24; ++i) {
        const double x = from * std::pow(to / from, double(i) / 24);
        line.points.emplace_back(x, fit.at(x) * scale);
    }
    return line;
}

QString exponentName(const QString &what, const std::optional<PowerFit> &fit)
{
    return fit ? QStringLiteral("%1 fit: L^%2").arg(what, QString::number(fit->exponent, 'f', 2))
               : what + QStringLiteral(" fit");
}

} // namespace

void drawCostFigure(QPainter &painter, const QRectF &rect, const CostResults &results,
                    const FigureStyle &style, std::int64_t probeLength, HoverMap *hovers)
{
    const QString caption =
        QStringLiteral("one head, width 32, float32 on the CPU; fits from length 256 on");
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    if (results.attention.empty()) {
        drawNotice(painter, style, frame.content, QStringLiteral("Nothing measured yet"),
                   QStringLiteral("Run the lesson: attention is timed and its memory measured "
                                  "at each length."));
        drawFigureTitle(painter, style, frame, QStringLiteral("What attention costs"),
                        frame.content.center().x());
        drawFigureCaption(painter, style, frame, caption);
        return;
    }
    const double shortest = double(results.attention.front().length);
    double last = double(results.attention.back().length);
    if (probeLength > 0)
        last = std::max(last, double(probeLength));

    LineChartSpec time;
    time.x = {shortest / 1.2, last * 1.2, true, false, false, QStringLiteral("sequence length L")};
    time.y = {0, 1, true, false, false, QStringLiteral("milliseconds")};
    ChartSeries attention{
        QStringLiteral("attention forward + backward"), {}, seriesColor(0), 1.8, false, true};
    for (const AttentionCostPoint &p : results.attention)
        attention.points.emplace_back(double(p.length), p.seconds * 1000);
    time.series.push_back(attention);
    if (results.time)
        time.series.push_back(fitLine(exponentName(QStringLiteral("attention"), results.time),
                                      *results.time, shortest, last, seriesColor(0), 1000));
    if (!results.family.empty()) {
        ChartSeries family{QStringLiteral("2-layer model, one training step"),
                           {},
                           seriesColor(1),
                           1.8,
                           false,
                           true};
        for (const auto &[length, ms] : results.family)
            family.points.emplace_back(double(length), ms);
        time.series.push_back(family);
        if (results.familyFit)
            time.series.push_back(fitLine(exponentName(QStringLiteral("step"), results.familyFit),
                                          *results.familyFit, double(results.family.front().first),
                                          double(results.family.back().first), seriesColor(1), 1));
    }
    fitAxisToSeries(time.y, time, Qt::Vertical);

    LineChartSpec memory;
    memory.x = time.x;
    memory.y = {0, 1, true, false, false, QStringLiteral("peak memory (MiB)")};
    ChartSeries peak{QStringLiteral("measured"), {}, seriesColor(2), 1.8, false, true};
    for (const AttentionCostPoint &p : results.attention)
        peak.points.emplace_back(double(p.length), p.peakBytes / double(1 << 20));
    memory.series.push_back(peak);
    if (results.memory)
        memory.series.push_back(fitLine(exponentName(QStringLiteral("memory"), results.memory),
                                        *results.memory, shortest, last, seriesColor(2),
                                        1.0 / double(1 << 20)));
    if (probeLength > 0 && results.memory) {
        ChartSeries probe{
            QStringLiteral("predicted at L = %1").arg(probeLength),
            {{double(probeLength), results.memory->at(double(probeLength)) / double(1 << 20)}},
            seriesColor(3),
            1.8,
            false,
            true};
        memory.series.push_back(probe);
    }
    fitAxisToSeries(memory.y, memory, Qt::Vertical);

    // Side by side in a wide view, one above the other in a tall one (a side dock).
    const QRectF area = frame.content;
    const double gap = 24;
    const bool stacked = area.height() > area.width();
    const QRectF first =
        stacked ? QRectF(area.left(), area.top(), area.width(), (area.height() - gap) / 2)
                : QRectF(area.left(), area.top(), (area.width() - gap) / 2, area.height());
    const QRectF second = stacked ? first.translated(0, first.height() + gap)
                                  : first.translated(first.width() + gap, 0);
    drawLineChart(painter, style, first, time, hovers);
    drawLineChart(painter, style, second, memory, hovers);
    drawFigureTitle(painter, style, frame,
                    stacked
                        ? QStringLiteral("What attention costs: time, then memory")
                        : QStringLiteral("What attention costs: time (left) and memory (right)"),
                    area.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
