// SPDX-License-Identifier: MIT
#include "ProfileFigure.h"

#include "AxisScale.h"
#include "EmbeddingStats.h"
#include "FigureFrame.h"
#include "LineChart.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>
#include <limits>
#include <numbers>

namespace pelab {

namespace {

constexpr std::size_t maxMarkers = 60;
constexpr double strongMatch = 0.99;

bool hasInitial(const FigureData &data)
{
    return data.initialEmbedding.rows == data.embedding.rows &&
           data.initialEmbedding.cols == data.embedding.cols;
}

std::vector<QPointF> overPositions(const std::vector<double> &values)
{
    std::vector<QPointF> points;
    points.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        points.emplace_back(double(i), values[i]);
    return points;
}

LineChartSpec profileChart(const FigureData &data, const FigureStyle &style)
{
    const Matrix &m = data.embedding;
    const int length = m.rows;
    const double xPad = std::max(0.3, (length - 1) * 0.03);
    LineChartSpec chart;
    chart.x = {-xPad, length - 1 + xPad, false, true, false, QStringLiteral("position")};
    chart.y = {0, 1, false, false, false, QStringLiteral("embedding value")};
    // Zero stays in view: the zeros task pulls the values towards it.
    chart.references.push_back({Qt::Horizontal, 0, QString()});
    const bool markers = std::size_t(length) <= maxMarkers;
    if (m.cols > 1) {
        const std::vector<int> dims = profileDimensions(m.cols);
        for (std::size_t k = 0; k < dims.size(); ++k)
            chart.series.push_back({QStringLiteral("dim %1").arg(dims[k]),
                                    overPositions(column(m, dims[k])), seriesColor(int(k)), 1.6,
                                    false, markers});
    } else {
        if (hasInitial(data)) {
            // Past a few hundred positions dashes turn to noise: thin and solid instead.
            const bool dense = length > 150;
            chart.series.push_back(
                {QStringLiteral("initial"), overPositions(column(data.initialEmbedding, 0)),
                 style.faint(style.muted, dense ? 0.45 : 0.8), dense ? 1.0 : 1.3, !dense, false});
        }
        const std::vector<double> target = profileTarget(data);
        if (!target.empty())
            // The task's own sine, the same in every frame; a wide translucent band stays
            // visible when the embedding lies right on it.
            chart.series.push_back({QStringLiteral("target sin(2\u03c0t/L)"), overPositions(target),
                                    style.faint(style.secondary, 0.45), 7.0, false, false});
        chart.series.push_back({QStringLiteral("now"), overPositions(column(m, 0)), style.primary,
                                2.0, false, markers});
    }
    fitAxisToSeries(chart.y, chart, Qt::Vertical);
    return chart;
}

QString headText(const FigureData &data)
{
    if (!data.head)
        return {};
    return QStringLiteral("w = %1, b = %2")
        .arg(formatFigureValue(data.head->weight), formatFigureValue(data.head->bias));
}

} // namespace

std::vector<int> profileDimensions(int width)
{
    const int count = std::min(width, maxProfileDimensions);
    std::vector<int> dims;
    for (int k = 0; k < count; ++k)
        dims.push_back(count == 1 ? 0 : int(std::lround(double(k) * (width - 1) / (count - 1))));
    return dims;
}

std::vector<double> profileTarget(const FigureData &data)
{
    const int length = data.embedding.rows;
    if (data.config.task != TaskKind::PositionSignal || data.embedding.cols != 1 || length == 0)
        return {};
    if (data.targetSignal.rows == length && data.targetSignal.cols >= 1)
        return column(data.targetSignal, 0);
    std::vector<double> signal;
    for (int t = 0; t < length; ++t)
        signal.push_back(std::sin(2 * std::numbers::pi * t / length));
    return signal;
}

double profileCorrelation(const FigureData &data)
{
    const std::vector<double> target = profileTarget(data);
    if (target.empty())
        return std::numeric_limits<double>::quiet_NaN();
    return pearsonCorrelation(column(data.embedding, 0), target);
}

QString profileStatement(const FigureData &data)
{
    const Matrix &m = data.embedding;
    if (m.isEmpty())
        return {};
    if (m.cols > 1) {
        const std::vector<int> dims = profileDimensions(m.cols);
        if (int(dims.size()) == m.cols)
            return QStringLiteral("All %1 dimensions, one line each.").arg(m.cols);
        QStringList names;
        for (int d : dims)
            names << QString::number(d);
        return QStringLiteral("Dimensions %1 of %2, one line each.")
            .arg(names.join(QStringLiteral(", ")))
            .arg(m.cols);
    }
    // The linear layer explains both lessons: w -> 0 against zeros, w -> 1 for the sine.
    const QString head = headText(data);
    const QString lead = head.isEmpty() ? QString() : head + QStringLiteral(": ");
    if (data.config.task == TaskKind::Zeros)
        return lead + QStringLiteral("the zero target gives the embedding nothing positional to "
                                     "learn.");
    const double r = profileCorrelation(data);
    if (std::isfinite(r)) {
        const QString value = formatTickNumber(r, 3);
        return lead +
               (r >= strongMatch
                    ? QStringLiteral("the embedding matches the target sine, r = %1").arg(value)
                    : QStringLiteral("learning the target sine, r = %1 so far").arg(value));
    }
    return head;
}

QString profilePositionText(const FigureData &data, int position)
{
    const Matrix &m = data.embedding;
    if (position < 0 || position >= m.rows)
        return {};
    QString text = QStringLiteral("position %1").arg(position);
    const bool initial = hasInitial(data);
    for (int d : profileDimensions(m.cols)) {
        const QString name = m.cols == 1 ? QStringLiteral("now") : QStringLiteral("dim %1").arg(d);
        text += QStringLiteral("\n%1 %2").arg(name, formatFigureValue(m.at(position, d)));
        if (initial)
            text += QStringLiteral(" (initial %1)")
                        .arg(formatFigureValue(data.initialEmbedding.at(position, d)));
    }
    const std::vector<double> target = profileTarget(data);
    if (!target.empty())
        text += QStringLiteral("\ntarget sine %1")
                    .arg(formatFigureValue(target[std::size_t(position)]));
    return text;
}

void drawProfileFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                       const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = data.embedding.cols > 1 ? QStringLiteral("Embedding profile")
                                                  : QStringLiteral("Learned embedding by position");
    const Matrix &m = data.embedding;
    if (m.isEmpty()) {
        drawNotice(painter, style, frame.content, QStringLiteral("No embedding yet"),
                   QStringLiteral("Start a run to see its positional embedding."));
        drawFigureTitle(painter, style, frame, title, frame.content.center().x());
        drawFigureCaption(painter, style, frame, caption);
        return;
    }
    // The statement under the plot, wrapped to the figure's width.
    const QString statement = profileStatement(data);
    const QFont statementFont = style.font(style.labelSize, true);
    const QRectF statementBounds =
        QFontMetricsF(statementFont)
            .boundingRect(QRectF(0, 0, frame.content.width(), 1e6), Qt::TextWordWrap, statement);
    const double statementHeight = statement.isEmpty() ? 0 : statementBounds.height() + style.gap;
    const QRectF chartArea = frame.content.adjusted(0, 0, 0, -statementHeight);

    const LineChartSpec chart = profileChart(data, style);
    const QRectF plot = drawLineChart(painter, style, chartArea, chart);
    if (!statement.isEmpty()) {
        painter.save();
        painter.setFont(statementFont);
        painter.setPen(style.text);
        painter.drawText(QRectF(frame.content.left(), chartArea.bottom() + style.gap,
                                frame.content.width(), statementBounds.height()),
                         Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, statement);
        painter.restore();
    }
    if (hovers) {
        // The position under the mouse, whatever the line: every line's value there.
        const double x0 = chart.x.min, x1 = chart.x.max;
        const int length = m.rows;
        hovers->add(plot, [plot, x0, x1, length, &data](QPointF at) -> QString {
            const double x = x0 + (at.x() - plot.left()) / plot.width() * (x1 - x0);
            const int position = std::clamp(int(std::lround(x)), 0, length - 1);
            return profilePositionText(data, position);
        });
    }
    drawFigureTitle(painter, style, frame, title, plot.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
