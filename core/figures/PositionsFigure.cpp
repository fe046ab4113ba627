// SPDX-License-Identifier: MIT
#include "PositionsFigure.h"

#include "CellGrid.h"
#include "ColorBar.h"
#include "Colormap.h"
#include "EmbeddingStats.h"
#include "EntropyFigure.h"
#include "FigureFrame.h"
#include "LineChart.h"
#include "PlotAxes.h"
#include "SimilarityFigure.h"

#include <QPainter>

#include <cmath>
#include <numeric>

namespace pelab {

namespace {

constexpr double barThickness = 14;
constexpr double barGap = 18;
constexpr int maxPositions = 256; // the matrix samples evenly beyond this

// A square matrix over sampled positions, with what it is and how to colour it.
struct PositionMatrix {
    std::vector<int> positions; // the sampled positions, ascending
    std::vector<double> values; // n x n
    double min = -1, max = 1;
    QColor (*colormap)(double) = &redBlue;
    QString title;                     // the colour bar's
    std::vector<ChartSeries> byOffset; // right panel's lines
    QString offsetTitle;
};

std::vector<int> sampled(int length)
{
    return similarityPositions(length, maxPositions);
}

// The mean along each upper diagonal k of an n x n matrix over evenly spaced positions.
ChartSeries diagonalMeans(const std::vector<int> &positions, const std::vector<double> &values,
                          const QString &name, const QColor &color)
{
    const int n = int(positions.size());
    ChartSeries line{name, {}, color};
    for (int k = 0; k < n; ++k) {
        double sum = 0;
        for (int m = 0; m + k < n; ++m)
            sum += values[std::size_t(m) * n + std::size_t(m + k)];
        line.points.push_back({double(positions[std::size_t(k)] - positions[0]), sum / (n - k)});
    }
    return line;
}

std::optional<PositionMatrix> tableMatrix(const Matrix &table)
{
    if (table.isEmpty() || table.cols < 2)
        return std::nullopt;
    PositionMatrix pm;
    pm.positions = sampled(table.rows);
    const int n = int(pm.positions.size());
    Matrix rows{n, table.cols, {}};
    rows.values.reserve(std::size_t(n) * table.cols);
    for (int p : pm.positions)
        for (int k = 0; k < table.cols; ++k)
            rows.values.push_back(table.at(p, k));
    const Matrix similarity = cosineSimilarity(rows);
    pm.values.assign(similarity.values.begin(), similarity.values.end());
    pm.title = QStringLiteral("cosine similarity");
    pm.offsetTitle = QStringLiteral("mean cosine similarity");
    pm.byOffset.push_back(diagonalMeans(pm.positions, pm.values, QString(), seriesColor(0)));
    return pm;
}

// A [P, P] (or [heads, P, P], `slice` picking one) measurement, sampled.
std::vector<double> sampledSlice(const NdArray &a, std::int64_t slice,
                                 const std::vector<int> &positions)
{
    const std::int64_t P = a.shape.back();
    const std::size_t base = std::size_t(slice * P * P);
    std::vector<double> values;
    values.reserve(positions.size() * positions.size());
    for (int q : positions)
        for (int k : positions)
            values.push_back(a.values[base + std::size_t(q * P + k)]);
    return values;
}

std::optional<PositionMatrix> measuredMatrix(const RunRecord &run, EncodingKind encoding)
{
    const auto find = [&](const char *name) -> const NdArray * {
        const auto it = run.encoding.constFind(QLatin1String(name));
        return it == run.encoding.constEnd() || it->isEmpty() ? nullptr : &*it;
    };
    PositionMatrix pm;
    if (encoding == EncodingKind::Rope) {
        const NdArray *rope = find("rope_profile");
        if (!rope || rope->shape.size() != 2)
            return std::nullopt;
        pm.positions = sampled(int(rope->shape[1]));
        pm.values = sampledSlice(*rope, 0, pm.positions);
        pm.title = QStringLiteral("score for unit query and key");
        pm.offsetTitle = QStringLiteral("relative score");
        pm.byOffset.push_back(diagonalMeans(pm.positions, pm.values, QString(), seriesColor(0)));
        return pm;
    }
    if (encoding == EncodingKind::Alibi) {
        const NdArray *bias = find("alibi_bias");
        if (!bias || bias->shape.size() != 3)
            return std::nullopt;
        pm.positions = sampled(int(bias->shape[2]));
        pm.values = sampledSlice(*bias, 0, pm.positions);
        pm.min = *std::min_element(bias->values.begin(), bias->values.end());
        pm.max = 0;
        pm.colormap = &viridis;
        pm.title = QStringLiteral("head 1's score bias");
        pm.offsetTitle = QStringLiteral("score bias");
        for (std::int64_t h = 0; h < bias->shape[0]; ++h)
            pm.byOffset.push_back(diagonalMeans(pm.positions, sampledSlice(*bias, h, pm.positions),
                                                QStringLiteral("head %1").arg(h + 1),
                                                seriesColor(int(h))));
        return pm;
    }
    return std::nullopt;
}

QString encodingNotice(const FigureData &data)
{
    switch (data.config.encoding) {
    case EncodingKind::None:
        return QStringLiteral("This model has no positional encoding: attention sees the tokens "
                              "as a set, and only a causal mask tells positions apart.");
    case EncodingKind::Rope:
    case EncodingKind::Alibi:
        return QStringLiteral("RoPE and ALiBi act inside attention; their pictures need at least "
                              "one attention layer.");
    default:
        return QStringLiteral("A width-1 table has no direction to compare: see the embedding "
                              "profile.");
    }
}

QRectF drawMatrix(QPainter &painter, const FigureStyle &style, const QRectF &area,
                  const PositionMatrix &pm, std::int64_t trainedRows, HoverMap *hovers)
{
    const int n = int(pm.positions.size());
    const double last = pm.positions.back();
    const AxisSpec x{-0.5, last + 0.5, false, true, false, QStringLiteral("position")};
    AxisSpec y = x;
    y.inverted = true;
    PlotAxes axes(style, x, y);
    const ColorBarSpec bar{pm.min, pm.max, pm.title, pm.colormap, Qt::Vertical};
    const double barSpace = barGap + barThickness + colorBarLabelExtent(style, bar, area.height());
    const QMarginsF margins = axes.labelMargins({area.height(), area.height()});
    const double side =
        std::max(20.0, std::min(area.width() - barSpace - margins.left() - margins.right(),
                                area.height() - margins.top() - margins.bottom()));
    const QRectF plot(area.left() + margins.left(),
                      area.top() + (area.height() - side - margins.top() - margins.bottom()) / 2 +
                          margins.top(),
                      side, side);
    axes.setPlotRect(plot);
    CellGrid grid;
    grid.columns = n;
    grid.rows = n;
    grid.value = [&](int column, int row) { return pm.values[std::size_t(row) * n + column]; };
    grid.min = pm.min;
    grid.max = pm.max;
    grid.colormap = pm.colormap;
    drawCellGrid(painter, style, plot, grid);
    if (trainedRows > 0 && trainedRows <= last) {
        // Rows training never reached: they keep their start (or decay), and the model has
        // never seen them.
        painter.save();
        painter.setPen(QPen(style.text, 1.2, Qt::DashLine));
        const double at = axes.mapX(trainedRows - 0.5);
        painter.drawLine(QPointF(at, plot.top()), QPointF(at, plot.bottom()));
        painter.drawLine(QPointF(plot.left(), axes.mapY(trainedRows - 0.5)),
                         QPointF(plot.right(), axes.mapY(trainedRows - 0.5)));
        painter.restore();
    }
    axes.drawFrame(painter);
    drawColorBar(painter, style, bar,
                 QRectF(plot.right() + barGap, plot.top(), barThickness, plot.height()));
    if (hovers) {
        const std::vector<int> positions = pm.positions;
        const std::vector<double> values = pm.values;
        const QString what = pm.title;
        hovers->add(plot, [plot, positions, values, what, n](QPointF at) -> QString {
            const int column = std::clamp(int((at.x() - plot.left()) / plot.width() * n), 0, n - 1);
            const int row = std::clamp(int((at.y() - plot.top()) / plot.height() * n), 0, n - 1);
            return QStringLiteral("positions %1 and %2 \u00b7 %3 %4")
                .arg(positions[std::size_t(row)])
                .arg(positions[std::size_t(column)])
                .arg(what, formatFigureValue(values[std::size_t(row) * n + column]));
        });
    }
    return plot;
}

} // namespace

void drawPositionsFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                         const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = QStringLiteral("What the encoding makes of two positions");
    const RunRecord *run = data.run;
    std::optional<PositionMatrix> pm;
    const EncodingKind encoding = data.config.encoding;
    if (run && (encoding == EncodingKind::Learned || encoding == EncodingKind::Sinusoidal))
        pm = tableMatrix(run->embedding);
    else if (run)
        pm = measuredMatrix(*run, encoding);
    if (!run || (run->losses.empty() && run->probes.empty())) {
        drawNotice(painter, style, frame.content, QStringLiteral("Not measured yet"),
                   QStringLiteral("Start a run to see how its encoding relates positions."));
    } else if (!pm) {
        drawNotice(painter, style, frame.content, QStringLiteral("Nothing to compare"),
                   encodingNotice(data));
    } else {
        const auto [left, right] = splitPanels(frame.content, style);
        // Rows a table trains: the training length (rows beyond only evaluation reaches).
        const bool table = encoding == EncodingKind::Learned;
        drawMatrix(painter, style, left, *pm, table ? data.config.seqLen : 0, hovers);
        LineChartSpec chart;
        chart.x = AxisSpec{0, 1, false, true, false, QStringLiteral("offset between positions")};
        chart.y = AxisSpec{0, 1, false, false, false, pm->offsetTitle};
        chart.series = pm->byOffset;
        chart.legend = pm->byOffset.size() > 1 && pm->byOffset.size() <= 8;
        fitAxisToSeries(chart.x, chart, Qt::Horizontal);
        fitAxisToSeries(chart.y, chart, Qt::Vertical);
        drawLineChart(painter, style, right, chart, hovers);
    }
    drawFigureTitle(painter, style, frame, title, frame.content.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
