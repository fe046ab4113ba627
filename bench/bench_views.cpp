// SPDX-License-Identifier: MIT
// bench_views: each view's redraw at its largest setting (target under 8 ms each):
//  - attention: 8 layers x 8 heads of 64 x 64;
//  - gradients: 100,000 steps of norms for 24 layers (26 groups);
//  - entropy and rank: 8 layers x 8 heads, probes at 201 steps;
//  - the embedding heatmap: a 512-wide table of 1,024 positions.
// Each figure view is drawn the way the window draws it (FigureView::renderImage, at 1x and
// 2x); the median of 15 redraws after 3 warm-ups is printed. Offscreen when no display.
#include "BenchSupport.h"
#include "EmbeddingHeatmap.h"
#include "FigureView.h"
#include "RunRecorder.h"
#include "Trainer.h"

#include <QApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

using namespace pelab;

namespace {

constexpr std::int64_t kHeads = 8, kLength = 64;

// A record at the views' largest settings, filled as a run of 100,000 steps would fill it.
RunRecord largestRecord(std::int64_t kLayers)
{
    RunRecord r;
    r.runId = 1; // a window's run (the gradient view keeps running sums for it)
    r.config.task = TaskKind::Shift;
    r.config.layers = kLayers;
    r.config.heads = kHeads;
    r.config.width = 512;
    r.config.seqLen = kLength;
    r.config.vocab = 16;
    r.config.evalLengths = {64, 128, 256};
    r.gradGroups = {QStringLiteral("input"), QStringLiteral("encoding")};
    for (std::int64_t l = 0; l < kLayers; ++l)
        r.gradGroups << QStringLiteral("block.%1").arg(l);
    const std::int64_t steps = 100000;
    r.losses.reserve(steps);
    r.gradNorms.reserve(std::size_t(steps) * std::size_t(r.gradGroups.size()));
    for (std::int64_t s = 1; s <= steps; ++s) {
        r.losses.push_back({1, s, 2.0 / std::sqrt(double(s))});
        for (int g = 0; g < r.gradGroups.size(); ++g)
            r.gradNorms.push_back(std::pow(10.0, -g / 6.0) * (1 + 0.1 * std::sin(double(s))));
    }
    for (std::int64_t p = 0; p <= 200; ++p) {
        ProbePoint probe{p * steps / 200, {}};
        NdArray entropy{{kLayers, kHeads}, {}}, distance{{kLayers, kHeads}, {}};
        for (std::int64_t i = 0; i < kLayers * kHeads; ++i) {
            entropy.values.push_back(1.0 / (1 + 0.01 * double(p * (i % 7 + 1))));
            distance.values.push_back(10.0 / (1 + 0.01 * double(p)));
        }
        NdArray rank{{kLayers}, {}};
        for (std::int64_t l = 0; l < kLayers; ++l)
            rank.values.push_back(std::pow(0.7, double(l + 1)));
        probe.values.insert(QStringLiteral("attention_entropy"), entropy);
        probe.values.insert(QStringLiteral("attention_distance"), distance);
        probe.values.insert(QStringLiteral("rank_residual"), rank);
        probe.values.insert(QStringLiteral("accuracy_per_position"),
                            NdArray{{kLength}, std::vector<double>(kLength, 0.5)});
        r.probes.push_back(probe);
    }
    NdArray attention{{8, 8, kLength, kLength}, {}}; // the grid's largest: 8 x 8 panels
    for (std::int64_t i = 0; i < attention.size(); ++i)
        attention.values.push_back(double((i * 7919) % 1000) / 64000.0);
    r.latest = r.probes.back().values;
    r.latest.insert(QStringLiteral("attention"), attention);
    for (std::int64_t length : r.config.evalLengths)
        r.extrapolation.push_back({steps, length, 0.5, 64.0 / double(length), 0.1});
    return r;
}

double medianMs(const std::function<void()> &draw)
{
    for (int i = 0; i < 3; ++i)
        draw();
    std::vector<double> ms;
    for (int i = 0; i < 15; ++i) {
        QElapsedTimer timer;
        timer.start();
        draw();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    bench::useOffscreenWithoutDisplay();
    QApplication app(argc, argv);
    Trainer trainer;
    RunRecorder recorder(&trainer);
    // The recorder's record is what the views draw; fill it as a run would.
    RunRecord &record = const_cast<RunRecord &>(recorder.record());

    std::printf("redraw of each view at its largest setting, median of 15 (target < 8 ms):\n");
    bool met = true;
    // `bench_views entropy` measures that view alone (for a profiler).
    const QString only = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    for (const FigureKind kind : {FigureKind::Attention, FigureKind::Gradients, FigureKind::Entropy,
                                  FigureKind::Rank, FigureKind::Extrapolation}) {
        if (!only.isEmpty() && only != figureFileStem(kind))
            continue;
        // 24 layers of gradient norms; the attention grid's largest is 8 x 8.
        record = largestRecord(kind == FigureKind::Gradients ? 24 : 8);
        FigureView view(kind, &recorder);
        view.resize(800, 560);
        for (const double ratio : {1.0, 2.0}) {
            const double ms = medianMs([&] { view.renderImage(ratio); });
            met &= ms < 8;
            std::printf("  %-14s %4.0fx%-4.0f at %.0fx: %6.2f ms  %s\n",
                        qPrintable(figureFileStem(kind)), double(view.figureRect().width()),
                        double(view.figureRect().height()), ratio, ms, ms < 8 ? "met" : "MISSED");
        }
    }
    if (!only.isEmpty() && only != QLatin1String("embeddings")) {
        std::printf("%s\n", met ? "all met" : "some MISSED");
        return 0;
    }
    EmbeddingHeatmap heatmap;
    heatmap.resize(800, 560);
    Matrix table{1024, 512, {}};
    for (int i = 0; i < 1024 * 512; ++i)
        table.values.push_back(float(std::sin(i * 0.001)));
    const double ms = medianMs([&] {
        heatmap.setEmbedding(table); // a new frame of the table: recoloured, then painted
        heatmap.grab();
    });
    met &= ms < 8;
    std::printf("  %-14s 512 x 1024 table, 800x560: %6.2f ms  %s\n", "embeddings", ms,
                ms < 8 ? "met" : "MISSED");
    std::printf("%s\n", met ? "all met" : "some MISSED");
    return 0;
}
