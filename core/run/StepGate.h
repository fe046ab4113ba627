// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace pelab {

// Lets at most `slots` training steps run at once, in the order they asked (first come, first
// served). Runs that take a slot for each step and give it back after it progress in turn, so
// five runs on two cores all advance together instead of two racing while three wait.
// Thread-safe.
class StepGate {
public:
    explicit StepGate(int slots);

    void acquire();
    void release();
    int slotCount() const { return m_slots; }
    // How many are waiting for a slot now.
    int waiting();

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::uint64_t> m_waiting;
    std::uint64_t m_nextTicket = 0;
    int m_slots;
    int m_free;
};

// Holds a slot for its lifetime; a null gate holds nothing.
class StepSlot {
public:
    explicit StepSlot(StepGate *gate)
        : m_gate(gate)
    {
        if (m_gate)
            m_gate->acquire();
    }
    ~StepSlot()
    {
        if (m_gate)
            m_gate->release();
    }
    StepSlot(const StepSlot &) = delete;
    StepSlot &operator=(const StepSlot &) = delete;

private:
    StepGate *m_gate;
};

// A run's turns on a gate: a slot is taken before a step and kept for the following steps
// until `turn` has passed, then given up for the next run in line. Turns of 100 ms keep
// each run's data in its core's cache while every run still advances a few times a second
// (five races on two cores, bench_variants: switching every step took 0.71x the sequential
// time, 50 ms turns 0.57x, 150 ms 0.55x). A null gate holds
// nothing.
class StepTurns {
public:
    explicit StepTurns(StepGate *gate,
                       std::chrono::steady_clock::duration turn = std::chrono::milliseconds(100))
        : m_gate(gate)
        , m_turn(turn)
    {}
    ~StepTurns() { end(); }
    StepTurns(const StepTurns &) = delete;
    StepTurns &operator=(const StepTurns &) = delete;

    void beforeStep()
    {
        if (!m_gate || m_holding)
            return;
        m_gate->acquire();
        m_holding = true;
        m_since = std::chrono::steady_clock::now();
    }
    void afterStep()
    {
        if (m_holding && std::chrono::steady_clock::now() - m_since >= m_turn)
            end();
    }
    // Gives the slot up now (before a pause, or at the end of the run).
    void end()
    {
        if (!m_holding)
            return;
        m_gate->release();
        m_holding = false;
    }

private:
    StepGate *m_gate;
    std::chrono::steady_clock::duration m_turn;
    std::chrono::steady_clock::time_point m_since;
    bool m_holding = false;
};

} // namespace pelab
