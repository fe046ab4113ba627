// SPDX-License-Identifier: MIT
#include "LessonController.h"

#include "AtomicWrite.h"
#include "ComparisonView.h"
#include "ComparisonWorkspace.h"
#include "CostExplorerView.h"
#include "HyperparameterPanel.h"
#include "LessonPanel.h"
#include "MessageBanner.h"
#include "lessons/BuiltinLessons.h"
#include "lessons/LessonSummary.h"
#include "run/RunSet.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QThread>
#include <QTimer>

namespace pelab {

LessonController::LessonController(QMainWindow *window, ComparisonWorkspace *compare,
                                   MessageBanner *banner, HyperparameterPanel *panel)
    : QObject(window)
    , m_window(window)
    , m_compare(compare)
    , m_banner(banner)
    , m_settings(panel)
    , m_panel(new LessonPanel)
    , m_dock(new QDockWidget(tr("Lesson"), window))
    , m_follow(new QTimer(this))
{
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_dock->setObjectName(QStringLiteral("lessonDock"));
    m_dock->setWidget(scroll);
    m_dock->hide();
    // Runs report about 30 times a second; the panel's progress line needs 4.
    m_follow->setInterval(250);
    connect(m_follow, &QTimer::timeout, this, &LessonController::follow);
    // Closing the lesson gives the settings back.
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible && m_dock->isHidden() && m_settings)
            m_settings->setLocked({}, {});
    });
    connect(m_panel, &LessonPanel::runRequested, this, [this] { runLesson(); });
    connect(m_panel, &LessonPanel::anotherSeedRequested, this, [this] { runLesson(m_seed + 1); });
    connect(m_panel, &LessonPanel::lookForActivated, this, &LessonController::showView);
    connect(m_panel, &LessonPanel::exportRequested, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            m_window, tr("Export lesson summary"),
            (m_lesson ? m_lesson->id : QStringLiteral("lesson")) + QStringLiteral(".pdf"),
            tr("PDF (*.pdf)"));
        if (path.isEmpty())
            return;
        if (const QString error = exportSummary(path); !error.isEmpty())
            m_banner->showMessage(MessageBanner::Kind::Error, tr("Cannot export the summary"),
                                  error);
    });
}

LessonController::~LessonController()
{
    m_stopCost = true;
    if (m_costThread)
        m_costThread->wait();
}

void LessonController::addMenu(QMenuBar *menuBar)
{
    m_menu = menuBar->addMenu(tr("&Lessons"));
    m_menu->setToolTipsVisible(true);
    for (const Lesson &lesson : builtinLessons()) {
        QAction *action = m_menu->addAction(
            lesson.number.isEmpty() ? lesson.title : tr("%1. %2").arg(lesson.number, lesson.title),
            this, [this, lesson] { showLesson(lesson); });
        action->setObjectName(QStringLiteral("lesson-") + lesson.id);
        action->setToolTip(lesson.summary);
        action->setStatusTip(lesson.summary);
    }
    m_menu->addSeparator();
    m_menu->addAction(tr("Open lesson file\u2026"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open lesson file"),
                                                          QString(), tr("Lesson (*.json)"));
        if (!path.isEmpty())
            openLesson(path);
    });
    m_menu->addAction(m_dock->toggleViewAction());
}

bool LessonController::openLesson(const QString &nameOrPath)
{
    const LessonLoadResult loaded = findLesson(nameOrPath);
    if (!loaded.lesson) {
        m_banner->showMessage(MessageBanner::Kind::Error, tr("Cannot open the lesson"),
                              loaded.errors.join(QLatin1Char('\n')));
        return false;
    }
    showLesson(*loaded.lesson);
    return true;
}

void LessonController::showLesson(const Lesson &lesson)
{
    m_lesson = lesson;
    m_seed = lesson.runs.empty() ? lesson.settings.seed : lesson.runs.front().config.seed;
    m_runIds.clear();
    m_outcome.reset();
    m_panel->setLesson(lesson);
    m_panel->setRunning(false);
    // The panel holds the lesson's settings (its first run's) to explore from, with the
    // settings the lesson is about locked.
    if (m_settings) {
        m_settings->setConfig(lesson.runs.empty() ? lesson.settings : lesson.runs.front().config);
        m_settings->setLocked(lesson.locked,
                              tr("Locked by the lesson \u201c%1\u201d, which is about this "
                                 "setting. Close the lesson to change it.")
                                  .arg(lesson.title));
    }
    // Tabbed with the settings: the lesson takes the whole height of the left side.
    if (m_window->dockWidgetArea(m_dock) == Qt::NoDockWidgetArea) {
        auto *settings = m_window->findChild<QDockWidget *>(QStringLiteral("hyperparameterDock"));
        if (settings && !settings->isHidden())
            m_window->tabifyDockWidget(settings, m_dock);
        else
            m_window->addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    }
    m_dock->show();
    m_dock->raise();
    if (lesson.cost && !m_costDock) {
        m_costView = new CostExplorerView;
        m_costDock = new QDockWidget(tr("Attention cost"), m_window);
        m_costDock->setObjectName(QStringLiteral("costDock"));
        m_costDock->setWidget(m_costView);
        m_window->addDockWidget(Qt::RightDockWidgetArea, m_costDock);
        m_window->tabifyDockWidget(m_compare->compareDock(), m_costDock);
    }
    if (lesson.cost) {
        m_costView->setResults({});
        m_costDock->show();
        m_costDock->raise();
    }
}

bool LessonController::isRunning() const
{
    if (m_costThread)
        return true;
    const RunSet *runs = m_compare->runs();
    return std::any_of(m_runIds.begin(), m_runIds.end(), [runs](quint64 id) {
        return runs->contains(id) && (runs->isActive(id) || runs->isQueued(id));
    });
}

bool LessonController::runLesson(std::optional<std::int64_t> seed)
{
    if (!m_lesson || isRunning())
        return false;
    if (m_lesson->cost) {
        runCost();
        return true;
    }
    RunSet *runs = m_compare->runs();
    const std::vector<quint64> before = runs->ids();
    m_configs = m_lesson->configs(seed);
    if (!m_compare->startRuns(m_configs))
        return false;
    m_seed = m_configs.front().seed;
    // The comparison shows the lesson's runs alone; earlier runs stay in the list, hidden.
    for (const quint64 id : before)
        if (runs->contains(id))
            runs->setVisible(id, false);
    m_runIds.assign(runs->ids().end() - std::ptrdiff_t(m_configs.size()), runs->ids().end());
    for (std::size_t i = 0; i < m_runIds.size(); ++i)
        runs->rename(m_runIds[i], m_lesson->runs[i].name);
    m_outcome.reset();
    m_panel->clearOutcome();
    m_panel->setRunning(true);
    m_levelsShown = false;
    runs->setLossReferences({}); // an earlier lesson's levels are not this one's
    showView();
    m_follow->start();
    follow();
    return true;
}

void LessonController::runCost()
{
    // Measuring takes seconds and must not freeze the window: a thread of its own, which
    // reports each step and its results back to this (UI) thread.
    m_outcome.reset();
    m_panel->clearOutcome();
    m_panel->setRunning(true);
    m_stopCost = false;
    const Lesson lesson = *m_lesson;
    m_configs = {lesson.settings};
    m_seed = lesson.settings.seed;
    m_costThread = QThread::create([this, lesson] {
        const CostResults results = runCostExplorer(
            *lesson.cost, lesson.settings,
            [this](const QString &line) {
                QMetaObject::invokeMethod(this, [this, line] { m_panel->setProgress(line); });
            },
            &m_stopCost);
        QMetaObject::invokeMethod(this, [this, results, lesson] {
            m_costThread->wait();
            delete std::exchange(m_costThread, nullptr);
            m_panel->setRunning(false);
            m_panel->setProgress({});
            if (results.stopped)
                return;
            m_costView->setResults(results);
            showOutcome(measureLesson(lesson, {}, &results));
        });
    });
    m_costThread->start();
    showView();
}

void LessonController::showOutcome(const LessonOutcome &outcome)
{
    m_outcome = outcome;
    m_panel->showOutcome(outcome, m_seed);
    emit outcomeShown();
}

void LessonController::showView()
{
    if (m_lesson && m_lesson->cost) {
        m_costDock->show();
        m_costDock->raise();
        return;
    }
    if (!m_lesson || m_lesson->views.isEmpty())
        return;
    m_compare->compareDock()->show();
    m_compare->compareDock()->raise();
    m_compare->view()->showNamed(m_lesson->views.front());
    m_compare->view()->flashHighlight();
}

void LessonController::follow()
{
    const RunSet *runs = m_compare->runs();
    std::int64_t done = 0, total = 0;
    std::vector<const RunRecord *> records;
    for (std::size_t i = 0; i < m_runIds.size(); ++i) {
        const quint64 id = m_runIds[i];
        const bool present = runs->contains(id);
        records.push_back(present ? &runs->record(id) : nullptr);
        total += m_configs[i].totalSteps();
        if (present && !runs->record(id).losses.empty())
            done += runs->record(id).losses.back().step;
    }
    // The lesson's levels (the best possible loss) as soon as they can be measured: they
    // come from the task, not from training.
    if (!m_levelsShown && !m_lesson->lines.empty()) {
        std::vector<ChartReference> levels;
        for (const auto &[label, value] : measureLesson(*m_lesson, records).lines)
            levels.push_back({Qt::Horizontal, value, label});
        m_levelsShown = levels.size() == m_lesson->lines.size();
        if (m_levelsShown)
            m_compare->runs()->setLossReferences(levels);
    }
    if (isRunning()) {
        m_panel->setProgress(tr("Training %1 runs (seed %2): %3% done")
                                 .arg(m_runIds.size())
                                 .arg(m_seed)
                                 .arg(total > 0 ? 100 * done / total : 0));
        return;
    }
    m_follow->stop();
    m_panel->setRunning(false);
    m_panel->setProgress({});
    showOutcome(measureLesson(*m_lesson, records));
}

QString LessonController::exportSummary(const QString &path) const
{
    if (!m_lesson || !m_outcome)
        return tr("Run the lesson first: the summary states what its runs measured.");
    const QImage figure =
        m_lesson->cost ? m_costView->renderImage(2.0) : m_compare->view()->renderImage(2.0);
    return writeFileAtomically(path, lessonSummaryPdf(*m_lesson, *m_outcome, m_configs, figure));
}

} // namespace pelab
