// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QObject>

#include <functional>

class QAction;
class QMenu;

namespace pelab {

// Text size for a projector: Larger (Ctrl++), Smaller (Ctrl+-), Normal (Ctrl+0) and
// Presentation mode (F11 style toggle, Ctrl+Shift+P), which jumps to a large size and back.
// It scales the application's font, so panels, menus and labels grow, and hands the factor to
// `apply` (the figure views' text and lines). The factor is kept between launches.
class TextZoom : public QObject {
    Q_OBJECT
public:
    TextZoom(QObject *parent, std::function<void(double)> apply);
    ~TextZoom() override;

    double factor() const { return m_factor; }
    void setFactor(double factor); // clamped to [minFactor, maxFactor]
    bool presenting() const { return m_factor >= presentationFactor; }
    void addToMenu(QMenu *menu) const;
    QAction *presentationAction() const { return m_presentation; }

    // Loads the saved factor (QSettings), and saves it on every change from now on.
    void restore();

    static constexpr double minFactor = 0.8;
    static constexpr double maxFactor = 3.0;
    static constexpr double presentationFactor = 1.6;
    static constexpr double stepFactor = 1.15;

signals:
    void factorChanged(double factor);

private:
    std::function<void(double)> m_apply;
    QFont m_baseFont;
    double m_factor = 1;
    double m_beforePresentation = 1;
    bool m_saving = false;
    QAction *m_larger;
    QAction *m_smaller;
    QAction *m_normal;
    QAction *m_presentation;
};

} // namespace pelab
