// SPDX-License-Identifier: MIT
// Helpers the GUI-less tests share: configs built from flags as `pelab train` builds them,
// a config with every field changed, and programs run side by side.
#pragma once

#include "CommandLine.h"
#include "TestSupport.h"

#include <QList>
#include <QStringList>

#include <future>
#include <optional>
#include <utility>
#include <vector>

namespace pelab::test {

// The config `pelab train FLAGS` runs, parsed by the CLI's own parser; empty, with the
// errors in `error`, when the CLI would refuse the flags.
inline std::optional<TrainingConfig> parseTrainFlags(const QStringList &flags,
                                                     QString *error = nullptr)
{
    const CommandLine command = parseCommandLine(QStringList{QStringLiteral("train")} + flags);
    if (command.mode != CommandLine::Mode::Train) {
        if (error)
            *error = command.errors.join(QLatin1Char('\n'));
        return std::nullopt;
    }
    return command.config;
}

// As parseTrainFlags, for flags a test knows to be valid: a typo stops the test run.
inline TrainingConfig configFromFlags(const QStringList &flags)
{
    QString error;
    const std::optional<TrainingConfig> config = parseTrainFlags(flags, &error);
    if (!config)
        qFatal("pelab train %s: %s", qPrintable(flags.join(QLatin1Char(' '))), qPrintable(error));
    return *config;
}

// `pelab train` flags of a two-layer causal shift run with a validation set and two
// evaluation lengths: 2 epochs of 3 steps, a fraction of a second.
inline QStringList smallShiftFlags()
{
    return {"--task",   "shift",
            "--layers", "2",
            "--width",  "16",
            "--heads",  "2",
            "--causal", "--seq-len",
            "8",        "--samples",
            "96",       "--epochs",
            "2",        "--val-samples",
            "32",       "--eval-lengths",
            "8,12",     "--eval-samples",
            "32"};
}

// Every field set to a value other than its default, with the rules between fields kept.
inline TrainingConfig everyFieldChanged()
{
    TrainingConfig c;
    c.task = TaskKind::Shift;
    c.samples = 123;
    c.seqLen = 17;
    c.vocab = 7;
    c.shift = 3;
    c.valSamples = 5;
    c.evalLengths = {20, 30};
    c.evalSamples = 9;
    c.evalEvery = 2;
    c.width = 12;
    c.layers = 2;
    c.heads = 3;
    c.mlpRatio = 2;
    c.norm = NormKind::Post;
    c.residual = false;
    c.dropout = 0.25;
    c.qkGain = 0.5;
    c.causal = true;
    c.encoding = EncodingKind::Alibi;
    c.peInitStd = 0.1 + 0.2; // not a short decimal
    c.batchSize = 7;
    c.epochs = 9;
    c.shuffle = false;
    c.optimizer = OptimizerKind::Sgd;
    c.learningRate = 0.1 + 0.2;
    c.momentum = 0.5;
    c.weightDecay = 0.003;
    c.seed = limits::maxSeed;
    c.threads = 2;
    return c;
}

// Runs several programs at once (the machine has two cores; the PyTorch reference takes
// seconds to import torch) and returns their results in order.
inline QList<ProcessResult> runTogether(const QList<std::pair<QString, QStringList>> &commands)
{
    std::vector<std::future<ProcessResult>> running;
    for (const auto &[program, arguments] : commands)
        running.push_back(std::async(
            std::launch::async, [program, arguments] { return runProcess(program, arguments); }));
    QList<ProcessResult> results;
    for (auto &r : running)
        results << r.get();
    return results;
}

} // namespace pelab::test
