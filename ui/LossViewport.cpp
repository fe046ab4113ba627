// SPDX-License-Identifier: MIT
#include "LossViewport.h"

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {
constexpr double kMinimumSteps = 10;
constexpr double kFollowMargin = 0.05; // room right of the newest step, as a fraction
} // namespace

void LossViewport::setExtent(double fullMax, double lastStep)
{
    m_fullMax = std::isfinite(fullMax) ? std::max(fullMax, 1.0) : 1.0;
    m_lastStep = std::isfinite(lastStep) ? std::max(lastStep, 0.0) : 0.0;
}

void LossViewport::setFollow(bool on)
{
    if (on == m_follow)
        return;
    const Range current = range();
    m_follow = on;
    if (on) // a window reaching the newest step is "the steps done", else keep its width
        m_followWidth = current.max >= std::min(m_fullMax, m_lastStep) * 0.999 && current.min <= 0
                            ? 0
                            : current.width();
    else
        m_fixed = current;
}

void LossViewport::reset()
{
    m_follow = true;
    m_followWidth = 0;
}

double LossViewport::minimumWidth() const
{
    return std::min(kMinimumSteps, m_fullMax);
}

LossViewport::Range LossViewport::clamped(double min, double width) const
{
    width = std::clamp(width, minimumWidth(), m_fullMax);
    min = std::clamp(min, 0.0, m_fullMax - width);
    return {min, min + width};
}

void LossViewport::zoomTo(double x0, double x1)
{
    if (!std::isfinite(x0) || !std::isfinite(x1))
        return;
    const double low = std::min(x0, x1);
    const double width = std::max(std::abs(x1 - x0), minimumWidth());
    // A narrow selection widens around its middle, not from its left edge.
    m_fixed = clamped((low + std::abs(x1 - x0) / 2) - width / 2, width);
    m_follow = false;
}

void LossViewport::zoomAround(double anchor, double factor)
{
    if (!std::isfinite(anchor) || !std::isfinite(factor) || factor <= 0)
        return;
    const Range current = range();
    const double width = std::clamp(current.width() * factor, minimumWidth(), m_fullMax);
    const double scale = width / current.width();
    m_fixed = clamped(anchor - (anchor - current.min) * scale, width);
    m_follow = false;
}

void LossViewport::panBy(double dx)
{
    if (!std::isfinite(dx))
        return;
    const Range current = range();
    m_fixed = clamped(current.min + dx, current.width());
    m_follow = false;
}

LossViewport::Range LossViewport::range() const
{
    if (!m_follow)
        return clamped(m_fixed.min, m_fixed.width());
    // Following without a zoom: the steps done fill the chart (with a little room for the
    // next), so the first steps of a long run are readable, not squeezed at its left edge.
    if (m_followWidth <= 0 || m_followWidth >= m_fullMax)
        return {0, std::clamp(m_lastStep * (1 + kFollowMargin), minimumWidth(), m_fullMax)};
    const double right = std::max(m_lastStep + kFollowMargin * m_followWidth, m_followWidth);
    return clamped(right - m_followWidth, m_followWidth);
}

} // namespace pelab
