// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

namespace pelab {

// The controls of a running trainer, shared by the UI thread (writer) and the worker
// (reader between steps). A paused worker sleeps on a condition variable, so pause, step,
// resume and stop reach it at once instead of on the next poll.
class RunControl {
public:
    void pause();
    void resume();
    void requestStep(); // one batch, then hold (pauses a running worker)
    void stop();
    void setLearningRate(double learningRate);
    // At most this many steps a second (0: as fast as possible), so a learner can watch a
    // small model learn; held steps wake at once for any control.
    void setPace(double stepsPerSecond);

    enum class Go { Step, Stop };
    // Worker side: returns Step when the next batch may run, blocking while paused.
    // `onHold` is called (without the lock) once each time the worker starts waiting.
    template <typename OnHold> Go waitForNextStep(OnHold onHold);

    std::optional<double> takeLearningRate();
    bool isPaused() const;
    bool isStopRequested() const;
    bool isPaced() const; // a pace is set: the worker sleeps between steps

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_paused = false;
    bool m_stop = false;
    std::int64_t m_stepsAllowed = 0; // single steps granted while paused
    std::optional<double> m_learningRate;
    double m_pace = 0;
    std::chrono::steady_clock::time_point m_nextStepAt;
};

template <typename OnHold> RunControl::Go RunControl::waitForNextStep(OnHold onHold)
{
    using Clock = std::chrono::steady_clock;
    std::unique_lock lock(m_mutex);
    bool announced = false;
    for (;;) {
        if (m_stop)
            return Go::Stop;
        if (m_paused && m_stepsAllowed > 0) {
            --m_stepsAllowed; // a single step is never paced
            return Go::Step;
        }
        if (m_paused) {
            if (!announced) {
                announced = true;
                lock.unlock();
                onHold();
                lock.lock();
            } else {
                m_wake.wait(lock);
            }
            continue;
        }
        const Clock::time_point now = Clock::now();
        if (m_pace > 0 && now < m_nextStepAt) {
            m_wake.wait_until(lock, m_nextStepAt);
            continue;
        }
        if (m_pace > 0) {
            const auto interval = std::chrono::duration_cast<Clock::duration>(
                std::chrono::duration<double>(1.0 / m_pace));
            // Catch up at most one step after a stall, rather than bursting.
            m_nextStepAt = std::max(now, m_nextStepAt) + interval;
        }
        return Go::Step;
    }
}

} // namespace pelab
