// SPDX-License-Identifier: MIT
// A lesson in the window: the Lessons menu opens it beside the views, one button starts its
// runs in the comparison (earlier runs hidden), its view comes up highlighted, and when the
// runs end the panel states what they measured, in numbers from those runs.
#include "ComparisonView.h"
#include "ComparisonWorkspace.h"
#include "CostExplorerView.h"
#include "FamilyWindowSupport.h"
#include "HyperparameterPanel.h"
#include "LessonController.h"
#include "LessonPanel.h"
#include "MessageBanner.h"
#include "config/ConfigFields.h"
#include "lessons/BuiltinLessons.h"
#include "lessons/LessonMetrics.h"
#include "run/RunSet.h"

#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

namespace {

// Two notebook-sized runs that train in milliseconds: the zeros target and the sine.
QByteArray tinyLesson()
{
    // Single quotes stand for double quotes (moc does not read raw strings).
    QByteArray text =
        "{\n"
        "  'format': 'pelab-lesson', 'version': 1, 'id': 'tiny', 'title': 'Tiny',\n"
        "  'text': ['Two small runs.'],\n"
        "  'question': 'Which moves more?', 'answers': ['zeros', 'sine'],\n"
        "  'look_for': 'The tables.', 'views': ['embeddings', 'loss'],\n"
        "  'settings': {'epochs': 4, 'seed': 3},\n"
        "  'runs': [\n"
        "    {'id': 'zeros', 'name': 'Zeros target'},\n"
        "    {'id': 'sine', 'name': 'Sine target', 'settings': {'task': 'position-signal'}}\n"
        "  ],\n"
        "  'measured': ['The final loss of the sine run is {train_loss(sine):6}; the zeros run "
        "moved its table by {embedding_change(zeros):6}.'],\n"
        "  'effects': [{'says': 'the sine run fits', 'check': 'train_loss(sine) < "
        "first_loss(sine)'}],\n"
        "  'caveat': 'Tiny.'\n"
        "}\n";
    return text.replace('\'', '"');
}

QString writeLesson(const QTemporaryDir &dir, const QByteArray &text)
{
    const QString path = dir.filePath(QStringLiteral("lesson.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class TestLessonWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        static QTemporaryDir settings;
        test::useSettingsIn(settings.path());
    }

    void theMenuListsTheBuiltinLessons()
    {
        auto window = test::makeFamilyWindow();
        QMenu *menu = window->lessons()->menu();
        QVERIFY(menu);
        for (const Lesson &lesson : builtinLessons())
            QVERIFY2(menu->findChild<QAction *>(QStringLiteral("lesson-") + lesson.id) ||
                         std::any_of(
                             menu->actions().begin(), menu->actions().end(),
                             [&](QAction *a) { return a->objectName() == "lesson-" + lesson.id; }),
                     qPrintable(lesson.id));
        // Choosing one shows it in the Lesson dock, tabbed with the settings.
        const Lesson &first = builtinLessons().front();
        for (QAction *action : menu->actions())
            if (action->objectName() == "lesson-" + first.id)
                action->trigger();
        QVERIFY(window->lessons()->dock()->isVisible());
        // The settings take the lesson's, with the ones it is about locked until it closes.
        HyperparameterPanel *settings = window->panel();
        QCOMPARE(settings->config().layers, first.runs.front().config.layers);
        for (const QString &field : first.locked) {
            QVERIFY2(!settings->editor(field)->isEnabled(), qPrintable(field));
            QVERIFY(settings->editor(field)->toolTip().contains(QStringLiteral("Locked")));
        }
        QVERIFY(settings->editor(QStringLiteral("lr"))->isEnabled());
        window->lessons()->dock()->close();
        for (const QString &field : first.locked)
            QVERIFY2(settings->editor(field)->isEnabled() ||
                         !findField(field)->applies(settings->config()),
                     qPrintable(field));
        QVERIFY(window->lessons()
                    ->panel()
                    ->findChild<QLabel *>("lessonTitle")
                    ->text()
                    .contains(first.title));
    }

    void runsTheLessonAndStatesWhatItMeasured()
    {
        QTemporaryDir dir;
        auto window = test::makeFamilyWindow();
        LessonController *lessons = window->lessons();
        RunSet *runs = window->comparison()->runs();
        // An earlier run stays in the list, hidden while the lesson shows its own.
        QVERIFY(window->comparison()->startRuns({TrainingConfig{}}));
        QTRY_VERIFY_WITH_TIMEOUT(!runs->anyActive(), 20000);
        const quint64 earlier = runs->ids().front();

        QVERIFY(lessons->openLesson(writeLesson(dir, tinyLesson())));
        LessonPanel *panel = lessons->panel();
        panel->findChild<QRadioButton *>("lessonAnswer1")->click();
        QSignalSpy shown(lessons, &LessonController::outcomeShown);
        panel->runButton()->click();
        QVERIFY(!panel->runButton()->isEnabled()); // one run of the lesson at a time
        QVERIFY(shown.wait(30000));

        QCOMPARE(runs->count(), 3);
        QVERIFY(!runs->isVisible(earlier));
        const quint64 zeros = runs->ids()[1], sine = runs->ids()[2];
        QCOMPARE(runs->name(zeros), QStringLiteral("Zeros target"));
        QCOMPARE(runs->name(sine), QStringLiteral("Sine target"));
        QCOMPARE(runs->config(sine).seed, std::int64_t(3));
        // The lesson's first view is up and highlighted.
        ComparisonView *view = window->comparison()->view();
        QCOMPARE(view->multiples(), std::optional<FigureKind>(FigureKind::Embeddings));
        QVERIFY(view->isHighlighted());

        // The sentence carries this run's numbers, measured from its record.
        const QHash<QString, const RunRecord *> records{{"zeros", &runs->record(zeros)},
                                                        {"sine", &runs->record(sine)}};
        const double loss = *measureMetric({"train_loss", {QString("sine")}}, records);
        const double moved = *measureMetric({"embedding_change", {QString("zeros")}}, records);
        const QString text = panel->measuredLabel()->text();
        QVERIFY2(text.contains(formatLessonNumber(loss, "6")), qPrintable(text));
        QVERIFY2(text.contains(formatLessonNumber(moved, "6")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("shown")));
        QVERIFY(text.contains(QStringLiteral("Your answer before running: <i>sine</i>")));
        QVERIFY(panel->runButton()->isEnabled());
        QVERIFY(lessons->outcome()->allShown());
        test::saveShot(window.get(), QStringLiteral("lesson-window"));

        // Another seed: the same runs, seed + 1, the effect measured again.
        panel->anotherSeedButton()->click();
        QVERIFY(shown.wait(30000));
        QCOMPARE(runs->count(), 5);
        QCOMPARE(runs->config(runs->ids().back()).seed, std::int64_t(4));
        QVERIFY(!runs->isVisible(zeros));
        QVERIFY(panel->measuredLabel()->text().contains(QStringLiteral("Seed 4")));

        // The summary: one PDF page.
        const QString pdf = dir.filePath(QStringLiteral("summary.pdf"));
        QCOMPARE(lessons->exportSummary(pdf), QString());
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QCOMPARE(bytes.count("/Type /Page\n") + bytes.count("/Type /Page\r") +
                     bytes.count("/Type /Page "),
                 qsizetype(1));
    }

    void theCostExplorerMeasuresAndPredicts()
    {
        QTemporaryDir dir;
        auto window = test::makeFamilyWindow();
        LessonController *lessons = window->lessons();
        QByteArray text =
            "{'format': 'pelab-lesson', 'version': 1, 'id': 'cost', 'title': 'Cost',"
            " 'text': 'Attention.', 'views': ['cost'],"
            " 'settings': {'task': 'shift', 'layers': 1, 'width': 8, 'heads': 1,"
            " 'samples': 32, 'batch_size': 4},"
            " 'cost': {'lengths': [32, 64, 128, 256], 'fit_from': 64, 'repeats': 1,"
            " 'family_lengths': [16, 32], 'family_steps': 1},"
            " 'measured': 'Memory grows as L^{memory_exponent():2}.',"
            " 'effects': [{'says': 'quadratic', 'check': 'memory_exponent() > 1.5'}]}";
        QVERIFY(lessons->openLesson(writeLesson(dir, text.replace('\'', '"'))));
        QVERIFY(lessons->costDock()->isVisible());
        QVERIFY(!lessons->panel()->anotherSeedButton()->isVisible());
        QSignalSpy shown(lessons, &LessonController::outcomeShown);
        lessons->panel()->runButton()->click();
        QVERIFY(lessons->isRunning());
        QVERIFY(shown.wait(60000));
        QVERIFY(!lessons->isRunning());

        const CostResults &results = lessons->costView()->results();
        QCOMPARE(results.attention.size(), std::size_t(4));
        QCOMPARE(results.family.size(), std::size_t(2));
        QVERIFY(results.memory);
        const QString sentence = lessons->panel()->measuredLabel()->text();
        QVERIFY2(sentence.contains(QString::number(results.memory->exponent, 'f', 2)),
                 qPrintable(sentence));
        // Any length's memory is predicted from the fit before it runs.
        lessons->costView()->lengthBox()->setValue(100000);
        const QString prediction = lessons->costView()->predictionLabel()->text();
        QVERIFY2(prediction.contains(QStringLiteral("100,000")), qPrintable(prediction));
        QVERIFY2(prediction.contains(QStringLiteral("would not run here")), qPrintable(prediction));
        test::saveShot(window.get(), QStringLiteral("lesson-cost"));
    }

    void aMalformedLessonFileIsRefusedWithItsLine()
    {
        QTemporaryDir dir;
        auto window = test::makeFamilyWindow();
        QByteArray text = tinyLesson();
        text.replace("\"epochs\": 4", "\"epochs\": 0");
        const QString path = writeLesson(dir, text);
        QVERIFY(!window->lessons()->openLesson(path));
        QVERIFY(window->banner()->isVisible());
        QVERIFY2(window->banner()->text().contains(path + QStringLiteral(":6: settings.epochs")),
                 qPrintable(window->banner()->text()));
        QVERIFY(!window->lessons()->lesson());
    }
};

QTEST_MAIN(TestLessonWindow)
#include "tst_lessonwindow.moc"
