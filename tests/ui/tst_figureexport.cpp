// SPDX-License-Identifier: MIT
// Exporting one figure from the window: the dialog (file, format from the suffix or the
// combo, PNG size checked against the allowed range) filled in by typing, and the
// right-click "Export <figure>..." on each plot, including the loss chart, whose right-drag
// pans.
#include "EmbeddingHeatmap.h"
#include "EmbeddingProfileView.h"
#include "ExportTestSupport.h"
#include "FigureView.h"
#include "LossChartTestSupport.h"
#include "SimilarityView.h"
#include "UiTestSupport.h"

#include <QImageReader>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QtTest>

using namespace pelab;
using namespace pelab::test;

Q_DECLARE_METATYPE(pelab::FigureKind)

namespace {

FigureExportDialog *openDialog(QWidget *window)
{
    return window->findChild<FigureExportDialog *>(QStringLiteral("figureExportDialog"));
}

void rightClick(QWidget *target, QPoint at, QPoint releaseAt)
{
    sendMouse(target, QEvent::MouseButtonPress, at, Qt::RightButton, Qt::RightButton);
    if (releaseAt != at)
        sendMouse(target, QEvent::MouseMove, releaseAt, Qt::NoButton, Qt::RightButton);
    sendMouse(target, QEvent::MouseButtonRelease, releaseAt, Qt::RightButton, Qt::NoButton);
}

} // namespace

class TestFigureExport : public QObject {
    Q_OBJECT
private slots:
    void init() { m_f = std::make_unique<ExportFixture>(); }
    void cleanup() { m_f.reset(); }
    void figureDialogWritesWhatWasChosen_data();
    void figureDialogWritesWhatWasChosen();
    void figureDialogExplainsABadSize();
    void figureWriteFailureKeepsTheDialogOpen();
    void rightClickOnTheLossChartOffersExport();
    void rightDragOnTheLossChartStillPans();
    void platformMenuEventsOnTheLossChart();
    void contextMenuOnEachView_data();
    void contextMenuOnEachView();
    void heatmapExportIsThePictureOnScreen();
    void lossExportKeepsTheChartSettings();

private:
    // A loss chart as the window's central widget, with the export context menu attached.
    LossChartView *showLossChartWithExport();

    std::unique_ptr<ExportFixture> m_f;
};

void TestFigureExport::figureDialogWritesWhatWasChosen_data()
{
    QTest::addColumn<QString>("actionName");
    QTest::addColumn<QString>("typed");   // the file name typed into the dialog
    QTest::addColumn<QString>("format");  // chosen in the combo after typing; empty: none
    QTest::addColumn<QString>("written"); // the file that must appear
    QTest::addColumn<QSize>("pixels");
    QTest::newRow("loss PNG, custom size") << "exportLossAction"
                                           << "loss-big.png"
                                           << ""
                                           << "loss-big.png" << QSize(1000, 700);
    QTest::newRow("heatmap PDF from the suffix") << "exportHeatmapAction"
                                                 << "heat.pdf"
                                                 << ""
                                                 << "heat.pdf" << QSize(1200, 600);
    QTest::newRow("profile SVG from the combo") << "exportProfileAction"
                                                << "profile"
                                                << "svg"
                                                << "profile.svg" << QSize(960, 600);
    QTest::newRow("similarity: combo replaces the suffix") << "exportSimilarityAction"
                                                           << "sim.png"
                                                           << "pdf"
                                                           << "sim.pdf" << QSize(800, 800);
}

void TestFigureExport::figureDialogWritesWhatWasChosen()
{
    QFETCH(QString, actionName);
    QFETCH(QString, typed);
    QFETCH(QString, format);
    QFETCH(QString, written);
    QFETCH(QSize, pixels);
    QVERIFY(m_f->runToEnd());
    m_f->window->show();
    QSignalSpy exported(m_f->exporter, &ExportController::exported);
    action(m_f->window.get(), qPrintable(actionName))->trigger();
    QPointer<FigureExportDialog> dialog = openDialog(m_f->window.get());
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(typeInto(field(dialog, "figurePathEdit"), m_f->dir.filePath(typed)));
    if (!format.isEmpty()) {
        auto *combo = dialog->findChild<QComboBox *>(QStringLiteral("figureFormatCombo"));
        const int index = combo->findData(int(*figureFormatFromName(format)));
        combo->setCurrentIndex(index);
        emit combo->activated(index); // what picking it from the list sends
    }
    QVERIFY(typeInto(field(dialog, "figureWidthSpin"), QString::number(pixels.width())));
    QVERIFY(typeInto(field(dialog, "figureHeightSpin"), QString::number(pixels.height())));
    QCoreApplication::sendPostedEvents(); // lay out as the event loop would, for the picture
    saveShot(dialog, QStringLiteral("figure-export-dialog-") + actionName);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("figureExportButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!dialog);

    const QString path = m_f->dir.filePath(written);
    QCOMPARE(filesIn(m_f->dir.path()), QStringList{written});
    QCOMPARE(exported.count(), 1);
    QVERIFY2(exported.at(0).at(0).toString().endsWith(path),
             qPrintable(exported.at(0).at(0).toString()));
    const QByteArray bytes = readFile(path);
    if (written.endsWith(QLatin1String(".png")))
        QCOMPARE(QImageReader(path).size(), pixels);
    else if (written.endsWith(QLatin1String(".pdf")))
        QVERIFY(bytes.startsWith("%PDF-"));
    else
        QVERIFY(bytes.contains("<svg"));

    // The next figure dialog suggests the same folder and format.
    action(m_f->window.get(), qPrintable(actionName))->trigger();
    dialog = openDialog(m_f->window.get());
    QVERIFY(dialog);
    QCOMPARE(dialog->choice().path.section(QLatin1Char('.'), -1), written.section('.', -1));
    QCOMPARE(QFileInfo(dialog->choice().path).absolutePath(), m_f->dir.path());
    QCOMPARE(dialog->choice().pixels, pixels);
    dialog->reject();
}

void TestFigureExport::figureDialogExplainsABadSize()
{
    QVERIFY(m_f->runToEnd());
    m_f->window->show();
    action(m_f->window.get(), "exportLossAction")->trigger();
    FigureExportDialog *dialog = openDialog(m_f->window.get());
    QVERIFY(dialog);
    auto *button = dialog->findChild<QPushButton *>(QStringLiteral("figureExportButton"));
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("figureErrorLabel"));
    QVERIFY(button->isEnabled());
    QVERIFY(!error->isVisible());

    QVERIFY(typeInto(field(dialog, "figureWidthSpin"), QStringLiteral("300")));
    QVERIFY(!button->isEnabled());
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), QStringLiteral("Figure size 300x1000 pixels is not allowed; use "
                                           "480x300 to 16384x16384"));
    QCoreApplication::sendPostedEvents();
    saveShot(dialog, QStringLiteral("figure-export-dialog-bad-size"));
    QVERIFY(typeInto(field(dialog, "figureWidthSpin"), QStringLiteral("480")));
    QVERIFY(button->isEnabled());
    QVERIFY(!error->isVisible());

    QVERIFY(typeInto(field(dialog, "figurePathEdit"), QString()));
    QVERIFY(!button->isEnabled());
    QVERIFY(error->text().startsWith(QStringLiteral("Save as: ")));
    dialog->reject();
    QVERIFY(tree(m_f->dir.path()).isEmpty());
}

void TestFigureExport::figureWriteFailureKeepsTheDialogOpen()
{
    QVERIFY(m_f->runToEnd());
    m_f->window->show();
    QFile file(m_f->dir.filePath("file.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    action(m_f->window.get(), "exportLossAction")->trigger();
    QPointer<FigureExportDialog> dialog = openDialog(m_f->window.get());
    QVERIFY(dialog);
    const QString path = m_f->dir.filePath("file.txt/loss.png");
    QVERIFY(typeInto(field(dialog, "figurePathEdit"), path));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("figureExportButton")),
                      Qt::LeftButton);
    QVERIFY(dialog && dialog->isVisible());
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("figureErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(QStringLiteral("Cannot write %1: ").arg(path)),
             qPrintable(error->text()));
    QCOMPARE(tree(m_f->dir.path()), QStringList{m_f->dir.filePath("file.txt")});
    saveShot(dialog, QStringLiteral("figure-export-dialog-write-failed"));
    dialog->reject();
}

LossChartView *TestFigureExport::showLossChartWithExport()
{
    auto *chart = new LossChartView;
    m_f->window->setCentralWidget(chart);
    m_f->exporter->attachContextMenu(chart, FigureKind::Loss);
    m_f->window->show();
    return QTest::qWaitForWindowExposed(m_f->window.get()) ? chart : nullptr;
}

void TestFigureExport::rightClickOnTheLossChartOffersExport()
{
    LossChartView *chart = showLossChartWithExport();
    QVERIFY(chart);
    QWidget *viewport = canvas(*chart)->viewport();
    const QPoint center = viewport->rect().center();

    // Before a run the entry is there, greyed out.
    rightClick(viewport, center, center);
    QTRY_VERIFY(visibleContextMenu());
    QMenu *menu = visibleContextMenu();
    QAction *item = menu->findChild<QAction *>(QStringLiteral("contextExportFigureAction"));
    QVERIFY(item);
    QCOMPARE(item->text(), QStringLiteral("Export loss curve\u2026"));
    QVERIFY(!item->isEnabled());
    QVERIFY(menu->actions().contains(m_f->exporter->exportAllAction()));
    menu->close();
    QTRY_VERIFY(!visibleContextMenu());

    QVERIFY(m_f->runToEnd());
    rightClick(viewport, center, center + QPoint(1, 1)); // a hand's tremble is still a click
    QTRY_VERIFY(visibleContextMenu());
    menu = visibleContextMenu();
    QCOMPARE(menu->pos(), viewport->mapToGlobal(center + QPoint(1, 1))); // where clicked
    item = menu->findChild<QAction *>(QStringLiteral("contextExportFigureAction"));
    QVERIFY(item->isEnabled());
    saveShot(m_f->window.get(), QStringLiteral("loss-context-menu"));
    saveShot(menu, QStringLiteral("loss-context-menu-alone"));
    item->trigger();
    menu->close();
    FigureExportDialog *dialog = openDialog(m_f->window.get());
    QVERIFY(dialog);
    QCOMPARE(dialog->kind(), FigureKind::Loss);
    dialog->reject();
}

void TestFigureExport::rightDragOnTheLossChartStillPans()
{
    LossChartView *chart = showLossChartWithExport();
    QVERIFY(chart);
    chart->reset(runOf(5000, 500));
    chart->appendLosses(lossesFor(1, 5000, 500));
    chart->redrawNow();
    QWidget *viewport = canvas(*chart)->viewport();
    sendWheel(viewport, viewportPos(*chart, {2500, 0.5}), 360); // zoom in, so a pan can move
    chart->redrawNow();
    const double before = xAxis(*chart)->min();

    rightClick(viewport, viewportPos(*chart, {2000, 0.5}), viewportPos(*chart, {2600, 0.5}));
    chart->redrawNow();
    QVERIFY(xAxis(*chart)->min() < before - 500);
    QVERIFY(!visibleContextMenu());
}

void TestFigureExport::platformMenuEventsOnTheLossChart()
{
    LossChartView *chart = showLossChartWithExport();
    QVERIFY(chart);
    QWidget *viewport = canvas(*chart)->viewport();
    const QPoint at = viewport->rect().center();
    // Most platforms send this on the right button's press, the start of every pan: no menu.
    QContextMenuEvent onPress(QContextMenuEvent::Mouse, at, viewport->mapToGlobal(at));
    QApplication::sendEvent(viewport, &onPress);
    QVERIFY(!visibleContextMenu());
    // The Menu key still opens it.
    QContextMenuEvent key(QContextMenuEvent::Keyboard, at, viewport->mapToGlobal(at));
    QApplication::sendEvent(viewport, &key);
    QTRY_VERIFY(visibleContextMenu());
    visibleContextMenu()->close();
}

void TestFigureExport::contextMenuOnEachView_data()
{
    QTest::addColumn<QString>("view");
    QTest::addColumn<FigureKind>("kind");
    QTest::addColumn<QString>("entry");
    QTest::newRow("heatmap") << "heatmap" << FigureKind::Embeddings
                             << "Export embedding heatmap\u2026";
    QTest::newRow("profile") << "profile" << FigureKind::Profile
                             << "Export embedding profile\u2026";
    QTest::newRow("similarity") << "similarity" << FigureKind::Similarity
                                << "Export similarity matrix\u2026";
}

void TestFigureExport::contextMenuOnEachView()
{
    QFETCH(QString, view);
    QFETCH(FigureKind, kind);
    QFETCH(QString, entry);
    QWidget *widget =
        view == QLatin1String("heatmap")   ? static_cast<QWidget *>(new EmbeddingHeatmap)
        : view == QLatin1String("profile") ? static_cast<QWidget *>(new EmbeddingProfileView)
                                           : static_cast<QWidget *>(new SimilarityView);
    m_f->window->setCentralWidget(widget);
    m_f->exporter->attachContextMenu(widget, kind);
    m_f->window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_f->window.get()));
    QVERIFY(m_f->runToEnd());
    // Qt sends the event to the innermost widget under the mouse; it must reach the view.
    const QPoint center = widget->rect().center();
    QWidget *target = widget->childAt(center) ? widget->childAt(center) : widget;
    const QPoint at = target->mapFrom(widget, center);
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, target->mapToGlobal(at));
    QApplication::sendEvent(target, &event);
    QTRY_VERIFY(visibleContextMenu());
    QCOMPARE(visibleContextMenu()->pos(), widget->mapToGlobal(center));
    QAction *item =
        visibleContextMenu()->findChild<QAction *>(QStringLiteral("contextExportFigureAction"));
    QCOMPARE(item->text(), entry);
    QVERIFY(item->isEnabled());
    visibleContextMenu()->close();
}

// The heatmap's export is the view's own picture, its colour mode and running colour range
// included: change since initialisation stays change in the file.
void TestFigureExport::heatmapExportIsThePictureOnScreen()
{
    auto *heatmap = new EmbeddingHeatmap;
    m_f->window->setCentralWidget(heatmap);
    m_f->exporter->attachContextMenu(heatmap, FigureKind::Embeddings);
    m_f->window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_f->window.get()));
    QVERIFY(m_f->runToEnd());
    RunStart start;
    start.config = smallRun();
    start.initialEmbedding =
        Matrix{6, 3, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}};
    Matrix moved = start.initialEmbedding;
    moved.values[4] += 3.5f;
    heatmap->reset(start);
    heatmap->setEmbedding(moved);
    FigureView *view = heatmap->figureView();
    const QSize pixels = view->figureRect().size() * 2;
    const auto exported = [&](const QString &name) {
        const QString path = m_f->dir.filePath(name);
        QString error;
        if (!m_f->exporter->exportFigure(FigureKind::Embeddings, {path, FigureFormat::Png, pixels},
                                         &error))
            qWarning() << error;
        QImage image = QImage(path).convertToFormat(QImage::Format_RGB32);
        image.setDevicePixelRatio(1);
        return image;
    };
    const auto shown = [&] {
        QImage image = view->renderImage(2.0).convertToFormat(QImage::Format_RGB32);
        image.setDevicePixelRatio(1);
        return image;
    };
    const QImage values = exported(QStringLiteral("values.png"));
    QCOMPARE(values.size(), pixels);
    QVERIFY(values == shown());
    heatmap->setMode(EmbeddingHeatmap::Mode::ChangeSinceInit);
    QCOMPARE(view->figureData().table.change, true);
    const QImage change = exported(QStringLiteral("change.png"));
    QVERIFY(change == shown());
    QVERIFY(change != values);
}

// The loss figure is the chart as set on screen: log scale, smoothing and zoom included.
void TestFigureExport::lossExportKeepsTheChartSettings()
{
    LossChartView *chart = showLossChartWithExport();
    QVERIFY(chart);
    QVERIFY(m_f->runToEnd());
    chart->setLogScale(true);
    chart->setSmoothing(0.5);
    chart->showSteps(2, 6);
    const QString path = m_f->dir.filePath(QStringLiteral("loss.svg"));
    QString error;
    QVERIFY2(m_f->exporter->exportFigure(FigureKind::Loss, {path, FigureFormat::Svg, {1600, 1000}},
                                         &error),
             qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY2(svg.contains("log scale"), svg.left(2000).constData());
    QVERIFY(svg.contains("smoothed (EMA 0.50)"));
    QVERIFY(!svg.contains("EMA 0.90"));
}

QTEST_MAIN(TestFigureExport)
#include "tst_figureexport.moc"
