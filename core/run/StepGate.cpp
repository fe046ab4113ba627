// SPDX-License-Identifier: MIT
#include "StepGate.h"

#include <algorithm>

namespace pelab {

StepGate::StepGate(int slots)
    : m_slots(std::max(1, slots))
    , m_free(m_slots)
{}

void StepGate::acquire()
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t ticket = m_nextTicket++;
    m_waiting.push_back(ticket);
    m_changed.wait(lock, [&] { return m_free > 0 && m_waiting.front() == ticket; });
    m_waiting.pop_front();
    --m_free;
    lock.unlock();
    m_changed.notify_all(); // the next in line may take another free slot
}

int StepGate::waiting()
{
    const std::lock_guard lock(m_mutex);
    return int(m_waiting.size());
}

void StepGate::release()
{
    {
        const std::lock_guard lock(m_mutex);
        ++m_free;
    }
    m_changed.notify_all();
}

} // namespace pelab
