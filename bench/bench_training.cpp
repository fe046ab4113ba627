// SPDX-License-Identifier: MIT
// In-process training speed of the seed workload: prints milliseconds per epoch as JSON.
// Usage: bench_training [epochs] (default 300). Driven by bench/seed_bench.py.
#include "TrainingSession.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace pelab;

int main(int argc, char *argv[])
{
    TrainingConfig config; // the seed notebook's setup
    config.epochs = argc > 1 ? std::atoll(argv[1]) : 300;
    setTorchThreads(1);

    QElapsedTimer total;
    total.start();
    TrainingSession session(config);
    const double setupMs = total.nsecsElapsed() / 1e6;
    std::vector<double> epochMs;
    QElapsedTimer epochTimer;
    epochTimer.start();
    double lastLoss = 0;
    while (!session.isFinished()) {
        const StepResult step = session.step();
        if (step.epochEnded) {
            epochMs.push_back(epochTimer.nsecsElapsed() / 1e6);
            epochTimer.restart();
            lastLoss = step.loss;
        }
    }
    const double trainMs = total.nsecsElapsed() / 1e6 - setupMs;
    std::sort(epochMs.begin(), epochMs.end());
    std::printf("{\"mean_epoch_ms\": %.6f, \"median_epoch_ms\": %.6f, \"setup_ms\": %.3f, "
                "\"last_loss\": %.17g}\n",
                trainMs / double(epochMs.size()), epochMs[epochMs.size() / 2], setupMs, lastLoss);
    return 0;
}
