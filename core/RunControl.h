// SPDX-License-Identifier: MIT
#pragma once

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

    enum class Go { Step, Stop };
    // Worker side: returns Step when the next batch may run, blocking while paused.
    // `onHold` is called (without the lock) once each time the worker starts waiting.
    template <typename OnHold> Go waitForNextStep(OnHold onHold);

    std::optional<double> takeLearningRate();
    bool isPaused() const;
    bool isStopRequested() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_paused = false;
    bool m_stop = false;
    std::int64_t m_stepsAllowed = 0; // single steps granted while paused
    std::optional<double> m_learningRate;
};

template <typename OnHold> RunControl::Go RunControl::waitForNextStep(OnHold onHold)
{
    std::unique_lock lock(m_mutex);
    bool announced = false;
    while (!m_stop && m_paused && m_stepsAllowed == 0) {
        if (!announced) {
            announced = true;
            lock.unlock();
            onHold();
            lock.lock();
            continue;
        }
        m_wake.wait(lock);
    }
    if (m_stop)
        return Go::Stop;
    if (m_paused)
        --m_stepsAllowed;
    return Go::Step;
}

} // namespace pelab
