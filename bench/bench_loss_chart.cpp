// SPDX-License-Identifier: MIT
// Prints how long the live loss chart takes to redraw while holding a million steps:
// decimate + QXYSeries::replace + render the widget, median and p95 over repetitions,
// against the 16 ms frame budget, and once the undecimated Qt Charts baseline for the ratio.
// Wall time is what a user feels; the thread's CPU time is printed too because on a shared,
// loaded machine wall time also counts the time other processes held the CPU.
// Usage: bench_loss_chart [--no-baseline]
#include "LossChartView.h"

#include <QApplication>
#include <QChartView>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

using namespace pelab;

namespace {

constexpr std::int64_t kSteps = 1'000'000;
constexpr std::int64_t kStepsPerEpoch = 1000;
constexpr std::int64_t kBatch = 2000; // steps per snapshot, as a fast run delivers them
constexpr int kRepetitions = 40;

double loss(std::int64_t step, std::mt19937_64 &random)
{
    std::normal_distribution<double> noise(0.0, 1.0);
    const double clean = 0.02 + 0.9 * std::exp(-double(step) / 60000.0);
    return clean * std::exp(0.25 * noise(random)); // multiplicative noise, like batch losses
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double percentile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    const auto i = std::size_t(std::lround(q * double(values.size() - 1)));
    return values[i];
}

struct Timings {
    std::vector<double> wallMs;
    std::vector<double> cpuMs;
    double median() const { return percentile(wallMs, 0.5); }
};

template <typename Work> Timings timeRepeated(Work work)
{
    Timings timings;
    for (int i = 0; i < kRepetitions; ++i) {
        QElapsedTimer timer;
        const double cpuStart = threadCpuMs();
        timer.start();
        work();
        timings.wallMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        timings.cpuMs.push_back(threadCpuMs() - cpuStart);
    }
    return timings;
}

void report(const QString &what, const Timings &t)
{
    std::printf("%s: median %.1f ms, p95 %.1f ms (target <= 16 ms); CPU time median %.1f ms, "
                "p95 %.1f ms\n",
                qPrintable(what), t.median(), percentile(t.wallMs, 0.95), percentile(t.cpuMs, 0.5),
                percentile(t.cpuMs, 0.95));
}

void feed(LossChartView &view, std::vector<double> &all)
{
    std::mt19937_64 random(7);
    double epochSum = 0;
    for (std::int64_t first = 1; first <= kSteps; first += kBatch) {
        std::vector<LossPoint> batch;
        std::vector<EpochSummary> epochs;
        for (std::int64_t step = first; step < first + kBatch && step <= kSteps; ++step) {
            const std::int64_t epoch = (step - 1) / kStepsPerEpoch + 1;
            const double value = loss(step, random);
            batch.push_back({epoch, step, value});
            all.push_back(value);
            epochSum += value;
            if (step % kStepsPerEpoch == 0) {
                epochs.push_back({epoch, value, epochSum / kStepsPerEpoch});
                epochSum = 0;
            }
        }
        view.appendLosses(batch);
        view.appendEpochs(epochs);
    }
}

// Every point handed to Qt Charts, rendered once at the same size: what decimation avoids.
double undecimatedMs(const std::vector<double> &all, QSize size)
{
    auto *chart = new QChart;
    auto *series = new QLineSeries;
    chart->addSeries(series);
    chart->createDefaultAxes();
    QChartView view(chart);
    view.resize(size);
    view.show();
    QList<QPointF> points;
    points.reserve(qsizetype(all.size()));
    for (std::size_t i = 0; i < all.size(); ++i)
        points.append(QPointF(double(i + 1), all[i]));
    QImage frame(size, QImage::Format_ARGB32_Premultiplied);
    QElapsedTimer timer;
    timer.start();
    series->replace(points);
    chart->axes(Qt::Horizontal).value(0)->setRange(0, double(all.size()));
    chart->axes(Qt::Vertical).value(0)->setRange(0, 1.2);
    view.QWidget::render(&frame); // QGraphicsView::render hides it
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    LossChartView view;
    view.resize(1200, 700);
    view.show();
    RunStart start;
    start.totalSteps = kSteps;
    start.stepsPerEpoch = kStepsPerEpoch;
    view.reset(start);
    std::vector<double> all; // kept for the undecimated baseline
    all.reserve(kSteps);
    feed(view, all);
    QApplication::processEvents();
    view.redrawNow();

    // A screen repaint draws into an existing backing store: render into one reused image.
    QImage frame(view.size() * view.devicePixelRatio(), QImage::Format_ARGB32_Premultiplied);
    frame.setDevicePixelRatio(view.devicePixelRatio());
    const auto paint = [&] { view.render(&frame); };
    paint(); // the first paint lays out fonts and fills caches; not what a redraw costs
    const auto redraw = [&] {
        view.redrawNow();
        paint();
    };

    QFile loadFile(QStringLiteral("/proc/loadavg"));
    if (loadFile.open(QIODevice::ReadOnly))
        std::printf("machine load average: %s", loadFile.readLine().constData());
    const Timings full = timeRepeated(redraw);
    report(QStringLiteral("loss chart redraw with %1 steps at %2x%3 px")
               .arg(view.pointCount())
               .arg(view.width())
               .arg(view.height()),
           full);
    std::printf("  of which decimate + replace: median %.1f ms; render: median %.1f ms\n",
                timeRepeated([&] { view.redrawNow(); }).median(), timeRepeated(paint).median());
    view.setLogScale(true);
    report(QStringLiteral("  log scale"), timeRepeated(redraw));
    view.setLogScale(false);
    view.resize(600, 350);
    QApplication::processEvents();
    frame = QImage(view.size() * view.devicePixelRatio(), QImage::Format_ARGB32_Premultiplied);
    redraw();
    report(QStringLiteral("  at 600x350 px"), timeRepeated(redraw));

    view.setSmoothing(0.99);
    QElapsedTimer smoothingTimer;
    smoothingTimer.start();
    view.redrawNow(); // recomputes the EMA over every step first
    std::printf("  after a smoothing change (EMA over all steps + redraw): %.1f ms\n",
                double(smoothingTimer.nsecsElapsed()) / 1e6);

    if (QCoreApplication::arguments().contains(QStringLiteral("--no-baseline")))
        return 0;
    const double baselineMs = undecimatedMs(all, QSize(1200, 660));
    std::printf("undecimated baseline (all %zu points to Qt Charts, one render): %.0f ms, "
                "%.0fx the median redraw\n",
                all.size(), baselineMs, baselineMs / full.median());
    return 0;
}
