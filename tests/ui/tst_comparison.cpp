// SPDX-License-Identifier: MIT
// Comparing runs in the window: racing the five encodings in one click, the runs list (names,
// key figures, show/hide, rename, load settings, compare settings, delete), the overlaid
// charts, "Run variants", keeping the window's run and exporting the comparison.
#include "ComparisonView.h"
#include "ComparisonWorkspace.h"
#include "FamilyWindowSupport.h"
#include "FileDialogs.h"
#include "HyperparameterPanel.h"
#include "MessageBanner.h"
#include "RunsPanel.h"
#include "SessionController.h"
#include "SettingsDiffDialog.h"
#include "TimeScrubber.h"
#include "VariantsDialog.h"
#include "run/RunSet.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

namespace {

QString cell(RunsPanel *panel, int row, int column)
{
    return panel->table()->item(row, column)->text();
}

// A hover text found anywhere on the chart (empty: none).
QString anyHover(const ComparisonView &view)
{
    for (int y = 0; y < view.height(); y += 3)
        for (int x = 0; x < view.width(); x += 3)
            if (QString text = view.hoverTextAt(QPoint(x, y)); !text.isEmpty())
                return text;
    return {};
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        static QTemporaryDir settings;
        test::useSettingsIn(settings.path());
    }

    void racesTheFiveEncodingsInOneClick()
    {
        auto window = test::makeFamilyWindow();
        ComparisonWorkspace *compare = window->comparison();
        RunSet *runs = compare->runs();
        window->setConfig(test::smallFamily());
        QVERIFY(!compare->runsDock()->isVisible());

        compare->raceAction()->trigger();
        QCOMPARE(runs->count(), 5);
        QVERIFY(compare->runsDock()->isVisible());
        QVERIFY(compare->compareDock()->isVisible());
        RunsPanel *panel = compare->panel();
        QCOMPARE(panel->table()->rowCount(), 5);
        QCOMPARE(cell(panel, 0, RunsPanel::NameColumn), QStringLiteral("encoding=learned"));
        QCOMPARE(cell(panel, 3, RunsPanel::NameColumn), QStringLiteral("encoding=rope"));

        // The overlaid loss grows while they race, and draws every run.
        QTRY_VERIFY_WITH_TIMEOUT(runs->record(runs->ids()[4]).losses.size() > 2, 30000);
        ComparisonView *view = compare->view();
        compare->compareDock()->raise();
        QTRY_VERIFY(view->renderCount() > 0);
        test::saveShot(window.get(), "comparison-racing");
        QTRY_VERIFY_WITH_TIMEOUT(!runs->anyActive(), 120000);
        panel->refresh();
        for (int row = 0; row < 5; ++row) {
            QCOMPARE(cell(panel, row, RunsPanel::StateColumn), QStringLiteral("Finished"));
            QVERIFY(!cell(panel, row, RunsPanel::LossColumn).startsWith(QChar(0x2013)));
            QVERIFY(cell(panel, row, RunsPanel::LongestColumn).contains(" at 24"));
        }
        QCOMPARE(view->data().runs.size(), std::size_t(5));
        view->setChart(ComparisonChart::Extrapolation);
        QTRY_VERIFY(!anyHover(*view).isEmpty());
        QVERIFY2(anyHover(*view).contains("encoding="), qPrintable(anyHover(*view)));
        // The heatmaps side by side: the three runs with a table (learned, sinusoidal and
        // none, which has no table and says so) and everyone's attention.
        auto *picker = view->findChild<QComboBox *>("comparisonChartPicker");
        QVERIFY(picker->findText("Encoding tables") >= 0);
        QVERIFY(picker->findText("Attention maps") >= 0);
        const int before = view->renderCount();
        view->setMultiples(FigureKind::Attention);
        QCOMPARE(picker->currentText(), QStringLiteral("Attention maps"));
        QTRY_VERIFY(view->renderCount() > before);
        QVERIFY(!anyHover(*view).isEmpty());
        test::saveShot(window.get(), "comparison-attention");
        // Exported as on screen: the same pixels at twice the view's size.
        QTemporaryDir figures;
        QCOMPARE(view->exportFigure(figures.filePath("attention.png")), QString());
        const QImage exported(figures.filePath("attention.png"));
        QImage shown = view->renderImage(2);
        shown.setDevicePixelRatio(1); // a file has pixels, not a ratio
        QCOMPARE(exported.size(), shown.size());
        QCOMPARE(exported.convertToFormat(QImage::Format_ARGB32),
                 shown.convertToFormat(QImage::Format_ARGB32));
        QCOMPARE(view->exportFigure(figures.filePath("attention.svg")), QString());
        QVERIFY(
            view->exportFigure(figures.filePath("attention.gif")).contains(".png, .svg or .pdf"));
        view->setChart(ComparisonChart::Loss);
        QCOMPARE(view->multiples(), std::nullopt);
        test::saveShot(window.get(), "comparison-finished");

        // Time travel: every run as it was after 8 steps, then played to the end.
        TimeScrubber *scrubber = view->scrubber();
        QCOMPARE(scrubber->lastStep(), 24);
        QCOMPARE(scrubber->step(), std::nullopt);
        scrubber->setStep(8);
        QCOMPARE(view->shownStep(), std::optional<std::int64_t>(8));
        const ComparisonData past = view->data();
        for (std::size_t i = 0; i < past.runs.size(); ++i) {
            const RunRecord &then = *past.runs[i].record;
            const RunRecord &now = runs->record(runs->ids()[i]);
            QCOMPARE(then.losses.size(), std::size_t(8));
            QVERIFY(then.embedding == now.snapshotAt(8)->embedding);
            QCOMPARE(now.snapshotAt(8)->step, 8);
        }
        QVERIFY(scrubber->findChild<QLabel *>()->text().contains("step 8 of 24"));
        view->setMultiples(FigureKind::Embeddings);
        test::saveShot(window.get(), "comparison-step-8");
        scrubber->play();
        QTRY_COMPARE_WITH_TIMEOUT(scrubber->step(), std::optional<std::int64_t>(24), 10000);
        QVERIFY(!scrubber->isPlaying());
        QTemporaryDir lapse;
        const std::vector<std::int64_t> frames = view->timeLapseSteps();
        QCOMPARE(frames.front(), 0);
        QCOMPARE(frames.back(), 24);
        QCOMPARE(view->writeTimeLapse(lapse.path(), frames), QString());
        QCOMPARE(QDir(lapse.path()).entryList({"frame_*.png"}).size(), qsizetype(frames.size()));
        QVERIFY(!QImage(lapse.filePath("frame_0001.png")).isNull());
        QCOMPARE(view->shownStep(), std::optional<std::int64_t>(24)); // as before the export
        scrubber->setStep(std::nullopt);                              // live again
        view->setChart(ComparisonChart::Loss);

        // Hiding a run takes it off the charts; renaming names it everywhere.
        panel->table()->item(1, RunsPanel::NameColumn)->setCheckState(Qt::Unchecked);
        QCOMPARE(view->data().runs.size(), std::size_t(4));
        QVERIFY(!runs->isVisible(runs->ids()[1]));
        panel->table()->item(0, RunsPanel::NameColumn)->setText("table");
        QCOMPARE(runs->name(runs->ids()[0]), QStringLiteral("table"));
        QCOMPARE(view->data().runs[0].name, QStringLiteral("table"));

        // Load the RoPE run's settings into the panel.
        panel->selectRuns({runs->ids()[3]});
        QVERIFY(panel->button("loadRunButton")->isEnabled());
        QVERIFY(!panel->button("compareRunsButton")->isEnabled());
        panel->button("loadRunButton")->click();
        QCOMPARE(window->panel()->config().encoding, EncodingKind::Rope);

        // Two runs' settings side by side: the difference first, highlighted.
        panel->selectRuns({runs->ids()[2], runs->ids()[4]});
        QVERIFY(panel->button("compareRunsButton")->isEnabled());
        panel->button("compareRunsButton")->click();
        auto *diff = panel->findChild<SettingsDiffDialog *>();
        QVERIFY(diff);
        QCOMPARE(diff->table()->item(0, 1)->text(), QStringLiteral("none"));
        QCOMPARE(diff->table()->item(0, 2)->text(), QStringLiteral("alibi"));
        QVERIFY(diff->table()->item(0, 0)->font().bold());
        QVERIFY(!diff->table()->item(1, 0)->font().bold());
        diff->close();

        // Export: a folder per shown run and the comparison.
        QTemporaryDir out;
        QVERIFY(compare->exportComparison(out.path()));
        const QStringList folders = QDir(out.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(folders, QStringList({"comparison", "encoding-alibi", "encoding-none",
                                       "encoding-rope", "table"}));
        QVERIFY(QFile::exists(out.filePath("comparison/loss.png")));
        QVERIFY(QFile::exists(out.filePath("comparison/attention.png")));
        QVERIFY(QFile::exists(out.filePath("comparison/embeddings.png")));
        QVERIFY(QFile::exists(out.filePath("table/loss.csv")));
        QFile summary(out.filePath("comparison/summary.csv"));
        QVERIFY(summary.open(QIODevice::ReadOnly));
        QVERIFY(summary.readAll().contains("\nencoding=rope,rope,finished,"));
        // A folder holding other things is refused, untouched.
        QFile mine(out.filePath("mine.txt"));
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.close();
        QVERIFY(!compare->exportComparison(out.path()));

        panel->selectRuns({runs->ids()[0]});
        panel->button("deleteRunButton")->click();
        QCOMPARE(runs->count(), 4);
        QCOMPARE(panel->table()->rowCount(), 4);
        window->close();
    }

    // The window's comparison export marks a run that finished but blew up as the CLI's
    // --vary does ("blew up" in summary.csv), not as "finished".
    void exportMarksABlownUpRun()
    {
        auto window = test::makeFamilyWindow();
        TrainingConfig fine;
        fine.epochs = 2;
        TrainingConfig blown = fine;
        blown.learningRate = 1e7; // the loss grows 1e24-fold and the head's Adam state overflows
        QVERIFY(window->comparison()->startRuns({fine, blown}));
        RunSet *runs = window->comparison()->runs();
        QTRY_VERIFY_WITH_TIMEOUT(!runs->anyActive(), 60000);
        QTemporaryDir out;
        QVERIFY(window->comparison()->exportComparison(out.path()));
        QFile summary(out.filePath("comparison/summary.csv"));
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const QByteArray text = summary.readAll();
        QVERIFY2(text.contains(",finished,") && text.contains(",blew up,"), text.constData());
        window->close();
    }

    void sessionsSaveReopenAndSurviveACrash()
    {
        QTemporaryDir dir;
        qputenv("PELAB_AUTOSAVE_FILE", dir.filePath("autosave.pelabsession").toUtf8());
        const QString path = dir.filePath("race.pelabsession");
        std::vector<quint64> ids;
        {
            auto window = test::makeFamilyWindow();
            SessionController *sessions = window->comparison()->sessions();
            QVERIFY(!sessions->hasRecoverableSession());
            TrainingConfig a = test::smallFamily(), b = a;
            a.epochs = b.epochs = 1;
            b.encoding = EncodingKind::Alibi;
            window->setConfig(a);
            QVERIFY(window->comparison()->startRuns({a, b}));
            RunSet *runs = window->comparison()->runs();
            QTRY_VERIFY_WITH_TIMEOUT(!runs->anyActive(), 60000);
            runs->rename(runs->ids()[1], "biases");
            QVERIFY(sessions->saveSession(path));
            sessions->autosaveNow();
            QVERIFY(QFile::exists(SessionController::autosavePath()));
            // Gone without closing, as a crash or a kill: the autosave stays behind.
            window->setAttribute(Qt::WA_DeleteOnClose, false);
        }
        auto window = test::makeFamilyWindow();
        SessionController *sessions = window->comparison()->sessions();
        RunSet *runs = window->comparison()->runs();
        QVERIFY(sessions->hasRecoverableSession());
        QVERIFY(sessions->restoreRecoverable());
        QCOMPARE(runs->count(), 2);
        QCOMPARE(runs->name(runs->ids()[1]), QStringLiteral("biases"));
        QCOMPARE(runs->state(runs->ids()[0]), TrainerState::Finished);
        QVERIFY(window->comparison()->runsDock()->isVisible());

        // Reopened from the saved file: added, with the panel's settings.
        window->setConfig(findPreset("seed")->config);
        QVERIFY(sessions->openSession(path));
        QCOMPARE(runs->count(), 4);
        QCOMPARE(runs->record(runs->ids()[2]).losses.size(),
                 runs->record(runs->ids()[0]).losses.size());
        QCOMPARE(window->panel()->config().seqLen, test::smallFamily().seqLen);

        // A damaged file is refused with the reason, and nothing changes.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(file.size() / 2);
        file.write("garbage");
        file.close();
        QVERIFY(!sessions->openSession(path));
        QCOMPARE(runs->count(), 4);
        QVERIFY(window->banner()->isVisible());

        // A clean exit leaves nothing to recover.
        window->close();
        QVERIFY(!QFile::exists(SessionController::autosavePath()));
        qunsetenv("PELAB_AUTOSAVE_FILE");
    }

    void variantsDialogSuggestsValuesAndNamesProblems()
    {
        TrainingConfig base = test::smallFamily();
        VariantsDialog dialog(base);
        QCOMPARE(dialog.field(), QStringLiteral("encoding"));
        QCOMPARE(dialog.configs().size(), std::size_t(5));
        QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QCOMPARE(ok->text(), QStringLiteral("Start 5 runs"));

        dialog.setField("seed");
        QCOMPARE(dialog.values(), QStringLiteral("0..4"));
        QCOMPARE(dialog.configs().size(), std::size_t(5));
        QCOMPARE(dialog.configs()[4].seed, 4);
        QVERIFY(dialog.findChild<QLabel *>("variantPreview")->text().contains("seed=3"));

        dialog.setValues("1,x");
        QVERIFY(dialog.configs().empty());
        QVERIFY2(dialog.problem().startsWith("seed: \"x\" is not a whole number"),
                 qPrintable(dialog.problem()));
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog.findChild<QLabel *>("variantPreview")->text().contains("\"x\""));

        dialog.setField("heads");
        dialog.setValues("2,3");
        QVERIFY2(dialog.problem().startsWith("heads=3: "), qPrintable(dialog.problem()));

        dialog.setField("lr");
        QCOMPARE(dialog.values(), QStringLiteral("0.001,0.003,0.009"));
    }

    void keepsTheWindowsRunToCompare()
    {
        auto window = test::makeFamilyWindow();
        ComparisonWorkspace *compare = window->comparison();
        QVERIFY(!compare->keepAction()->isEnabled());
        TrainingConfig c = test::smallFamily();
        c.epochs = 1;
        window->setConfig(c);
        window->startTraining();
        QTRY_COMPARE_WITH_TIMEOUT(window->trainer()->state(), TrainerState::Finished, 60000);
        QTRY_VERIFY(compare->keepAction()->isEnabled());
        compare->keepAction()->trigger();
        QCOMPARE(compare->runs()->count(), 1);
        const quint64 id = compare->runs()->ids()[0];
        QCOMPARE(compare->runs()->state(id), TrainerState::Finished);
        QCOMPARE(compare->runs()->record(id).losses.size(), std::size_t(c.totalSteps()));
        QVERIFY(compare->runsDock()->isVisible());
        window->close();
    }
};

QTEST_MAIN(TestComparison)
#include "tst_comparison.moc"
