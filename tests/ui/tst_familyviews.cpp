// SPDX-License-Identifier: MIT
// The family's views in the real window: they appear when the settings leave the seed's
// shape, fill during a run, do no work while hidden, and export exactly what they show.
#include "ExplainDialog.h"
#include "ExportController.h"
#include "FamilyViews.h"
#include "FigureView.h"
#include "HyperparameterPanel.h"
#include "LossChartView.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "Presets.h"
#include "TextZoom.h"
#include "Trainer.h"
#include "UiTestSupport.h"
#include "figures/FigureWriter.h"

#include <QDockWidget>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <memory>

using namespace pelab;
using namespace pelab::test;

namespace {

// A family run that takes a second or two: 2 layers, 2 heads, shift by 2, with a validation
// set and an evaluation at twice the training length.
TrainingConfig smallFamily()
{
    TrainingConfig c = findPreset(QStringLiteral("seed"))->config;
    c.task = TaskKind::Shift;
    c.width = 16;
    c.layers = 2;
    c.heads = 2;
    c.causal = true;
    c.seqLen = 12;
    c.vocab = 8;
    c.samples = 256;
    c.valSamples = 64;
    c.evalLengths = {12, 24};
    c.evalSamples = 64;
    c.epochs = 3;
    c.batchSize = 32;
    c.learningRate = 0.003;
    return c;
}

QDockWidget *dockOf(QWidget *view)
{
    for (QWidget *w = view; w; w = w->parentWidget())
        if (auto *dock = qobject_cast<QDockWidget *>(w))
            return dock;
    return nullptr;
}

// The first hover text found scanning the figure in steps of 3 pixels (empty: none).
QString firstHoverText(const FigureView &view)
{
    const QRect r = view.figureRect();
    for (int y = r.top(); y < r.bottom(); y += 3)
        for (int x = r.left(); x < r.right(); x += 3)
            if (QString text = view.hoverTextAt(QPoint(x, y)); !text.isEmpty())
                return text;
    return {};
}

} // namespace

class TestFamilyViews : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init() { clearWindowSettings(); }
    void docksFollowTheModelsShape();
    void viewsFillDuringARunAndRestWhileHidden();
    void exportIsThePictureOnScreen();
    void helpCoversEveryView();
    void presentationModeEnlargesEveryView();
    void settingsChangedAfterARunAreMarked();
    void blowingUpLossIsWarnedOn();
    void nothingClippedAt1024x768();
    void darkThemeGetsDarkFigures();
    void presetAfterARunStartsAfresh();

private:
    std::unique_ptr<MainWindow> makeWindow();
    void runToEnd(MainWindow &window);
    QTemporaryDir m_settingsDir;
};

void TestFamilyViews::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    useSettingsIn(m_settingsDir.path());
}

std::unique_ptr<MainWindow> TestFamilyViews::makeWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->setSaveSettingsOnClose(false);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("window not exposed");
    return window;
}

void TestFamilyViews::runToEnd(MainWindow &window)
{
    QSignalSpy finished(window.trainer(), &Trainer::finished);
    action(&window, "startAction")->trigger();
    QVERIFY(finished.wait(120000));
}

void TestFamilyViews::docksFollowTheModelsShape()
{
    auto window = makeWindow();
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
    auto window = makeWindow();
    window->setConfig(smallFamily());
    FamilyViews *family = window->familyViews();
    FigureView *attention = family->view(FigureKind::Attention);
    FigureView *gradients = family->view(FigureKind::Gradients);
    dockOf(attention)->raise();
    QTRY_VERIFY(attention->isShown());
    QTRY_VERIFY(!gradients->isShown()); // a tab behind another
    const int hiddenBefore = gradients->renderCount();
    const int shownBefore = attention->renderCount();
    runToEnd(*window);
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
    auto window = makeWindow();
    window->resize(1440, 900);
    window->setConfig(smallFamily());
    runToEnd(*window);
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

void TestFamilyViews::helpCoversEveryView()
{
    const QString html = ExplainDialog::explanationHtml();
    for (const FigureKind kind : FamilyViews::kinds()) {
        QVERIFY(!FamilyViews::summary(kind).isEmpty());
        QVERIFY2(html.contains(figureDisplayName(kind)), qPrintable(figureDisplayName(kind)));
        QVERIFY(html.contains(FamilyViews::summary(kind).toHtmlEscaped()));
    }
}

void TestFamilyViews::presentationModeEnlargesEveryView()
{
    auto window = makeWindow();
    window->setConfig(smallFamily());
    const QFont before = QApplication::font();
    QAction *presentation = action(window.get(), "presentationAction");
    QVERIFY(presentation);
    presentation->trigger();
    QVERIFY(presentation->isChecked());
    const double factor = window->textZoom()->factor();
    QCOMPARE(factor, TextZoom::presentationFactor);
    // The application's text (panel, menus, labels) and every figure view's text grow.
    QVERIFY(QApplication::font().pointSizeF() > before.pointSizeF() * 1.5);
    QTRY_VERIFY(window->panel()->font().pointSizeF() > before.pointSizeF() * 1.5);
    for (FigureView *view : window->familyViews()->views()) {
        // The figure is laid out 1.6 times smaller and drawn 1.6 times larger: its text,
        // lines and markers are 1.6 times their size, in the same proportions.
        QCOMPARE(view->scale(), factor);
        QCOMPARE(view->layoutSize(), QSizeF(view->figureRect().size()) / factor);
    }
    // The loss chart's text grows with it (Qt Charts keeps fonts of its own).
    const QFont axisFont = window->lossChart()->chart()->axes().value(0)->labelsFont();
    QVERIFY(axisFont.pointSizeF() > 0);
    action(window.get(), "largerTextAction")->trigger();
    QVERIFY(window->lossChart()->chart()->axes().value(0)->labelsFont().pointSizeF() >
            axisFont.pointSizeF());
    QVERIFY(window->textZoom()->factor() > factor);
    // Leaving presentation mode returns to the size before it.
    presentation->trigger();
    QVERIFY(!presentation->isChecked());
    QCOMPARE(window->textZoom()->factor(), 1.0);
    QCOMPARE(QApplication::font().pointSizeF(), before.pointSizeF());
    for (FigureView *view : window->familyViews()->views())
        QCOMPARE(view->scale(), 1.0);
}

void TestFamilyViews::settingsChangedAfterARunAreMarked()
{
    auto window = makeWindow();
    window->setConfig(smallFamily());
    runToEnd(*window);
    auto *stale = window->findChild<QLabel *>(QStringLiteral("staleLabel"));
    QVERIFY(stale);
    QVERIFY(!window->panel()->isStale());
    // The run has ended, but its pictures are still on screen: a new head count does not
    // match them, and the panel says so.
    QVERIFY(typeInto(field(window.get(), "headsSpin"), QStringLiteral("4")));
    QVERIFY(window->panel()->isStale());
    QVERIFY(stale->isVisible());
    QVERIFY2(stale->text().contains(QStringLiteral("Heads")), qPrintable(stale->text()));
    QVERIFY2(stale->text().contains(QStringLiteral("run on screen was trained with the old")),
             qPrintable(stale->text()));
    // Reset clears the views, and with them the mismatch; the settings stay.
    action(window.get(), "resetAction")->trigger();
    QVERIFY(!window->panel()->isStale());
    QCOMPARE(window->panel()->config().heads, 4);
}

void TestFamilyViews::blowingUpLossIsWarnedOn()
{
    auto window = makeWindow();
    TrainingConfig blown = findPreset(QStringLiteral("seed"))->config;
    blown.learningRate = 100000;
    blown.epochs = 5;
    window->setConfig(blown);
    runToEnd(*window); // finite all along: it finishes
    QCOMPARE(window->trainer()->state(), TrainerState::Finished);
    QVERIFY2(window->lossChart()->warning().startsWith(QStringLiteral("Loss grew ")),
             qPrintable(window->lossChart()->warning()));
    QVERIFY(window->banner()->isVisible());
    QVERIFY(window->banner()->findChild<QLabel *>() != nullptr);
    bool said = false;
    for (const QLabel *label : window->banner()->findChildren<QLabel *>())
        said |= label->text().contains(QStringLiteral("blowing up"));
    QVERIFY(said);
    // A sane run clears it.
    blown.learningRate = 0.01;
    window->setConfig(blown);
    runToEnd(*window);
    QVERIFY(window->lossChart()->warning().isEmpty());
}

void TestFamilyViews::nothingClippedAt1024x768()
{
    auto window = makeWindow();
    window->setConfig(smallFamily());
    for (const QSize size : {QSize(1024, 768), QSize(1440, 900), QSize(1024, 768)}) {
        window->resize(size);
        QApplication::processEvents();
        QTRY_COMPARE(window->size(), size);
        saveShot(window.get(), QStringLiteral("window-%1x%2").arg(size.width()).arg(size.height()));
        // Every dock and the central area get at least what their contents need.
        for (QDockWidget *dock : window->findChildren<QDockWidget *>()) {
            if (!dock->isVisible() || !dock->widget()->isVisible())
                continue;
            const QSize need =
                dock->widget()->minimumSizeHint().expandedTo(dock->widget()->minimumSize());
            QVERIFY2(dock->widget()->width() >= need.width() &&
                         dock->widget()->height() >= need.height(),
                     qPrintable(QStringLiteral("%1 at %2x%3: %4x%5 < %6x%7")
                                    .arg(dock->objectName())
                                    .arg(size.width())
                                    .arg(size.height())
                                    .arg(dock->widget()->width())
                                    .arg(dock->widget()->height())
                                    .arg(need.width())
                                    .arg(need.height())));
        }
        QVERIFY(window->lossChart()->height() >= window->lossChart()->minimumSizeHint().height());
    }
}

void TestFamilyViews::darkThemeGetsDarkFigures()
{
    auto window = makeWindow();
    window->setConfig(smallFamily());
    runToEnd(*window);
    FigureView *view = window->familyViews()->view(FigureKind::Gradients);
    QCOMPARE(view->renderImage(1).pixelColor(2, 2), QColor(Qt::white)); // a light desktop
    QPalette dark = view->palette();
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Window, QColor(45, 45, 45));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    view->setPalette(dark);
    QCOMPARE(view->style().background, QColor(30, 30, 30));
    saveShot(view, QStringLiteral("dark-gradients"));
    const QImage image = view->renderImage(1);
    QCOMPARE(image.pixelColor(2, 2), QColor(30, 30, 30));
    // Its text is light: some pixel of the title is much brighter than the background.
    int brightest = 0;
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < image.width(); ++x)
            brightest = std::max(brightest, image.pixelColor(x, y).lightness());
    QVERIFY(brightest > 180);
    // And its export is what it shows.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("gradients.png"));
    QString error;
    dockOf(view)->raise();
    QTRY_VERIFY(view->isShown());
    QVERIFY2(window->exporter()->exportFigure(
                 FigureKind::Gradients, {path, FigureFormat::Png, view->figureRect().size() * 2},
                 &error),
             qPrintable(error));
    QCOMPARE(QImage(path).pixelColor(4, 4), QColor(30, 30, 30));
}

void TestFamilyViews::presetAfterARunStartsAfresh()
{
    auto window = makeWindow();
    // Before any run the loss axis names the loss the settings will use.
    window->setConfig(smallFamily());
    auto *axis =
        qobject_cast<QValueAxis *>(window->lossChart()->chart()->axes(Qt::Vertical).value(0));
    QVERIFY(axis);
    QVERIFY2(axis->titleText().contains(QStringLiteral("cross-entropy")),
             qPrintable(axis->titleText()));
    runToEnd(*window);
    QVERIFY(window->lossChart()->pointCount() > 0);
    // A preset after the run ended: its pictures go, they would pass for the seed's.
    QAction *seed = window->findChild<QAction *>(QStringLiteral("preset-seed"));
    QVERIFY(seed);
    seed->trigger();
    QCOMPARE(window->lossChart()->pointCount(), qint64(0));
    QVERIFY(!window->panel()->isStale());
    QVERIFY2(axis->titleText().contains(QStringLiteral("MSE")), qPrintable(axis->titleText()));
    for (QDockWidget *dock : window->familyViews()->docks())
        QVERIFY(dock->isHidden());
}

QTEST_MAIN(TestFamilyViews)
#include "tst_familyviews.moc"
