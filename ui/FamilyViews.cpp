// SPDX-License-Identifier: MIT
#include "FamilyViews.h"

#include "ExportController.h"
#include "FigureView.h"
#include "ProbePicker.h"
#include "TrainingConfig.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QTabBar>

namespace pelab {

std::vector<FigureKind> FamilyViews::kinds()
{
    return {FigureKind::Attention, FigureKind::Entropy,       FigureKind::Gradients,
            FigureKind::Rank,      FigureKind::Extrapolation, FigureKind::Positions,
            FigureKind::Pca};
}

QString FamilyViews::shortTitle(FigureKind kind)
{
    switch (kind) {
    case FigureKind::Attention:
        return QObject::tr("Attention");
    case FigureKind::Entropy:
        return QObject::tr("Entropy");
    case FigureKind::Gradients:
        return QObject::tr("Gradients");
    case FigureKind::Rank:
        return QObject::tr("Rank");
    case FigureKind::Extrapolation:
        return QObject::tr("Length");
    case FigureKind::Positions:
        return QObject::tr("Positions");
    case FigureKind::Pca:
        return QObject::tr("PCA");
    default:
        return figureDisplayName(kind);
    }
}

QString FamilyViews::summary(FigureKind kind)
{
    switch (kind) {
    case FigureKind::Gradients:
        return QObject::tr(
            "How strongly each layer is pushed at every step (gradient norm, log "
            "colours). Look for rows much darker than the rest: those layers "
            "barely learn (vanishing gradients); the line above the plot compares layer "
            "1 with the last.");
    case FigureKind::Attention:
        return QObject::tr("Where each position of one probe sequence looks, per layer and "
                           "head (rows: queries, columns: keys). Look for sharp diagonals "
                           "(a fixed offset, as the shift task needs) against flat, uniform "
                           "rows.");
    case FigureKind::Entropy:
        return QObject::tr("How spread out attention is (1 = every visible key alike) and how "
                           "far it reaches, over training. Look for entropy falling as heads "
                           "specialise; a layer stuck near 1 attends to nothing in particular.");
    case FigureKind::Rank:
        return QObject::tr("How different the positions still are after each layer (0 = all "
                           "alike). Look for values sinking with depth: rank collapse, where "
                           "deep layers can no longer tell positions apart.");
    case FigureKind::Extrapolation:
        return QObject::tr("Accuracy on sequences longer than the training ones (measured at "
                           "the end, at each Test length) and at each position now. Look for "
                           "the drop past the training length, and which encodings avoid it.");
    case FigureKind::Positions:
        return QObject::tr("How alike the encoding makes two positions, for every encoding (a "
                           "table's cosine similarity, RoPE's relative score, ALiBi's bias), "
                           "and the same by their distance. Look for similarity that falls "
                           "smoothly with distance; dashed lines mark rows training never "
                           "reached.");
    case FigureKind::Pca:
        return QObject::tr("The table's positions as a path through its two main directions, "
                           "coloured by position. Look for an ordered curve (nearby positions "
                           "close together) growing out of the random start's tangle.");
    default:
        return {};
    }
}

FamilyViews::FamilyViews(QMainWindow *window, const RunRecorder *recorder,
                         ExportController *exporter)
    : QObject(window)
{
    QDockWidget *first = nullptr;
    for (const FigureKind kind : kinds()) {
        auto *view = new FigureView(kind, recorder);
        view->setSummary(summary(kind));
        if (kind == FigureKind::Attention) {
            auto *picker = new ProbePicker(recorder, view);
            view->addHeaderWidget(picker);
            view->setDataSetting(
                [picker](FigureData &data) { data.probeSequence = picker->sequence(); });
            connect(picker, &ProbePicker::sequenceChanged, view, &FigureView::invalidate);
        }
        exporter->attachContextMenu(view, kind);
        auto *dock = new QDockWidget(shortTitle(kind), window);
        dock->setObjectName(figureFileStem(kind) + QStringLiteral("Dock"));
        dock->setWidget(view);
        window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        if (first)
            window->tabifyDockWidget(first, dock);
        else
            first = dock;
        m_views.push_back(view);
        m_docks.push_back(dock);
    }
    first->raise();
    showWholeTabTitles(window);
}

void FamilyViews::showWholeTabTitles(QMainWindow *window)
{
    // Dock tabs scroll rather than shrink their titles to "At\u2026 E\u2026 G\u2026" when narrow.
    for (QTabBar *bar : window->findChildren<QTabBar *>()) {
        bar->setElideMode(Qt::ElideNone);
        bar->setUsesScrollButtons(true);
    }
}

FigureView *FamilyViews::view(FigureKind kind) const
{
    for (FigureView *view : m_views)
        if (view->kind() == kind)
            return view;
    return nullptr;
}

void FamilyViews::addToMenu(QMenu *menu) const
{
    for (QDockWidget *dock : m_docks)
        menu->addAction(dock->toggleViewAction());
}

void FamilyViews::followShape(const TrainingConfig &config)
{
    const int seed = config.isSeedShape() ? 1 : 0;
    if (seed == m_seedShape)
        return;
    m_seedShape = seed;
    for (QDockWidget *dock : m_docks)
        dock->setVisible(!seed);
    if (seed || m_docks.empty())
        return;
    // Docks shown again in a visible window each come up as if on their own tab's top:
    // tabbing them anew leaves one showing, the first.
    auto *window = qobject_cast<QMainWindow *>(parent());
    for (std::size_t i = 1; i < m_docks.size(); ++i)
        window->tabifyDockWidget(m_docks.front(), m_docks[i]);
    m_docks.front()->raise();
    showWholeTabTitles(window);
}

} // namespace pelab
