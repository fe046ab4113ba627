// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QRect>
#include <QString>

#include <optional>
#include <vector>

class QPainter;
class QPalette;

namespace pelab {

struct ProfileSeries {
    std::vector<double> values; // one per position; NaN leaves a gap
    QColor color;
    QString name; // legend entry; empty for none
    Qt::PenStyle style = Qt::SolidLine;
    double width = 2;
    bool markers = true; // drawn while positions are at least 9 px apart
    bool hollow = false;
};

// The drawing behind the embedding profile: curves over positions with a y range rounded
// to nice ticks (so it moves only when the data crosses one), index ticks thinned to stay
// legible from 10 to 1000+ positions, and a legend. Not a widget.
class ProfilePlot {
    Q_DECLARE_TR_FUNCTIONS(ProfilePlot)

public:
    void setSeries(std::vector<ProfileSeries> series, int positions);
    void setHover(std::optional<int> position) { m_hover = position; }

    // `area` holds the plot with its axes; the curves go inside margins for the labels.
    void paint(QPainter &painter, const QRect &area, const QPalette &palette);
    // Legend entries right-aligned in one row ending at `right`, centred on `y`.
    void paintLegend(QPainter &painter, int right, int y, const QPalette &palette) const;
    // The position under x in the plot as last painted.
    std::optional<int> positionAt(double x) const;

private:
    double xAt(double position) const;
    double yAt(double value) const;
    void paintAxes(QPainter &painter, const QPalette &palette, double step,
                   const std::vector<double> &ticks) const;
    void paintSeries(QPainter &painter, const ProfileSeries &s, const QPalette &palette) const;

    std::vector<ProfileSeries> m_series;
    int m_positions = 0;
    std::optional<int> m_hover;
    QRect m_area;
    QRect m_plot; // the curves' rectangle, as last painted
    double m_lo = 0;
    double m_hi = 1;
};

} // namespace pelab
