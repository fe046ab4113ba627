// SPDX-License-Identifier: MIT
// Racing variants against running them one after another, in the same program: the wall
// time of runInParallel (all runs side by side, taking turns on one slot per core, one
// intra-op thread each) over the wall time of
// the same runs trained sequentially with one thread each, in alternating rounds. Also
// checks that both give the same losses, bit for bit, and prints the peak resident memory.
// Usage: bench_variants [--rounds R] [--parallel-only] [TRAIN_FLAGS] [--vary FIELD=V1,...]
//   Defaults: family workload 1 (2 layers, width 32, causal shift, L 16, batch 64, 6,400
//   sequences, 3 epochs = 300 steps) and --vary encoding=learned,sinusoidal,none,rope,alibi.
#include "CommandLine.h"
#include "HeadlessRun.h"
#include "run/ParallelRuns.h"
#include "run/Variants.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>

using namespace pelab;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point begin)
{
    return std::chrono::duration<double>(Clock::now() - begin).count();
}

// The process's peak resident set (VmHWM), in MiB.
double peakResidentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024;
    return 0;
}

bool sameLosses(const RunRecord &a, const RunRecord &b)
{
    if (a.losses.size() != b.losses.size())
        return false;
    for (std::size_t i = 0; i < a.losses.size(); ++i)
        if (std::bit_cast<std::uint64_t>(a.losses[i].loss) !=
            std::bit_cast<std::uint64_t>(b.losses[i].loss))
            return false;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    int rounds = 2;
    // --parallel-only: race once and report the memory (a session's worth of runs), without
    // the sequential reference.
    const bool parallelOnly = arguments.removeAll(QStringLiteral("--parallel-only")) > 0;
    if (const qsizetype at = arguments.indexOf(QStringLiteral("--rounds")); at >= 0) {
        rounds = std::max(1, arguments.value(at + 1).toInt());
        arguments.remove(at, 2);
    }
    QStringList flags{QStringLiteral("train")};
    if (arguments.filter(QStringLiteral("--")).isEmpty() ||
        (arguments.size() == 2 && arguments[0] == QLatin1String("--vary")))
        flags << QStringLiteral("--layers 2 --width 32 --heads 2 --task shift --causal "
                                "--seq-len 16 --batch-size 64 --samples 6400 --epochs 3")
                     .split(' ');
    flags << arguments;
    if (!flags.contains(QStringLiteral("--vary")))
        flags << QStringLiteral("--vary")
              << QStringLiteral("encoding=learned,sinusoidal,none,rope,alibi");
    const CommandLine command = parseCommandLine(flags);
    if (command.mode != CommandLine::Mode::Train || !command.variation) {
        for (const QString &error : command.errors)
            std::fprintf(stderr, "bench_variants: %s\n", qUtf8Printable(error));
        return 2;
    }
    QStringList errors;
    std::vector<TrainingConfig> configs =
        variantConfigs(command.config, *command.variation, &errors);
    for (TrainingConfig &config : configs)
        config.threads = 1;
    const int concurrent = std::min(parallelRunSlots(), int(configs.size()));
    std::printf("%zu runs of %lld steps; %d at a time vs one after another; %d rounds\n",
                configs.size(), static_cast<long long>(configs[0].totalSteps()), concurrent,
                rounds);

    std::vector<double> sequential, parallel;
    bool identical = true;
    if (parallelOnly) {
        const Clock::time_point begin = Clock::now();
        std::size_t kept = 0;
        {
            ParallelRunOptions options;
            options.concurrent = concurrent;
            const std::vector<ParallelRun> raced = runInParallel(configs, options);
            for (const ParallelRun &run : raced)
                kept += run.result.record.snapshots.size();
            std::printf("{\"runs\": %zu, \"steps_each\": %lld, \"seconds\": %.1f, "
                        "\"snapshots\": %zu, \"peak_rss_mib\": %.0f}\n",
                        configs.size(), static_cast<long long>(configs[0].totalSteps()),
                        secondsSince(begin), kept, peakResidentMiB());
        }
        return 0;
    }
    for (int round = 0; round < rounds; ++round) {
        Clock::time_point begin = Clock::now();
        std::vector<HeadlessResult> alone;
        for (const TrainingConfig &config : configs)
            alone.push_back(runHeadless(config));
        sequential.push_back(secondsSince(begin));

        begin = Clock::now();
        ParallelRunOptions options;
        options.concurrent = concurrent;
        const std::vector<ParallelRun> raced = runInParallel(configs, options);
        parallel.push_back(secondsSince(begin));
        for (std::size_t i = 0; i < configs.size(); ++i)
            identical = identical && sameLosses(alone[i].record, raced[i].result.record);
        std::printf("round %d: sequential %.2f s, side by side %.2f s: ratio %.3f\n", round + 1,
                    sequential.back(), parallel.back(), parallel.back() / sequential.back());
        std::fflush(stdout);
    }
    double sumSequential = 0, sumParallel = 0;
    for (int i = 0; i < rounds; ++i) {
        sumSequential += sequential[std::size_t(i)];
        sumParallel += parallel[std::size_t(i)];
    }
    std::printf("{\"runs\": %zu, \"concurrent\": %d, \"sequential_s\": %.3f, \"parallel_s\": %.3f, "
                "\"ratio\": %.3f, \"identical\": %s, \"peak_rss_mib\": %.0f}\n",
                configs.size(), concurrent, sumSequential / rounds, sumParallel / rounds,
                sumParallel / sumSequential, identical ? "true" : "false", peakResidentMiB());
    return identical ? 0 : 1;
}
