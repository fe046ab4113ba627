// SPDX-License-Identifier: MIT
#pragma once

namespace pelab {

// The step range a loss chart shows. Following, it shows the steps done so far (growing with
// the run, up to the whole run), or, once the user has zoomed, a window of the same width
// sliding with the newest step. Any zoom or pan by the user fixes the range and stops
// following.
class LossViewport {
public:
    struct Range {
        double min = 0;
        double max = 1;
        double width() const { return max - min; }
    };

    // The run spans steps [0, fullMax]; the newest step held is `lastStep`.
    void setExtent(double fullMax, double lastStep);
    double fullMax() const { return m_fullMax; }

    bool follow() const { return m_follow; }
    // Turning follow on keeps the current width (the whole run if not zoomed in);
    // turning it off freezes the current range.
    void setFollow(bool on);
    // The steps done, following.
    void reset();

    void zoomTo(double x0, double x1);
    // factor < 1 zooms in; `anchor` stays where it is on screen.
    void zoomAround(double anchor, double factor);
    void panBy(double dx);

    Range range() const;
    // Narrowest window: a few steps, or the whole run if it is shorter.
    double minimumWidth() const;

private:
    Range clamped(double min, double width) const;

    double m_fullMax = 1;
    double m_lastStep = 0;
    bool m_follow = true;
    double m_followWidth = 0; // 0: the whole run
    Range m_fixed;
};

} // namespace pelab
