// SPDX-License-Identifier: MIT
// bench_race_gui [ROUNDS]: the window while five variants race (Race encodings on family
// workload 1: 2 layers, width 32, causal shift, L 16, batch 64, 6,400 sequences, 3 epochs,
// validation and an evaluation at twice the length), with the Runs list and the overlaid
// charts on screen.
//  1. UI event-loop lateness: a 1 ms timer on the UI thread (target p99 <= 16 ms).
//  2. Wall time of the race in the window against the same five runs trained one after
//     another headless, in the same program (target <= 0.6x).
// Runs on the offscreen platform when there is no display; never touches the user's settings.
#include "BenchSupport.h"
#include "ComparisonWorkspace.h"
#include "HeadlessRun.h"
#include "LatencyProbe.h"
#include "MainWindow.h"
#include "TrainingConfig.h"
#include "run/RunSet.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSettings>
#include <QTemporaryDir>

#include <cstdio>

using namespace pelab;

namespace {

TrainingConfig workload()
{
    TrainingConfig c;
    c.task = TaskKind::Shift;
    c.layers = 2;
    c.width = 32;
    c.heads = 2;
    c.causal = true;
    c.seqLen = 16;
    c.batchSize = 64;
    c.samples = 6400;
    c.epochs = 3;
    c.valSamples = 256;
    c.evalLengths = {16, 32};
    return c;
}

} // namespace

int main(int argc, char *argv[])
{
    bench::useOffscreenWithoutDisplay();
    QApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2;
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    std::vector<double> lateness;
    double sequential = 0, raced = 0;
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        for (const EncodingKind encoding :
             {EncodingKind::Learned, EncodingKind::Sinusoidal, EncodingKind::None,
              EncodingKind::Rope, EncodingKind::Alibi}) {
            TrainingConfig c = workload();
            c.encoding = encoding;
            runHeadless(c);
        }
        const double alone = double(timer.nsecsElapsed()) / 1e9;

        MainWindow window;
        window.setSaveSettingsOnClose(false);
        window.setConfig(workload());
        window.show();
        RunSet *runs = window.comparison()->runs();
        QEventLoop loop;
        QObject::connect(runs, &RunSet::runChanged, &loop, [&] {
            if (runs->count() == 5 && !runs->anyActive())
                loop.quit();
        });
        bench::LatencyProbe probe;
        probe.start();
        window.comparison()->raceAction()->trigger();
        loop.exec();
        const double race = probe.stop();
        lateness.insert(lateness.end(), probe.latenessMs().begin(), probe.latenessMs().end());
        sequential += alone;
        raced += race;
        std::printf("round %d: one after another headless %.2f s, racing in the window %.2f s: "
                    "ratio %.3f\n",
                    round + 1, alone, race, race / alone);
        std::fflush(stdout);
        window.close();
    }
    const double p99 = bench::percentile(lateness, 0.99);
    std::printf("UI event-loop lateness while five runs race (1 ms probe, %zu ticks): p50 %.2f "
                "ms, p99 %.2f ms, max %.2f ms  (target p99 <= 16 ms: %s)\n",
                lateness.size(), bench::percentile(lateness, 0.5), p99,
                bench::percentile(lateness, 1.0), p99 <= 16 ? "met" : "MISSED");
    std::printf("race in the window vs one after another: %.3f  (target <= 0.6: %s)\n",
                raced / sequential, raced / sequential <= 0.6 ? "met" : "MISSED");
    return 0;
}
