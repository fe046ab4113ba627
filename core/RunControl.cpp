// SPDX-License-Identifier: MIT
#include "RunControl.h"

#include <utility>

namespace pelab {

void RunControl::pause()
{
    {
        std::lock_guard lock(m_mutex);
        m_paused = true;
        m_stepsAllowed = 0;
    }
    m_wake.notify_all(); // a paced worker waiting for its next step holds at once
}

void RunControl::resume()
{
    {
        std::lock_guard lock(m_mutex);
        m_paused = false;
        m_stepsAllowed = 0;
    }
    m_wake.notify_all();
}

void RunControl::requestStep()
{
    {
        std::lock_guard lock(m_mutex);
        m_paused = true;
        ++m_stepsAllowed;
    }
    m_wake.notify_all();
}

void RunControl::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
}

void RunControl::setLearningRate(double learningRate)
{
    std::lock_guard lock(m_mutex);
    m_learningRate = learningRate;
}

void RunControl::setPace(double stepsPerSecond)
{
    {
        std::lock_guard lock(m_mutex);
        m_pace = stepsPerSecond > 0 ? stepsPerSecond : 0;
        m_nextStepAt = {};
    }
    m_wake.notify_all();
}

std::optional<double> RunControl::takeLearningRate()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_learningRate, std::nullopt);
}

bool RunControl::isPaused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

bool RunControl::isStopRequested() const
{
    std::lock_guard lock(m_mutex);
    return m_stop;
}

bool RunControl::isPaced() const
{
    std::lock_guard lock(m_mutex);
    return m_pace > 0;
}

} // namespace pelab
