// SPDX-License-Identifier: MIT
#pragma once

#include "lessons/Lesson.h"
#include "lessons/LessonOutcome.h"

#include <QObject>

#include <atomic>
#include <optional>

class QDockWidget;
class QMainWindow;
class QMenu;
class QMenuBar;
class QThread;
class QTimer;

namespace pelab {

class ComparisonWorkspace;
class CostExplorerView;
class HyperparameterPanel;
class LessonPanel;
class MessageBanner;

// The window's lessons: the Lessons menu (the built-in ones and "Open lesson file"), the
// Lesson dock, and running a lesson: its runs start side by side in the comparison (other
// runs are hidden, not deleted), its first view comes up highlighted, and when every run
// has ended the panel states what they measured.
class LessonController : public QObject {
    Q_OBJECT
public:
    // `panel`: the window's settings, which take the lesson's settings with the ones it is
    // about locked while its dock is open.
    LessonController(QMainWindow *window, ComparisonWorkspace *compare, MessageBanner *banner,
                     HyperparameterPanel *panel);
    ~LessonController() override; // stops and joins a cost measurement under way

    LessonPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    QMenu *menu() const { return m_menu; }
    // The quadratic-cost lesson's view and its dock (made when such a lesson opens).
    CostExplorerView *costView() const { return m_costView; }
    QDockWidget *costDock() const { return m_costDock; }
    // The Lessons menu: each built-in lesson, "Open lesson file", the dock.
    void addMenu(QMenuBar *menuBar);
    const std::optional<Lesson> &lesson() const { return m_lesson; }
    // A built-in lesson's id or number, or a lesson file; problems go to the banner.
    bool openLesson(const QString &nameOrPath);
    void showLesson(const Lesson &lesson);
    // Starts the lesson's runs with its own seed, or with `seed`. True when started.
    bool runLesson(std::optional<std::int64_t> seed = std::nullopt);
    bool isRunning() const;
    // The latest finished run's outcome (nothing before one ends).
    const std::optional<LessonOutcome> &outcome() const { return m_outcome; }
    // Writes the summary PDF of the latest outcome; empty on success, else the message.
    QString exportSummary(const QString &path) const;

signals:
    // The lesson's runs all ended and their outcome is shown.
    void outcomeShown();

private:
    void follow();
    void showView();
    void runCost();
    void showOutcome(const LessonOutcome &outcome);

    QMainWindow *m_window;
    ComparisonWorkspace *m_compare;
    MessageBanner *m_banner;
    HyperparameterPanel *m_settings;
    LessonPanel *m_panel;
    QDockWidget *m_dock;
    QMenu *m_menu = nullptr;
    QTimer *m_follow;
    std::optional<Lesson> m_lesson;
    std::vector<quint64> m_runIds; // the lesson's runs in the comparison, in lesson order
    std::vector<TrainingConfig> m_configs;
    std::int64_t m_seed = 0;
    std::optional<LessonOutcome> m_outcome;
    bool m_levelsShown = false; // the lesson's lines are on the loss charts
    CostExplorerView *m_costView = nullptr;
    QDockWidget *m_costDock = nullptr;
    QThread *m_costThread = nullptr;
    std::atomic<bool> m_stopCost{false};
};

} // namespace pelab
