// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "AboutDialog.h"
#include "ComparisonWorkspace.h"
#include "ConfigDropFilter.h"
#include "EmbeddingHeatmap.h"
#include "EmbeddingProfileView.h"
#include "ExplainDialog.h"
#include "ExportController.h"
#include "FamilyViews.h"
#include "FigureView.h"
#include "HyperparameterPanel.h"
#include "LessonController.h"
#include "LossChartView.h"
#include "LossGrowth.h"
#include "MessageBanner.h"
#include "Presets.h"
#include "RunControls.h"
#include "RunRecorder.h"
#include "SessionController.h"
#include "SimilarityView.h"
#include "TextZoom.h"
#include "Trainer.h"
#include "TrainingStatusBar.h"
#include "run/ParallelRuns.h"
#include "run/RunSet.h"
#include "run/StepGate.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

namespace pelab {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_trainer(new Trainer(this))
    , m_panel(new HyperparameterPanel)
    , m_controls(new RunControls(this))
    , m_chart(new LossChartView)
    , m_heatmap(new EmbeddingHeatmap)
    , m_profile(new EmbeddingProfileView)
    , m_similarity(new SimilarityView)
    , m_status(new TrainingStatusBar)
    , m_banner(new MessageBanner)
{
    setWindowTitle(tr("PE Lab"));
    setObjectName(QStringLiteral("mainWindow"));
    m_panel->setObjectName(QStringLiteral("hyperparameterPanel"));
    m_chart->setObjectName(QStringLiteral("lossChart"));
    m_heatmap->setObjectName(QStringLiteral("embeddingHeatmap"));
    m_profile->setObjectName(QStringLiteral("embeddingProfile"));
    m_similarity->setObjectName(QStringLiteral("similarityView"));

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_chart, 1);
    setCentralWidget(central);
    setStatusBar(m_status);
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    // The side docks run the full height; the family's views go below the loss chart only.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    buildDocks();
    m_export = new ExportController(m_trainer, this);
    m_export->attachContextMenu(m_chart, FigureKind::Loss);
    m_export->attachContextMenu(m_heatmap, FigureKind::Embeddings);
    m_export->attachContextMenu(m_profile, FigureKind::Profile);
    m_export->attachContextMenu(m_similarity, FigureKind::Similarity);
    m_export->showMessagesIn(m_banner, m_status);
    m_family = new FamilyViews(this, m_export->recorder(), m_export);
    // One slot per core, shared by the window's run and the comparison's: side by side they
    // take turns instead of crowding the cores.
    const auto gate = std::make_shared<StepGate>(parallelRunSlots());
    m_trainer->setStepGate(gate);
    m_compare =
        new ComparisonWorkspace(this, gate,
                                {[this] { return m_panel->config(); },
                                 [this](const TrainingConfig &config) { setConfig(config); },
                                 m_export->recorder(), m_banner});
    m_lessons = new LessonController(this, m_compare, m_banner, m_panel);
    // The overlaid charts take the embedding's tall place, the runs list the wide bottom
    // row; both come up when the first runs start.
    tabifyDockWidget(m_similarityDock, m_compare->compareDock());
    tabifyDockWidget(m_family->docks().front(), m_compare->runsDock());
    m_compare->compareDock()->hide();
    m_compare->runsDock()->hide();
    // Racing runs show in Compare and Runs; this chart keeps the window's own run.
    connect(m_compare->runs(), &RunSet::runsChanged, this, [this] {
        m_chart->setIdleHint(
            m_compare->runs()->count() > 0
                ? tr("The runs side by side are in Compare and Runs.\nTo watch one here, select "
                     "it, Load settings, then Start.")
                : QString());
    });
    m_zoom = new TextZoom(this, [this](double factor) {
        // Every figure view (the family's and the embedding's) is magnified as a whole, and
        // presentation mode draws them and the loss chart in high contrast.
        const bool presenting = factor >= TextZoom::presentationFactor;
        for (FigureView *view : findChildren<FigureView *>()) {
            view->setScale(factor);
            view->setHighContrast(presenting);
        }
        m_chart->setTextScale(factor);
        m_chart->setHighContrast(presenting);
    });
    resizeDocks({m_family->docks().front()}, {360}, Qt::Vertical);
    resizeDocks({m_panelDock, m_embeddingDock},
                {std::max(340, m_panelDock->widget()->minimumWidth()), 500}, Qt::Horizontal);
    ConfigDropFilter::install(this, [this](const QString &path) { return loadConfigFile(path); });
    buildMenus();
    connectTrainer();
    connectControls();
    setConfig(findPreset(QStringLiteral("seed"))->config);
    resize(1440, 900);
}

// The trainer's destructor stops and joins the training thread.
MainWindow::~MainWindow() = default;

void MainWindow::buildDocks()
{
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Never narrower than the editors need: a dock dragged smaller must not clip them.
    scroll->setMinimumWidth(m_panel->minimumSizeHint().width() +
                            scroll->verticalScrollBar()->sizeHint().width());
    m_panelDock = new QDockWidget(tr("Hyperparameters"), this);
    m_panelDock->setObjectName(QStringLiteral("hyperparameterDock"));
    m_panelDock->setWidget(scroll);
    addDockWidget(Qt::LeftDockWidgetArea, m_panelDock);

    m_embeddingSplitter = new QSplitter(Qt::Vertical);
    m_embeddingSplitter->setObjectName(QStringLiteral("embeddingSplitter"));
    m_embeddingSplitter->addWidget(m_heatmap);
    m_embeddingSplitter->addWidget(m_profile);
    m_embeddingSplitter->setChildrenCollapsible(false);
    m_embeddingSplitter->setSizes({330, 370});
    m_embeddingDock = new QDockWidget(tr("Embedding"), this);
    m_embeddingDock->setObjectName(QStringLiteral("embeddingDock"));
    m_embeddingDock->setWidget(m_embeddingSplitter);
    addDockWidget(Qt::RightDockWidgetArea, m_embeddingDock);

    m_similarityDock = new QDockWidget(tr("Similarity"), this);
    m_similarityDock->setObjectName(QStringLiteral("similarityDock"));
    m_similarityDock->setWidget(m_similarity);
    addDockWidget(Qt::RightDockWidgetArea, m_similarityDock);
    tabifyDockWidget(m_embeddingDock, m_similarityDock);
    m_embeddingDock->raise();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Load config\u2026"), QKeySequence::Open, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Load config"), QString(), tr("Config (*.json)"));
        if (!path.isEmpty())
            loadConfigFile(path);
    });
    file->addAction(tr("&Save config\u2026"), QKeySequence::Save, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save config"), QStringLiteral("config.json"), tr("Config (*.json)"));
        if (!path.isEmpty())
            saveConfigFile(path);
    });
    file->addSeparator();
    m_export->addToMenu(file); // Export all, Export as PyTorch script, Export figure

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addActions(m_controls->actions());

    QMenu *presetMenu = menuBar()->addMenu(tr("&Presets"));
    for (const Preset &preset : presets()) {
        QAction *action = presetMenu->addAction(
            preset.title, this, [this, config = preset.config] { startAfresh(config); });
        action->setObjectName(QStringLiteral("preset-") + preset.id);
        action->setStatusTip(preset.summary);
        action->setToolTip(preset.summary);
    }
    presetMenu->setToolTipsVisible(true);

    m_lessons->addMenu(menuBar());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_panelDock->toggleViewAction());
    view->addAction(m_embeddingDock->toggleViewAction());
    view->addAction(m_similarityDock->toggleViewAction());
    view->addSeparator();
    m_compare->addToMenus(file, run, view);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    view->addSeparator();
    m_family->addToMenu(view);
    view->addSeparator();
    m_zoom->addToMenu(view);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *explain = help->addAction(tr("&What am I looking at?"), QKeySequence::HelpContents,
                                       this, &MainWindow::showExplanation);
    explain->setObjectName(QStringLiteral("explainAction"));
    help->addAction(tr("&About PE Lab"), this, [this] { showAboutDialog(this); })
        ->setObjectName(QStringLiteral("aboutAction"));

    QToolBar *toolBar = addToolBar(tr("Run"));
    toolBar->setObjectName(QStringLiteral("runToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addActions(m_controls->actions());
    toolBar->addSeparator();
    toolBar->addWidget(buildPaceCombo());
    toolBar->addSeparator();
    toolBar->addAction(m_compare->raceAction());
    toolBar->addAction(m_compare->variantsAction());
    toolBar->addSeparator();
    toolBar->addAction(explain);
    view->addSeparator();
    view->addAction(toolBar->toggleViewAction());
}

QWidget *MainWindow::buildPaceCombo()
{
    // The notebook's 96 steps take milliseconds at full speed: slowed down, a learner can
    // watch the loss fall and the embedding move.
    auto *pace = new QComboBox;
    pace->setObjectName(QStringLiteral("paceCombo"));
    pace->addItem(tr("Full speed"), 0.0);
    for (const int stepsPerSecond : {1000, 200, 50, 10})
        pace->addItem(tr("%L1 steps/s").arg(stepsPerSecond), double(stepsPerSecond));
    pace->setToolTip(tr("How fast training may go. Slow it down to watch the model learn step "
                        "by step; it applies at once, also to a running training."));
    connect(pace, &QComboBox::currentIndexChanged, this, [this, pace] {
        m_trainer->setPace(pace->currentData().toDouble());
        m_compare->runs()->setPace(pace->currentData().toDouble());
    });
    auto *box = new QWidget;
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(6, 0, 6, 0);
    auto *label = new QLabel(tr("Speed"));
    label->setBuddy(pace);
    layout->addWidget(label);
    layout->addWidget(pace);
    return box;
}

void MainWindow::connectTrainer()
{
    connect(m_trainer, &Trainer::started, this, &MainWindow::showRunStart);
    connect(m_trainer, &Trainer::progress, this, &MainWindow::showProgress);
    connect(m_trainer, &Trainer::stateChanged, this, &MainWindow::showState);
    connect(m_trainer, &Trainer::failed, this, [this](const QString &message) {
        m_status->showFailure(message);
        m_banner->showMessage(MessageBanner::Kind::Error, tr("Training stopped"), message);
    });
    // The learning rate is the one setting a running training takes on the fly.
    connect(m_panel, &HyperparameterPanel::learningRateEdited, this, [this](double rate) {
        if (m_trainer->isActive())
            m_trainer->setLearningRate(rate);
    });
    connect(m_panel, &HyperparameterPanel::validityChanged, m_controls,
            &RunControls::setConfigValid);
    connect(m_panel, &HyperparameterPanel::configEdited, this, [this] {
        if (!m_panel->isValid())
            return;
        m_family->followShape(m_panel->config());
        if (!m_showingRun)
            m_chart->setLossName(m_panel->config().lossName());
    });
}

void MainWindow::connectControls()
{
    connect(m_controls, &RunControls::startRequested, this, &MainWindow::startTraining);
    connect(m_controls, &RunControls::pauseRequested, m_trainer, &Trainer::pause);
    connect(m_controls, &RunControls::resumeRequested, m_trainer, &Trainer::resume);
    connect(m_controls, &RunControls::stepRequested, this, &MainWindow::stepTraining);
    connect(m_controls, &RunControls::stopRequested, this, [this] {
        // The step in flight finishes first (at L = 1,000,000 that is 0.4 s): say so at once,
        // and take Stop away so a second click is not needed.
        if (!m_trainer->isActive())
            return;
        m_trainer->stop();
        m_controls->stopAction()->setEnabled(false);
        m_status->showMessage(tr("Stopping after the current step\u2026"), 3000);
    });
    connect(m_controls, &RunControls::resetRequested, this, &MainWindow::resetRun);
}

void MainWindow::startAfresh(const TrainingConfig &config)
{
    // A preset or a loaded file starts a new experiment: an ended run's pictures go (they
    // would pass for the new settings'); a run still going keeps them, marked as stale.
    if (m_showingRun && !m_trainer->isActive())
        resetRun();
    setConfig(config);
}

void MainWindow::setConfig(const TrainingConfig &config)
{
    // Before any run the chart's axis names the loss the settings will use.
    if (!m_showingRun)
        m_chart->setLossName(config.lossName());
    m_panel->setConfig(config);
    m_family->followShape(config);
}

void MainWindow::startTraining()
{
    QStringList errors;
    if (!m_trainer->start(m_panel->config(), false, &errors))
        m_banner->showMessage(MessageBanner::Kind::Error, tr("Cannot start training"),
                              errors.join(QLatin1Char('\n')));
}

void MainWindow::stepTraining()
{
    // With no run going, a step starts one that holds after its first batch.
    if (!m_trainer->isActive()) {
        QStringList errors;
        if (!m_trainer->start(m_panel->config(), true, &errors)) {
            m_banner->showMessage(MessageBanner::Kind::Error, tr("Cannot start training"),
                                  errors.join(QLatin1Char('\n')));
            return;
        }
    }
    m_trainer->step();
}

void MainWindow::resetRun()
{
    m_trainer->stop();
    m_export->recorder()->clear();
    // A stopping run still sends its last snapshot; the views no longer take it.
    m_showingRun = false;
    m_blowUpSeen = {};
    m_chart->setWarning(QString());
    m_chart->clear();
    m_heatmap->clear();
    m_profile->clear();
    m_similarity->clear();
    m_status->clear();
    m_banner->hide();
    m_panel->setRunConfig(std::nullopt);
    m_controls->setRunShown(false);
}

void MainWindow::showRunStart(const RunStart &start)
{
    m_showingRun = true;
    m_blowUpSeen = {};
    m_chart->setWarning(QString());
    m_banner->hide();
    m_chart->reset(start);
    m_heatmap->reset(start);
    m_profile->reset(start);
    m_similarity->reset(start);
    m_status->reset(start);
    m_status->setState(m_trainer->state());
    m_panel->setRunConfig(start.config);
    m_controls->setRunShown(true);
}

void MainWindow::showProgress(const TrainingProgress &progress)
{
    if (!m_showingRun)
        return;
    // Whole batches: the views buffer them and redraw on their own timers.
    m_chart->appendLosses(progress.losses);
    m_chart->appendEpochs(progress.epochs);
    m_chart->appendValidation(progress.validation);
    // Each change before the first step that can have used it (RunRecorder.h).
    std::vector<double> changes;
    for (const LearningRateChange &change : m_export->recorder()->learningRateChanges())
        changes.push_back(double(change.step) - 0.5);
    m_chart->setLearningRateChanges(changes);
    warnIfBlowingUp(progress.learningRate);
    if (!progress.embedding.isEmpty()) {
        m_heatmap->setEmbedding(progress.embedding);
        m_profile->setEmbedding(progress.embedding);
        m_profile->setHead(progress.head);
        m_similarity->setEmbedding(progress.embedding);
    }
    m_status->setProgress(progress);
}

void MainWindow::warnIfBlowingUp(double learningRate)
{
    // 20 losses looked at per snapshot: cheap whatever the run's length.
    const RunRecord &record = m_export->recorder()->record();
    const std::optional<BlowUp> found = blowUp(record.losses, record.optimizerOverflow);
    // Told once as it starts, and again when the other sign (growth, overflow) appears too.
    const BlowUpSeen seen{found && found->growth, found && found->overflow};
    if (seen == m_blowUpSeen)
        return;
    m_blowUpSeen = seen;
    m_chart->setWarning(found ? blowUpLabel(*found) : QString());
    if (!found)
        return;
    const QString message = blowUpMessage(*found, learningRate);
    m_status->showWarning(message);
    m_banner->showMessage(MessageBanner::Kind::Warning,
                          found->growth ? tr("The loss is blowing up")
                                        : tr("The optimizer's state overflowed"),
                          message);
}

void MainWindow::showState(TrainerState state)
{
    m_controls->setState(state);
    const bool active = state == TrainerState::Running || state == TrainerState::Paused;
    // An ended run stays on screen, so edits stay marked against it until Reset.
    m_panel->setRunRunning(active);
    if (m_showingRun || active)
        m_status->setState(state);
}

void MainWindow::showExplanation()
{
    if (!m_explain)
        m_explain = new ExplainDialog(this);
    m_explain->show();
    m_explain->raise();
    m_explain->activateWindow();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_saveSettingsOnClose)
        saveSettings();
    // Stop now so the thread winds down while the window goes away; ~Trainer joins it.
    m_trainer->stop();
    m_compare->runs()->stopAll();
    m_compare->sessions()->discardAutosave(); // a clean exit: nothing to recover
    event->accept();
}

} // namespace pelab
