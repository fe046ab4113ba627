// SPDX-License-Identifier: MIT
// The family's views in the real window: they appear when the settings leave the seed's
// shape, fill during a run, do no work while hidden, and export exactly what they show.
#include "ExplainDialog.h"
#include "ExportController.h"
#include "FamilyViews.h"
#include "FamilyWindowSupport.h"
#include "FigureView.h"
#include "HyperparameterPanel.h"
#include "LossChartView.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "Presets.h"
#include "ProbePicker.h"
#include "TextZoom.h"
#include "Trainer.h"
#include "figures/FigureWriter.h"

#include <QDockWidget>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <memory>

using namespace pelab;
using namespace pelab::test;

class TestFamilyViews : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init() { clearWindowSettings(); }
    void docksFollowTheModelsShape();
    void viewsFillDuringARunAndRestWhileHidden();
    void exportIsThePictureOnScreen();
    void attentionPicksAProbeSequence();
    void helpCoversEveryView();

private:
    QTemporaryDir m_settingsDir;
};

void TestFamilyViews::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useSettingsIn(m_settingsDir.path());
}

void TestFamilyViews::docksFollowTheModelsShape()
{
    auto window = makeFamilyWindow();
    const auto &docks = window->familyViews()->docks();
    QCOMPARE(docks.size(), FamilyViews::kinds().size());
    QCOMPARE(docks.size(), std::size_t(7));
    // The seed's shape: the window looks as simple as the notebook.
    for (QDockWidget *dock : docks)
        QVERIFY2(!dock->isVisible(), qPrintable(dock->objectName()));
    // Typing a layer count in the panel brings them up, tabbed below the loss chart.
    QVERIFY(typeInto(field(window.get(), "layersSpin"), QStringLiteral("2")));
    QTRY_VERIFY(docks.front()->isVisible());
    for (QDockWidget *dock : docks) {
        QVERIFY(!dock->isHidden());
        QCOMPARE(window->dockWidgetArea(dock), Qt::BottomDockWidgetArea);
        auto *view = qobject_cast<FigureView *>(dock->widget());
        QVERIFY(view);
        QVERIFY2(!view->summary().isEmpty(), qPrintable(dock->objectName()));
    }
    // Back to the seed's shape: they step aside again.
    window->setConfig(findPreset(QStringLiteral("seed"))->config);
    for (QDockWidget *dock : docks)
        QVERIFY(dock->isHidden());
}

void TestFamilyViews::viewsFillDuringARunAndRestWhileHidden()
{
    auto window = makeFamilyWindow();
    window->setConfig(smallFamily());
    FamilyViews *family = window->familyViews();
    FigureView *attention = family->view(FigureKind::Attention);
    FigureView *gradients = family->view(FigureKind::Gradients);
    dockOf(attention)->raise();
    QTRY_VERIFY(attention->isShown());
    QTRY_VERIFY(!gradients->isShown()); // a tab behind another
    const int hiddenBefore = gradients->renderCount();
    const int shownBefore = attention->renderCount();
    QVERIFY(runToEnd(*window));
    // The raised view redrew as the run went on; the tab behind it did nothing.
    QTRY_VERIFY(attention->renderCount() > shownBefore);
    QCOMPARE(gradients->renderCount(), hiddenBefore);
    // Each view, raised, shows its measurement (its hover reads real values).
    for (FigureView *view : family->views()) {
        dockOf(view)->raise();
        QTRY_VERIFY(view->isShown());
        QTRY_VERIFY(view->renderCount() > 0);
        // Once it has drawn the finished run, hovering somewhere on it names a value.
        QTRY_VERIFY2(!firstHoverText(*view).isEmpty(), qPrintable(view->objectName()));
        saveShot(view, view->objectName());
    }
    // The loss chart shows every validation: its loss with the training loss, its accuracy
    // on an axis of its own.
    const TrainingConfig c = smallFamily();
    const std::int64_t steps = c.totalSteps();
    QVERIFY(window->lossChart()->validationCount() > 0);
    window->lossChart()->redrawNow();
    auto *validation = window->lossChart()->chart()->findChild<QLineSeries *>(
        QStringLiteral("validationLossSeries"));
    auto *accuracy = window->lossChart()->chart()->findChild<QLineSeries *>(
        QStringLiteral("validationAccuracySeries"));
    QVERIFY(validation && accuracy);
    QCOMPARE(validation->count(), int(window->lossChart()->validationCount()));
    QCOMPARE(accuracy->count(), validation->count());
    QCOMPARE(qint64(validation->at(validation->count() - 1).x()), steps); // the last step's
    for (const QPointF &p : accuracy->points())
        QVERIFY(p.y() >= 0 && p.y() <= 1);
    // A finished run's extrapolation lists both evaluation lengths in its hovers.
    FigureView *extrapolation = family->view(FigureKind::Extrapolation);
    const QRect r = extrapolation->figureRect();
    bool longer = false;
    for (int y = r.top(); y < r.bottom() && !longer; y += 1)
        for (int x = r.left(); x < r.right() && !longer; x += 1)
            longer = extrapolation->hoverTextAt(QPoint(x, y))
                         .startsWith(QStringLiteral("all positions: evaluation length 24"));
    QVERIFY(longer);
}

void TestFamilyViews::exportIsThePictureOnScreen()
{
    auto window = makeFamilyWindow();
    window->resize(1440, 900);
    window->setConfig(smallFamily());
    QVERIFY(runToEnd(*window));
    QTemporaryDir dir;
    for (FigureView *view : window->familyViews()->views()) {
        dockOf(view)->raise();
        QTRY_VERIFY(view->isShown());
        QApplication::processEvents();
        // What the widget painted is the view's own rendering at the screen's ratio...
        const QRect r = view->figureRect();
        const QImage painted = view->grab(r).toImage().convertToFormat(QImage::Format_RGB32);
        QImage rendered =
            view->renderImage(view->devicePixelRatioF()).convertToFormat(QImage::Format_RGB32);
        rendered.setDevicePixelRatio(painted.devicePixelRatio());
        QCOMPARE(painted.size(), rendered.size());
        QVERIFY2(painted == rendered, qPrintable(view->objectName()));
        // ... and a PNG export at twice the view's size is that rendering at ratio 2, pixel
        // for pixel, presentation scale included.
        view->setScale(1.5);
        const QString path = dir.filePath(figureFileStem(view->kind()) + QStringLiteral(".png"));
        QString error;
        QVERIFY2(window->exporter()->exportFigure(view->kind(),
                                                  {path, FigureFormat::Png, r.size() * 2}, &error),
                 qPrintable(error));
        const QImage exported = QImage(path).convertToFormat(QImage::Format_RGB32);
        const QImage shown = view->renderImage(2.0).convertToFormat(QImage::Format_RGB32);
        QCOMPARE(exported.size(), shown.size());
        QImage a = exported, b = shown;
        a.setDevicePixelRatio(1);
        b.setDevicePixelRatio(1);
        QVERIFY2(a == b, qPrintable(view->objectName()));
        view->setScale(1.0);
    }
}

// The attention view's picker draws another probe sequence's maps; the export follows it.
void TestFamilyViews::attentionPicksAProbeSequence()
{
    auto window = makeFamilyWindow();
    window->resize(1440, 900);
    window->setConfig(smallFamily());
    QVERIFY(runToEnd(*window));
    FigureView *view = window->familyViews()->view(FigureKind::Attention);
    dockOf(view)->raise();
    QTRY_VERIFY(view->isShown());
    auto *picker = view->findChild<ProbePicker *>();
    QVERIFY(picker);
    QCOMPARE(picker->count(), 8);
    auto *spin = picker->findChild<QSpinBox *>(QStringLiteral("probeSequenceSpin"));
    QVERIFY(spin && spin->isEnabled());
    QCOMPARE(view->figureData().probeSequence, 0);
    const QImage first = view->renderImage(1.0);
    spin->setValue(3);
    QCOMPARE(view->figureData().probeSequence, 2);
    const QImage third = view->renderImage(1.0);
    QVERIFY(first != third);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("attention.svg"));
    QString error;
    QVERIFY2(window->exporter()->exportFigure(FigureKind::Attention,
                                              {path, FigureFormat::Svg, {1600, 1200}}, &error),
             qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("probe sequence 3 of 8"));
}

void TestFamilyViews::helpCoversEveryView()
{
    const QString html = ExplainDialog::explanationHtml();
    for (const FigureKind kind : FamilyViews::kinds()) {
        QVERIFY(!FamilyViews::summary(kind).isEmpty());
        QVERIFY2(html.contains(figureDisplayName(kind)), qPrintable(figureDisplayName(kind)));
        QVERIFY(html.contains(FamilyViews::summary(kind).toHtmlEscaped()));
    }
}

QTEST_MAIN(TestFamilyViews)
#include "tst_familyviews.moc"
