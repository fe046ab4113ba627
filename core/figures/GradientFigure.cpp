// SPDX-License-Identifier: MIT
#include "GradientFigure.h"

#include "CellGrid.h"
#include "ColorBar.h"
#include "Colormap.h"
#include "EntropyFigure.h"
#include "FigureFrame.h"
#include "FigureText.h"
#include "LineChart.h"
#include "PlotAxes.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>
#include <cstdint>
#include <limits>

namespace pelab {

namespace {

constexpr double barThickness = 14;
constexpr double barGap = 18;

// log10 of the norms, groups x columns, each column the log of the mean norm over its bin of
// steps: one logarithm per cell, so 100,000 steps of 26 groups cost a pass of additions.
struct Binned {
    int groups = 0;
    int columns = 0;
    std::vector<double> log10Norm; // [groups][columns], NaN where no positive norm
    std::vector<std::int64_t> firstStep, lastStep;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
};

// Running sums of each group's usable norms (and how many there were) over a run's steps,
// extended as the run appends: a redraw bins 100,000 steps with two lookups per cell instead
// of a pass over every norm. One cache, for the run a window last drew (runId > 0); the CLI's
// and the tests' records (runId 0) are binned directly.
//
// The sums are double-double (a high part and the rounding error it left): a layer whose
// gradient fell by ten orders of magnitude would otherwise get its late bins as the difference
// of two huge sums, all rounding. With the error kept, a difference is exact to ~1e-32 of the
// running total.
struct PrefixSums {
    quint64 runId = 0;
    std::size_t groups = 0;
    std::size_t steps = 0;
    std::vector<double> high; // [(steps + 1) x groups], row s: the steps before s
    std::vector<double> low;
    std::vector<std::uint32_t> count; // the same for the usable norms' count
    double sum(std::size_t begin, std::size_t end, std::size_t g) const
    {
        const double a = high[end * groups + g], b = -high[begin * groups + g];
        const double d = a + b; // TwoSum: d + e is a + b exactly
        const double bb = d - a;
        const double e = (a - (d - bb)) + (b - bb);
        return d + (e + (low[end * groups + g] - low[begin * groups + g]));
    }
};

bool usableNorm(double norm)
{
    return norm > 0 && norm < std::numeric_limits<double>::infinity();
}

const PrefixSums *prefixSums(const RunRecord &record, std::size_t groups, std::size_t steps)
{
    if (record.runId == 0)
        return nullptr;
    static PrefixSums cache; // drawn on one thread: the window's
    if (cache.runId != record.runId || cache.groups != groups || cache.steps > steps) {
        cache = PrefixSums();
        cache.runId = record.runId;
        cache.groups = groups;
        cache.high.assign(groups, 0.0);
        cache.low.assign(groups, 0.0);
        cache.count.assign(groups, 0);
    }
    cache.high.resize((steps + 1) * groups);
    cache.low.resize((steps + 1) * groups);
    cache.count.resize((steps + 1) * groups);
    const double *norms = record.gradNorms.data();
    for (std::size_t s = cache.steps; s < steps; ++s)
        for (std::size_t g = 0; g < groups; ++g) {
            const double norm = norms[s * groups + g];
            const bool usable = usableNorm(norm);
            const double a = cache.high[s * groups + g], b = usable ? norm : 0.0;
            const double sum = a + b; // TwoSum: the rounding error goes into `low`
            const double bb = sum - a;
            cache.high[(s + 1) * groups + g] = sum;
            cache.low[(s + 1) * groups + g] =
                cache.low[s * groups + g] + ((a - (sum - bb)) + (b - bb));
            cache.count[(s + 1) * groups + g] = cache.count[s * groups + g] + (usable ? 1 : 0);
        }
    cache.steps = steps;
    return &cache;
}

Binned binNorms(const RunRecord &record, int maxColumns)
{
    Binned b;
    b.groups = int(record.gradGroups.size());
    const std::size_t steps = b.groups ? record.gradNorms.size() / std::size_t(b.groups) : 0;
    if (steps == 0)
        return b;
    b.columns = int(std::min<std::size_t>(steps, std::size_t(std::max(1, maxColumns))));
    const std::size_t groups = std::size_t(b.groups);
    std::vector<double> sums(groups * std::size_t(b.columns), 0.0);
    std::vector<int> counts(sums.size(), 0);
    b.firstStep.assign(std::size_t(b.columns), 0);
    b.lastStep.assign(std::size_t(b.columns), 0);
    const double *norms = record.gradNorms.data();
    const PrefixSums *prefix = prefixSums(record, groups, steps);
    std::vector<double> sum(groups);
    std::vector<int> count(groups);
    for (int column = 0; column < b.columns; ++column) {
        const std::size_t begin = std::size_t(column) * steps / std::size_t(b.columns);
        const std::size_t end = std::size_t(column + 1) * steps / std::size_t(b.columns);
        const auto stepOf = [&](std::size_t s) {
            return s < record.losses.size() ? record.losses[s].step : std::int64_t(s + 1);
        };
        b.firstStep[std::size_t(column)] = stepOf(begin);
        b.lastStep[std::size_t(column)] = stepOf(end - 1);
        if (prefix) {
            for (std::size_t g = 0; g < groups; ++g) {
                sum[g] = prefix->sum(begin, end, g);
                count[g] = int(prefix->count[end * groups + g] - prefix->count[begin * groups + g]);
            }
        } else {
            std::fill(sum.begin(), sum.end(), 0.0);
            std::fill(count.begin(), count.end(), 0);
            for (std::size_t s = begin; s < end; ++s) {
                const double *row = norms + s * groups;
                for (std::size_t g = 0; g < groups; ++g) {
                    const double norm = row[g];
                    const bool usable = usableNorm(norm);
                    sum[g] += usable ? norm : 0.0;
                    count[g] += usable;
                }
            }
        }
        for (std::size_t g = 0; g < groups; ++g) {
            sums[g * std::size_t(b.columns) + std::size_t(column)] = sum[g];
            counts[g * std::size_t(b.columns) + std::size_t(column)] = count[g];
        }
    }
    b.log10Norm.resize(sums.size());
    for (std::size_t i = 0; i < sums.size(); ++i) {
        if (counts[i] == 0) {
            b.log10Norm[i] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        b.log10Norm[i] = std::log10(sums[i] / counts[i]);
        b.min = std::min(b.min, b.log10Norm[i]);
        b.max = std::max(b.max, b.log10Norm[i]);
    }
    if (b.max - b.min < 1e-9) { // one level: give the scale some width
        b.min -= 0.5;
        b.max += 0.5;
    }
    return b;
}

} // namespace

std::optional<std::pair<int, int>> firstAndLastBlockGroups(const RunRecord &record)
{
    const std::int64_t layers = record.config.layers;
    if (layers < 2)
        return std::nullopt;
    const int first = int(record.gradGroups.indexOf(QStringLiteral("block.0")));
    const int last = int(record.gradGroups.indexOf(QStringLiteral("block.%1").arg(layers - 1)));
    if (first < 0 || last < 0)
        return std::nullopt;
    return std::pair{first, last};
}

std::optional<double> firstToLastBlockRatio(const RunRecord &record)
{
    const std::size_t groups = std::size_t(record.gradGroups.size());
    const auto blocks = firstAndLastBlockGroups(record);
    if (!blocks || groups == 0 || record.gradNorms.size() < groups)
        return std::nullopt;
    const std::size_t row = record.gradNorms.size() - groups;
    const double a = record.gradNorms[row + std::size_t(blocks->first)];
    const double b = record.gradNorms[row + std::size_t(blocks->second)];
    if (!(b > 0) || !std::isfinite(a) || !std::isfinite(b))
        return std::nullopt;
    return a / b;
}

QString gradientRatioSentence(double ratio, std::int64_t layers)
{
    const QString first = QStringLiteral("layer 1's gradient");
    const QString last = QStringLiteral("layer %1's").arg(layers);
    const auto times = [](double x) {
        return x >= 100 ? QString::number(std::llround(x)) : QString::number(x, 'g', 3);
    };
    if (ratio <= 0)
        return QStringLiteral("%1 is zero").arg(first);
    if (ratio >= 0.8 && ratio <= 1.25)
        return QStringLiteral("%1 is about as large as %2 (%3\u00d7)")
            .arg(first, last, times(ratio));
    if (ratio < 1)
        return QStringLiteral("%1 is %2\u00d7 smaller than %3").arg(first, times(1 / ratio), last);
    return QStringLiteral("%1 is %2\u00d7 larger than %3").arg(first, times(ratio), last);
}

void drawGradientFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                        const FigureStyle &style, HoverMap *hovers)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);
    const QString title = QStringLiteral("Gradient norm per layer");
    const RunRecord *run = data.run;
    if (!run || run->gradNorms.empty() || run->gradGroups.isEmpty()) {
        drawNotice(painter, style, frame.content, QStringLiteral("No gradients yet"),
                   QStringLiteral("Start a run: each step's gradient norm per layer appears "
                                  "here, so vanishing gradients show as dark rows."));
        drawFigureTitle(painter, style, frame, title, frame.content.center().x());
        drawFigureCaption(painter, style, frame, caption);
        return;
    }
    // The essay's number, in a line of its own above the plot (a long title would be cut).
    QRectF content = frame.content;
    if (const std::optional<double> ratio = firstToLastBlockRatio(*run)) {
        // Wrapped, not cut: on a narrow view it takes two lines.
        const QFont font = style.font(style.labelSize);
        const QString sentence =
            QStringLiteral("Now ") + gradientRatioSentence(*ratio, data.config.layers) + u'.';
        const QRectF bounds = QFontMetricsF(font).boundingRect(
            QRectF(content.left(), content.top(), content.width(), 1e6),
            Qt::AlignLeft | Qt::TextWordWrap, sentence);
        painter.save();
        painter.setFont(font);
        painter.setPen(style.text);
        painter.drawText(bounds, Qt::AlignLeft | Qt::TextWordWrap, sentence);
        painter.restore();
        content.setTop(bounds.bottom() + style.gap * 3);
    }
    // The groups in words: "layer 3" for block.2, "final norm" for final_ln (grad_norms.csv
    // keeps the state_dict's names).
    QStringList names;
    for (const QString &group : run->gradGroups)
        names << (group.startsWith(QStringLiteral("block.")) ? layerName(group.mid(6).toLongLong())
                  : group == QLatin1String("final_ln")       ? QStringLiteral("final norm")
                                                             : group);
    const std::size_t steps = run->gradNorms.size() / std::size_t(run->gradGroups.size());
    const double firstStep = run->losses.empty() ? 1.0 : double(run->losses.front().step);
    const double lastStep = firstStep + double(steps) - 1;
    AxisSpec x{firstStep - 0.5, lastStep + 0.5, false, true, false, QStringLiteral("step")};
    AxisSpec y{-0.5, names.size() - 0.5, false, false, true, QString()};
    y.categories = names;

    // Room for the colour bar first, then the axes take the rest.
    ColorBarSpec bar{0, 1, QStringLiteral("gradient norm (log\u2081\u2080)"), &viridis,
                     Qt::Vertical};
    const double barSpace =
        barGap + barThickness + colorBarLabelExtent(style, bar, frame.content.height());
    PlotAxes axes(style, x, y);
    const QRectF plot = axes.layout(content.adjusted(0, 0, -barSpace, 0));
    const Binned binned = binNorms(*run, std::max(1, int(plot.width())));
    // Other runs' ranges too, when it is one of several (a colour means the same in each).
    const bool shared = std::isfinite(data.colourLow) && std::isfinite(data.colourHigh) &&
                        data.colourHigh > data.colourLow;
    bar.min = shared ? data.colourLow : binned.min;
    bar.max = shared ? data.colourHigh : binned.max;

    CellGrid grid;
    grid.columns = binned.columns;
    grid.rows = binned.groups;
    grid.value = [&](int column, int row) {
        return binned.log10Norm[std::size_t(row) * binned.columns + std::size_t(column)];
    };
    grid.min = bar.min;
    grid.max = bar.max;
    grid.colormap = &viridis;
    grid.labelDecimals = 1;
    drawCellGrid(painter, style, plot, grid);
    axes.drawFrame(painter);
    drawColorBar(painter, style, bar,
                 QRectF(plot.right() + barGap, plot.top(), barThickness, plot.height()));

    if (hovers)
        hovers->add(plot, [plot, binned, names](QPointF at) -> QString {
            const int column = std::clamp(
                int((at.x() - plot.left()) / plot.width() * binned.columns), 0, binned.columns - 1);
            const int row = std::clamp(int((at.y() - plot.top()) / plot.height() * binned.groups),
                                       0, binned.groups - 1);
            const double value =
                binned.log10Norm[std::size_t(row) * binned.columns + std::size_t(column)];
            const std::int64_t a = binned.firstStep[std::size_t(column)],
                               b = binned.lastStep[std::size_t(column)];
            const QString steps = a == b ? QStringLiteral("step %1").arg(a)
                                         : QStringLiteral("steps %1\u2013%2 (mean)").arg(a).arg(b);
            return QStringLiteral("%1 \u00b7 %2 \u00b7 gradient norm %3")
                .arg(names[row], steps,
                     std::isfinite(value) ? formatFigureValue(std::pow(10.0, value))
                                          : QStringLiteral("0"));
        });
    drawFigureTitle(painter, style, frame, title, plot.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

} // namespace pelab
