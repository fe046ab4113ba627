// SPDX-License-Identifier: MIT
#include "ParallelRuns.h"

#include "StepGate.h"

#include <malloc.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace pelab {

namespace {

// Starts runs in order while their estimated memory fits the budget together (one always
// may) and fewer than maxLiveRuns train: five encodings race side by side, twenty seeds six
// at a time (each live run holds a thread, its BLAS buffers and working memory: measured
// about 80 MB a run for family workload 1, so twenty at once peaked at 2.2 GB), two huge
// runs one after the other.
class MemoryAdmission {
public:
    explicit MemoryAdmission(double budget)
        : m_budget(budget)
    {}

    void enter(std::size_t index, double bytes)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] {
            return index == m_nextIndex && m_live < maxLiveRuns &&
                   (m_inUse == 0 || m_budget <= 0 || m_inUse + bytes <= m_budget);
        });
        m_inUse += bytes;
        ++m_live;
        ++m_nextIndex;
        lock.unlock();
        m_changed.notify_all();
    }

    void leave(double bytes)
    {
        {
            const std::lock_guard lock(m_mutex);
            m_inUse -= bytes;
            --m_live;
        }
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    double m_budget;
    double m_inUse = 0;
    int m_live = 0;
    std::size_t m_nextIndex = 0;
};

} // namespace

int parallelRunSlots()
{
    return std::max(1, int(std::thread::hardware_concurrency()));
}

std::vector<ParallelRun> runInParallel(std::vector<TrainingConfig> configs,
                                       const ParallelRunOptions &options)
{
    std::vector<ParallelRun> runs(configs.size());
    StepGate gate(options.concurrent > 0 ? options.concurrent : parallelRunSlots());
    MemoryAdmission admission(memoryBudgetBytes());
    const auto train = [&](std::size_t i) {
        TrainingConfig &config = configs[i];
        config.threads = 1;
        const double bytes = config.estimatedBytes();
        admission.enter(i, bytes);
        if (options.stop && options.stop->load()) {
            runs[i].result.interrupted = true;
            runs[i].result.record.config = config;
            admission.leave(bytes);
            return;
        }
        try {
            runs[i].result = runHeadless(
                config,
                [&options, i](std::int64_t epoch, double loss) {
                    if (options.onEpoch)
                        options.onEpoch(int(i), epoch, loss);
                },
                options.stop, &gate);
        } catch (const std::exception &error) {
            runs[i].result.record.config = config;
            runs[i].error = QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0);
        }
        runs[i].result.record.snapshots.shrink_to_fit();
        admission.leave(bytes);
        // The run's working memory went back to its thread's malloc arena, which glibc keeps:
        // hand it to the system, or twenty runs in a row pile up as if they ran at once.
        malloc_trim(0);
    };
    // A thread per run (cheap: they sleep while another holds the cores); the gate lets
    // `concurrent` steps run at once, taking turns.
    std::vector<std::thread> threads;
    threads.reserve(configs.size());
    for (std::size_t i = 0; i < configs.size(); ++i)
        threads.emplace_back(train, i);
    for (std::thread &thread : threads)
        thread.join();
    return runs;
}

} // namespace pelab
