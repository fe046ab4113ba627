// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingProgress.h"

#include <QMainWindow>

class QDockWidget;
class QSplitter;

namespace pelab {

class ComparisonWorkspace;
class EmbeddingHeatmap;
class EmbeddingProfileView;
class ExplainDialog;
class ExportController;
class FamilyViews;
class HyperparameterPanel;
class LessonController;
class LossChartView;
class MessageBanner;
class RunControls;
class SimilarityView;
class TextZoom;
class Trainer;
class TrainingStatusBar;

// The window: composes the panels and views and wires them to the trainer, nothing more.
// Hyperparameters on the left, the loss chart in the middle, the embedding views in docks.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Trainer *trainer() const { return m_trainer; }
    HyperparameterPanel *panel() const { return m_panel; }
    RunControls *runControls() const { return m_controls; }
    LossChartView *lossChart() const { return m_chart; }
    EmbeddingHeatmap *heatmap() const { return m_heatmap; }
    // Whether the run blew up without diverging: its loss grew a hundredfold or more, or its
    // optimizer's state overflowed (the warning is shown).
    bool lossBlewUp() const { return m_blowUpSeen.growth || m_blowUpSeen.overflow; }
    MessageBanner *banner() const { return m_banner; }
    ExportController *exporter() const { return m_export; }
    FamilyViews *familyViews() const { return m_family; }
    ComparisonWorkspace *comparison() const { return m_compare; }
    LessonController *lessons() const { return m_lessons; }
    TextZoom *textZoom() const { return m_zoom; }

    void setConfig(const TrainingConfig &config);
    // A preset or a loaded config: also clears an ended run's pictures (not a running one's).
    void startAfresh(const TrainingConfig &config);
    // The last session's config and layout; false (nothing changed) on first launch.
    bool restoreSettings();
    void setSaveSettingsOnClose(bool save) { m_saveSettingsOnClose = save; }
    void saveSettings();

    // File menu's work, without the dialogs; problems go to the banner. True on success.
    bool loadConfigFile(const QString &path);
    bool saveConfigFile(const QString &path);

    void startTraining();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildDocks();
    void buildMenus();
    QWidget *buildPaceCombo();
    void connectTrainer();
    void connectControls();
    void showRunStart(const RunStart &start);
    void showProgress(const TrainingProgress &progress);
    void showState(TrainerState state);
    // A finite loss grown by orders of magnitude: warned on the chart, status and banner.
    void warnIfBlowingUp(double learningRate);
    void stepTraining();
    void resetRun();
    void showExplanation();
    QList<QSplitter *> splitters() const;

    Trainer *m_trainer;
    HyperparameterPanel *m_panel;
    RunControls *m_controls;
    LossChartView *m_chart;
    EmbeddingHeatmap *m_heatmap;
    EmbeddingProfileView *m_profile;
    SimilarityView *m_similarity;
    TrainingStatusBar *m_status;
    MessageBanner *m_banner;
    QSplitter *m_embeddingSplitter = nullptr;
    QDockWidget *m_panelDock = nullptr;
    QDockWidget *m_embeddingDock = nullptr;
    QDockWidget *m_similarityDock = nullptr;
    ExplainDialog *m_explain = nullptr;
    ExportController *m_export = nullptr;
    FamilyViews *m_family = nullptr;
    ComparisonWorkspace *m_compare = nullptr;
    LessonController *m_lessons = nullptr;
    TextZoom *m_zoom = nullptr;
    bool m_showingRun = false; // the views follow the trainer (false after Reset)
    struct BlowUpSeen {
        bool growth = false;   // the loss grew a hundredfold (warned once)
        bool overflow = false; // the optimizer's state overflowed (warned once)
        bool operator==(const BlowUpSeen &) const = default;
    };
    BlowUpSeen m_blowUpSeen;
    bool m_saveSettingsOnClose = true;
};

} // namespace pelab
