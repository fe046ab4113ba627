// SPDX-License-Identifier: MIT
#include "ExportController.h"

#include "AtomicWrite.h"
#include "FigureView.h"
#include "FileDialogs.h"
#include "LossChartView.h"
#include "LossFigure.h"
#include "MessageBanner.h"
#include "RunExport.h"
#include "RunRecorder.h"
#include "export/NotesFile.h"
#include "figures/FigureData.h"
#include "figures/FigureRenderer.h"
#include "figures/FigureWriter.h"

#include <QAbstractScrollArea>
#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenu>
#include <QStandardPaths>
#include <QStatusBar>

#include <algorithm>
#include <iterator>

namespace pelab {

namespace {

constexpr int kStatusMs = 10000;

const char *figureActionName(FigureKind kind)
{
    switch (kind) {
    case FigureKind::Loss:
        return "exportLossAction";
    case FigureKind::Embeddings:
        return "exportHeatmapAction";
    case FigureKind::Profile:
        return "exportProfileAction";
    case FigureKind::Similarity:
        return "exportSimilarityAction";
    case FigureKind::Gradients:
        return "exportGradientsAction";
    case FigureKind::Attention:
        return "exportAttentionAction";
    case FigureKind::Entropy:
        return "exportEntropyAction";
    case FigureKind::Rank:
        return "exportRankAction";
    case FigureKind::Extrapolation:
        return "exportExtrapolationAction";
    case FigureKind::Positions:
        return "exportPositionsAction";
    case FigureKind::Pca:
        return "exportPcaAction";
    }
    return "";
}

// Rendering every figure in three formats takes a moment; say so.
struct BusyCursor {
    BusyCursor() { QGuiApplication::setOverrideCursor(Qt::WaitCursor); }
    ~BusyCursor() { QGuiApplication::restoreOverrideCursor(); }
};

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

} // namespace

ExportController::ExportController(Trainer *trainer, QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_recorder(new RunRecorder(trainer, this))
{
    registerLossFigure(); // the loss figure is the window's chart
    // Documents if there is such a folder, else home: a suggestion has to be writable.
    m_lastFolder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (!QFileInfo(m_lastFolder).isDir())
        m_lastFolder = QDir::homePath();
    m_exportAll = makeAction(tr("Export &All\u2026"), "exportAllAction");
    m_exportAll->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAll->setStatusTip(tr("Write the run's data, every figure (PNG, SVG, PDF), its "
                                 "config and a PyTorch script into a folder"));
    connect(m_exportAll, &QAction::triggered, this, &ExportController::chooseFolderForAll);

    m_exportScript = makeAction(tr("Export as &PyTorch Script\u2026"), "exportScriptAction");
    m_exportScript->setStatusTip(tr("Write reproduce.py and reproduce.ipynb, which rerun this "
                                    "experiment in PyTorch"));
    connect(m_exportScript, &QAction::triggered, this, &ExportController::chooseFolderForScript);

    for (FigureKind kind : allFigureKinds()) {
        QAction *action =
            makeAction(figureDisplayName(kind) + QStringLiteral("\u2026"), figureActionName(kind));
        action->setStatusTip(tr("Save the %1 as PNG, SVG or PDF, with a caption naming the "
                                "run's settings")
                                 .arg(figureDisplayName(kind).toLower()));
        connect(action, &QAction::triggered, this, [this, kind] { openFigureDialog(kind); });
        m_figureActions.insert(int(kind), action);
    }
    // The family's figures become available as their measurements arrive.
    connect(m_recorder, &RunRecorder::changed, this, &ExportController::updateActions);
    updateActions();
}

ExportController::~ExportController() = default;

QAction *ExportController::makeAction(const QString &text, const char *objectName)
{
    auto *action = new QAction(text, this);
    action->setObjectName(QLatin1String(objectName));
    return action;
}

void ExportController::updateActions()
{
    const bool hasData = m_recorder->hasData();
    m_exportAll->setEnabled(hasData);
    m_exportScript->setEnabled(hasData);
    // figureKindsFor looks at the config, the embedding's width and the measurements only.
    const RunRecord &record = m_recorder->record();
    FigureData shape;
    shape.config = record.config;
    shape.embedding.cols = record.embedding.cols;
    shape.run = &record;
    const std::vector<FigureKind> available = figureKindsFor(shape);
    for (FigureKind kind : allFigureKinds())
        figureAction(kind)->setEnabled(
            hasData && std::find(available.begin(), available.end(), kind) != available.end());
}

void ExportController::addToMenu(QMenu *menu)
{
    menu->addAction(m_exportAll);
    menu->addAction(m_exportScript);
    QMenu *figures = menu->addMenu(tr("Export &Figure"));
    figures->setObjectName(QStringLiteral("exportFigureMenu"));
    for (FigureKind kind : allFigureKinds())
        figures->addAction(figureAction(kind));
}

void ExportController::attachContextMenu(QWidget *view, FigureKind kind)
{
    // The embedding views wrap a FigureView with their own controls.
    auto *figureView = qobject_cast<FigureView *>(view);
    if (!figureView)
        figureView = view->findChild<FigureView *>();
    if (figureView && figureView->kind() == kind)
        m_views.insert(int(kind), figureView);
    if (auto *chart = qobject_cast<LossChartView *>(view))
        m_lossChart = chart;
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this, view, kind](QPoint pos) {
        // Scroll areas report the position in their viewport's coordinates.
        const auto *area = qobject_cast<QAbstractScrollArea *>(view);
        const QPoint global = area ? area->viewport()->mapToGlobal(pos) : view->mapToGlobal(pos);
        auto *menu = new QMenu(view);
        menu->setObjectName(QStringLiteral("figureContextMenu"));
        menu->setAttribute(Qt::WA_DeleteOnClose);
        QAction *figure = figureAction(kind);
        QAction *item =
            menu->addAction(tr("Export %1\u2026").arg(figureDisplayName(kind).toLower()), figure,
                            &QAction::trigger);
        item->setObjectName(QStringLiteral("contextExportFigureAction"));
        item->setEnabled(figure->isEnabled());
        menu->addSeparator();
        menu->addAction(m_exportAll);
        menu->popup(global); // not exec(): no nested event loop
    });
}

void ExportController::showMessagesIn(MessageBanner *banner, QStatusBar *statusBar)
{
    connect(this, &ExportController::failed, banner, [banner](const QString &message) {
        banner->showMessage(MessageBanner::Kind::Error, tr("Export failed"), message);
    });
    connect(this, &ExportController::exported, statusBar,
            [banner, statusBar](const QString &message, const QString &note) {
                statusBar->showMessage(message, kStatusMs);
                if (!note.isEmpty())
                    banner->showMessage(MessageBanner::Kind::Info, message, note);
            });
}

void ExportController::chooseFolderForAll()
{
    const QString folder = FileDialogs::instance()->getExistingDirectory(
        m_window, tr("Export all into folder"), m_lastFolder);
    if (!folder.isEmpty())
        exportAll(folder);
}

void ExportController::chooseFolderForScript()
{
    const QString folder = FileDialogs::instance()->getExistingDirectory(
        m_window, tr("Export PyTorch script into folder"), m_lastFolder);
    if (!folder.isEmpty())
        exportScript(folder);
}

bool ExportController::exportAll(const QString &folder)
{
    if (!m_recorder->hasData())
        return false;
    BusyCursor busy;
    const RunRecord &record = m_recorder->record();
    auto files = runFiles(record);
    QString error;
    auto figures = renderFigureFiles(
        exportData(), {FigureFormat::Png, FigureFormat::Svg, FigureFormat::Pdf}, &error);
    if (figures.empty()) {
        emit failed(tr("Nothing was written to %1: %2").arg(folder, error));
        return false;
    }
    std::move(figures.begin(), figures.end(), std::back_inserter(files));
    return writeSet(folder, std::move(files), QString(), true);
}

FigureData ExportController::exportData() const
{
    FigureData data = figureDataFor(m_recorder->record());
    // The heatmap in its colour mode and range; the loss chart as it is set.
    if (const FigureView *heatmap = m_views.value(int(FigureKind::Embeddings)))
        data.table = heatmap->figureData().table;
    if (m_lossChart) {
        data.loss = m_lossChart->display();
        data.lossScale = m_lossChart->logScale() ? LossScale::Log : LossScale::Linear;
    }
    return data;
}

QString ExportController::newRunFolder(const QString &parent)
{
    const QString stem = QStringLiteral("run-") +
                         QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString name = stem;
    for (int n = 2; QFileInfo::exists(QDir(parent).filePath(name)); ++n)
        name = stem + QStringLiteral("-%1").arg(n);
    return QDir(parent).filePath(name);
}

bool ExportController::exportScript(const QString &folder)
{
    if (!m_recorder->hasData())
        return false;
    std::vector<std::pair<QString, QByteArray>> files;
    for (auto &file : runFiles(m_recorder->record()))
        if (file.first.startsWith(QLatin1String("reproduce.")))
            files.push_back(std::move(file));
    return writeSet(folder, std::move(files), tr("reproduce.py and reproduce.ipynb"), false);
}

bool ExportController::writeSet(QString folder, std::vector<std::pair<QString, QByteArray>> files,
                                const QString &what, bool withRunData)
{
    // Never replace an earlier export unasked: name what is there (what this set writes, and
    // with run data every file of an earlier export, which it replaces), offer a new folder.
    QStringList candidates;
    for (const auto &file : files)
        candidates << file.first;
    candidates << QLatin1String(notesFileName);
    // Exporting a run replaces an earlier export's files whole (when the user says Replace):
    // none of another run's files, lr_schedule.csv or a figure, stays beside this run's.
    QStringList supersedes;
    if (withRunData)
        candidates << (supersedes = runOutputNames() << QLatin1String(notesFileName));
    QStringList existing;
    for (const QString &name : candidates)
        if (!existing.contains(name) && QFileInfo(QDir(folder).filePath(name)).isFile())
            existing << name;
    if (!existing.isEmpty()) {
        switch (FileDialogs::instance()->askAboutExisting(m_window, folder, existing, true)) {
        case FileDialogs::Existing::Replace:
            break;
        case FileDialogs::Existing::NewFolder:
            folder = newRunFolder(folder);
            break;
        case FileDialogs::Existing::Cancel:
            return false;
        }
    }
    QString note = reproductionNote(*m_recorder);
    if (!note.isEmpty() && withRunData)
        note += tr(" loss.csv, the embeddings and the figures show this run as it was (the "
                   "figures' captions name the configured settings).");
    if (!note.isEmpty())
        files.emplace_back(QLatin1String(notesFileName), notesText(note));
    const QString error = writeFileSet(folder, files, nullptr, supersedes);
    if (!error.isEmpty()) {
        emit failed(capitalized(error));
        return false;
    }
    if (note.isEmpty())
        removeStaleNotes(folder);
    m_lastFolder = folder;
    QString message = what.isEmpty() ? tr("Exported %1 files to %2").arg(files.size()).arg(folder)
                                     : tr("Exported %1 to %2").arg(what, folder);
    if (!note.isEmpty())
        message += tr(", with %1").arg(QLatin1String(notesFileName));
    emit exported(message, note);
    return true;
}

void ExportController::openFigureDialog(FigureKind kind)
{
    if (!m_recorder->hasData())
        return;
    const QString suggested =
        QDir(m_lastFolder)
            .filePath(figureFileStem(kind) + QLatin1Char('.') + figureFormatName(m_lastFormat));
    // A view's figure is suggested as shown: twice its size, so the PNG has the view's layout.
    const FigureView *view = m_views.value(int(kind));
    const QSize shown = view && view->isShown() ? view->figureRect().size() * 2 : QSize();
    // (FigureExportDialog and writeFigure take sizes from 480 x 300 pixels: a view is never
    // smaller than 240 x 150 units.)
    const QSize pixels = m_lastPixels.value(
        int(kind), shown.isValid() && validateFigurePixels(shown).isEmpty()
                       ? shown
                       : defaultFigurePixels(kind, figureDataFor(m_recorder->record())));
    auto *dialog = new FigureExportDialog(kind, suggested, pixels, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &FigureExportDialog::exportRequested, this,
            [this, dialog, kind](const FigureExportChoice &choice) {
                QString error;
                if (exportFigure(kind, choice, &error))
                    dialog->accept();
                else if (!error.isEmpty())
                    dialog->showError(error); // keeps the choices, to pick another place
            });
    dialog->open(); // window-modal, without a nested event loop
}

bool ExportController::exportFigure(FigureKind kind, const FigureExportChoice &choice,
                                    QString *error)
{
    QString problem;
    if (!m_recorder->hasData()) {
        problem = tr("There is no run to export yet: train first.");
    } else if (QFileInfo(choice.path).isFile() &&
               FileDialogs::instance()->askAboutExisting(
                   m_window, QFileInfo(choice.path).absolutePath(),
                   {QFileInfo(choice.path).fileName()}, false) != FileDialogs::Existing::Replace) {
        if (error)
            error->clear(); // the user kept the file: no failure, nothing written
        return false;
    } else {
        BusyCursor busy;
        // A view's figure at twice the view's size is drawn at the view's own layout, however
        // small, so the file is the picture on screen.
        const FigureView *view = m_views.value(int(kind));
        FigureRendering how;
        if (view) {
            how.style = view->style();
            if (choice.pixels == view->figureRect().size() * 2)
                how.pixelRatio = 2 * view->scale(); // its layout, magnified as shown
        }
        // What the view draws, its settings included; without a view, the run's record.
        const FigureData data = view ? view->figureData() : exportData();
        problem =
            capitalized(writeFigure(kind, data, choice.path, choice.format, choice.pixels, how));
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    m_lastFolder = QFileInfo(choice.path).absolutePath();
    m_lastFormat = choice.format;
    m_lastPixels.insert(int(kind), choice.pixels);
    emit exported(tr("Exported the %1 to %2").arg(figureDisplayName(kind).toLower(), choice.path),
                  {});
    return true;
}

} // namespace pelab
