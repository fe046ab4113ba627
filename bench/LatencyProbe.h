// SPDX-License-Identifier: MIT
// How late the UI thread's event loop runs a 1 ms timer: a tick later than 16 ms is a frame a
// 60 Hz screen would miss.
#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace pelab::bench {

class LatencyProbe {
public:
    LatencyProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_latenessMs.push_back(std::max(0.0, double(now - m_lastNs) / 1e6 - 1.0));
            m_lastNs = now;
        });
    }

    void start()
    {
        m_clock.start();
        m_lastNs = 0;
        m_timer.start();
    }
    // Stops and returns the seconds since start().
    double stop()
    {
        m_timer.stop();
        return double(m_clock.nsecsElapsed()) / 1e9;
    }
    const std::vector<double> &latenessMs() const { return m_latenessMs; }

private:
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_lastNs = 0;
    std::vector<double> m_latenessMs;
};

inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

} // namespace pelab::bench
