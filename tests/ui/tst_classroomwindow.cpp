// SPDX-License-Identifier: MIT
// The window around a run, as a lecture needs it: settings that no longer match the pictures,
// a blowing-up loss, presentation mode, a 1024 x 768 screen, a dark theme, a fresh preset.
#include "ExportController.h"
#include "FamilyViews.h"
#include "FamilyWindowSupport.h"
#include "HyperparameterPanel.h"
#include "LossChartView.h"
#include "MessageBanner.h"
#include "TextZoom.h"
#include "figures/FigureWriter.h"

#include <QCheckBox>
#include <QLabel>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

using namespace pelab;
using namespace pelab::test;

class TestClassroomWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        useSettingsIn(m_settingsDir.path());
    }
    void init() { clearWindowSettings(); }
    void settingsChangedAfterARunAreMarked();
    void presentationModeEnlargesEveryView();
    void blowingUpLossIsWarnedOn();
    void nothingClippedAt1024x768();
    void darkThemeGetsDarkFigures();
    void presetAfterARunStartsAfresh();
    void impossibleTaskIsSaidBeforeTheRun();

private:
    QTemporaryDir m_settingsDir;
};

void TestClassroomWindow::settingsChangedAfterARunAreMarked()
{
    auto window = makeFamilyWindow();
    window->setConfig(smallFamily());
    QVERIFY(runToEnd(*window));
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

void TestClassroomWindow::presentationModeEnlargesEveryView()
{
    auto window = makeFamilyWindow();
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
    // Every figure view, the family's and the embedding's, in high contrast.
    const QList<FigureView *> views = window->findChildren<FigureView *>();
    QCOMPARE(views.size(), int(window->familyViews()->views().size()) + 3);
    for (FigureView *view : views) {
        // The figure is laid out 1.6 times smaller and drawn 1.6 times larger: its text,
        // lines and markers are 1.6 times their size, in the same proportions.
        QCOMPARE(view->scale(), factor);
        QCOMPARE(view->layoutSize(), QSizeF(view->figureRect().size()) / factor);
        QVERIFY(view->highContrast());
        QCOMPARE(view->style().text, QColor(Qt::black));
    }
    QVERIFY(window->lossChart()->highContrast());
    saveShot(window.get(), QStringLiteral("presentation"));
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
    for (FigureView *view : views) {
        QCOMPARE(view->scale(), 1.0);
        QVERIFY(!view->highContrast());
    }
    QVERIFY(!window->lossChart()->highContrast());
}

void TestClassroomWindow::blowingUpLossIsWarnedOn()
{
    auto window = makeFamilyWindow();
    TrainingConfig blown = findPreset(QStringLiteral("seed"))->config;
    blown.learningRate = 100000;
    blown.epochs = 5;
    window->setConfig(blown);
    QVERIFY(runToEnd(*window)); // finite all along: it finishes
    QCOMPARE(window->trainer()->state(), TrainerState::Finished);
    QVERIFY2(window->lossChart()->warning().startsWith(QStringLiteral("Loss grew ")),
             qPrintable(window->lossChart()->warning()));
    QVERIFY(window->banner()->isVisible());
    QVERIFY(window->banner()->findChild<QLabel *>() != nullptr);
    bool said = false;
    for (const QLabel *label : window->banner()->findChildren<QLabel *>())
        said |= label->text().contains(QStringLiteral("blowing up"));
    QVERIFY(said);
    // At lr 1e7 the head's Adam state overflows at step 2 as well: the banner names it.
    blown.learningRate = 1e7;
    window->setConfig(blown);
    QVERIFY(runToEnd(*window));
    QCOMPARE(window->trainer()->state(), TrainerState::Finished);
    QVERIFY(window->lossChart()->warning().startsWith(QStringLiteral("Loss grew ")));
    said = false;
    for (const QLabel *label : window->banner()->findChildren<QLabel *>())
        said |= label->text().contains(QStringLiteral("(exp_avg_sq) for head.weight overflowed"));
    QVERIFY(said);
    // A sane run clears it.
    blown.learningRate = 0.01;
    window->setConfig(blown);
    QVERIFY(runToEnd(*window));
    QVERIFY(window->lossChart()->warning().isEmpty());
}

void TestClassroomWindow::nothingClippedAt1024x768()
{
    auto window = makeFamilyWindow();
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

void TestClassroomWindow::darkThemeGetsDarkFigures()
{
    auto window = makeFamilyWindow();
    window->setConfig(smallFamily());
    QVERIFY(runToEnd(*window));
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

void TestClassroomWindow::presetAfterARunStartsAfresh()
{
    auto window = makeFamilyWindow();
    // Before any run the loss axis names the loss the settings will use.
    window->setConfig(smallFamily());
    auto *axis =
        qobject_cast<QValueAxis *>(window->lossChart()->chart()->axes(Qt::Vertical).value(0));
    QVERIFY(axis);
    QVERIFY2(axis->titleText().contains(QStringLiteral("cross-entropy")),
             qPrintable(axis->titleText()));
    QVERIFY(runToEnd(*window));
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

void TestClassroomWindow::impossibleTaskIsSaidBeforeTheRun()
{
    auto window = makeFamilyWindow();
    window->setConfig(smallFamily()); // causal shift: fine
    auto *advice = window->findChild<QLabel *>(QStringLiteral("adviceLabel"));
    QVERIFY(advice);
    QVERIFY(!advice->isVisible());
    QVERIFY(selectData(window.get(), "taskCombo", int(TaskKind::Reverse)));
    QTRY_VERIFY(advice->isVisible());
    QVERIFY2(advice->text().contains(QStringLiteral("causal")), qPrintable(advice->text()));
    // Unticking Causal is the way out the message names.
    QTest::mouseClick(window->findChild<QCheckBox *>(QStringLiteral("causalCheck")), Qt::LeftButton,
                      {}, QPoint(4, 4));
    QTRY_VERIFY(!advice->isVisible());
}

QTEST_MAIN(TestClassroomWindow)
#include "tst_classroomwindow.moc"
