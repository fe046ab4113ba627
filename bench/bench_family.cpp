// SPDX-License-Identifier: MIT
// What the live measurements cost on a family workload: N steps of TrainingSession::step
// (forward, backward, gradient norms, optimizer: "bare") against N steps of
// TrainingLoop::step (the same, plus the probe forward of 64 sequences every probeEvery()
// steps and the progress bookkeeping: "loop"), alternating in rounds, after 10 warm-up steps
// each. Both use the run's real config (so the real probe schedule) and step through its
// batches. Prints one JSON line: medians and per-round milliseconds per step.
// Usage: bench_family [--steps N] [--rounds R] [--profile FILE] TRAIN_FLAGS
//   TRAIN_FLAGS are `pelab train`'s (e.g. --layers 2 --width 32 ... --threads 1).
//   --profile FILE: instead, records LibTorch's profiler over N bare steps into FILE (a
//   chrome://tracing JSON of every op), or over N loop steps with --profile-loop FILE.
//   Also prints the median milliseconds of one TrainingSession::probe() ("probe_ms").
// Driven by bench/family_bench.py.
// Torch's headers first: Qt's keyword macros (slots) break them.
#include <torch/csrc/autograd/profiler_legacy.h>

#include "CommandLine.h"
#include "TrainingProgress.h"
#include "TrainingSession.h"
#include "training/TrainingLoop.h"

#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace pelab;

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point begin)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

QString joined(const std::vector<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << QString::number(v, 'f', 3);
    return parts.join(QStringLiteral(", "));
}

constexpr int warmUp = 10;

// Milliseconds per step of `steps` session steps after the warm-up.
double bareRound(const TrainingConfig &config, int steps)
{
    TrainingSession session(config);
    for (int i = 0; i < warmUp; ++i)
        session.step();
    const Clock::time_point begin = Clock::now();
    for (int i = 0; i < steps; ++i)
        session.step();
    return millisecondsSince(begin) / steps;
}

// The same through the training loop, with its measurements; the progress is drained every
// step as the worker's snapshots would.
double loopRound(const TrainingConfig &config, int steps, std::int64_t *probeEvery)
{
    TrainingLoop loop(config);
    *probeEvery = loop.probeEvery();
    TrainingProgress progress;
    for (int i = 0; i < warmUp; ++i)
        loop.step(progress);
    const Clock::time_point begin = Clock::now();
    for (int i = 0; i < steps; ++i) {
        loop.step(progress);
        if (!progress.losses.empty())
            progress = TrainingProgress();
    }
    return millisecondsSince(begin) / steps;
}

int fail(const QString &message)
{
    std::fprintf(stderr, "bench_family: %s\n", qUtf8Printable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int steps = 100;
    int rounds = 3;
    QString profileFile;
    bool profileLoop = false;
    QStringList trainFlags{QStringLiteral("train")};
    const QStringList arguments = app.arguments().mid(1);
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &a = arguments[i];
        const bool hasValue = i + 1 < arguments.size();
        if (a == QLatin1String("--steps") && hasValue)
            steps = arguments[++i].toInt();
        else if (a == QLatin1String("--rounds") && hasValue)
            rounds = arguments[++i].toInt();
        else if ((a == QLatin1String("--profile") || a == QLatin1String("--profile-loop")) &&
                 hasValue) {
            profileLoop = a == QLatin1String("--profile-loop");
            profileFile = arguments[++i];
        } else
            trainFlags << a;
    }
    const CommandLine command = parseCommandLine(trainFlags);
    if (command.mode != CommandLine::Mode::Train)
        return fail(command.errors.isEmpty() ? QStringLiteral("give `pelab train` flags")
                                             : command.errors.join(QStringLiteral("; ")));
    TrainingConfig config = command.config;
    if (steps < 1 || rounds < 1)
        return fail(QStringLiteral("--steps and --rounds must be at least 1"));
    if (config.totalSteps() < warmUp + steps)
        return fail(QStringLiteral("the run has %1 steps; it needs %2 (raise --epochs)")
                        .arg(config.totalSteps())
                        .arg(warmUp + steps));
    setTorchThreads(int(config.threads));

    if (!profileFile.isEmpty()) {
        TrainingSession session(config);
        TrainingLoop trainingLoop(config);
        TrainingProgress progress;
        for (int i = 0; i < warmUp; ++i)
            profileLoop ? void(trainingLoop.step(progress)) : void(session.step());
        {
            torch::autograd::profiler::RecordProfile profile(profileFile.toStdString());
            for (int i = 0; i < steps; ++i)
                profileLoop ? void(trainingLoop.step(progress)) : void(session.step());
        }
        std::printf("{\"profile\": \"%s\", \"steps\": %d}\n", qUtf8Printable(profileFile), steps);
        return 0;
    }

    std::vector<double> bare, loop;
    std::int64_t probeEvery = 0;
    for (int r = 0; r < rounds; ++r) {
        // Alternate which goes first, so drift in machine speed does not favour one.
        if (r % 2 == 0) {
            bare.push_back(bareRound(config, steps));
            loop.push_back(loopRound(config, steps, &probeEvery));
        } else {
            loop.push_back(loopRound(config, steps, &probeEvery));
            bare.push_back(bareRound(config, steps));
        }
    }
    // One probe (forward of the probe batch and the statistics) on a trained-for-a-bit session.
    std::vector<double> probes;
    {
        TrainingSession session(config);
        for (int i = 0; i < warmUp; ++i)
            session.step();
        for (int i = 0; i < 3 + 2 * rounds; ++i) {
            const Clock::time_point begin = Clock::now();
            session.probe();
            if (i >= 3)
                probes.push_back(millisecondsSince(begin));
        }
    }
    std::vector<double> overheads;
    for (std::size_t i = 0; i < bare.size(); ++i)
        overheads.push_back(100.0 * (loop[i] / bare[i] - 1));
    std::printf("{\"bare_ms\": %.4f, \"loop_ms\": %.4f, \"overhead_percent\": %.2f, "
                "\"round_overhead_percent\": [%s], \"bare_rounds_ms\": [%s], "
                "\"loop_rounds_ms\": [%s], \"probe_every\": %lld, \"probe_ms\": %.4f, "
                "\"steps\": %d, \"threads\": %lld}\n",
                median(bare), median(loop), 100.0 * (median(loop) / median(bare) - 1),
                qUtf8Printable(joined(overheads)), qUtf8Printable(joined(bare)),
                qUtf8Printable(joined(loop)), static_cast<long long>(probeEvery), median(probes),
                steps, static_cast<long long>(config.threads));
    return 0;
}
