// SPDX-License-Identifier: MIT
// The run actions' enabled states and texts, for every trainer state.
#include "RunControls.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>

using namespace pelab;

class TestRunControls : public QObject {
    Q_OBJECT

private slots:
    void enabledStatesFollowTheRun_data();
    void enabledStatesFollowTheRun();
    void pauseActionResumesWhenPaused();
    void everyActionHasAShortcut();
};

void TestRunControls::enabledStatesFollowTheRun_data()
{
    QTest::addColumn<TrainerState>("state");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("runShown");
    QTest::addColumn<bool>("start");
    QTest::addColumn<QString>("startText");
    QTest::addColumn<bool>("pause");
    QTest::addColumn<QString>("pauseText");
    QTest::addColumn<bool>("step");
    QTest::addColumn<bool>("stop");
    QTest::addColumn<bool>("reset");
    using S = TrainerState;
    // clang-format off
    //                                  state        valid  shown  start  text       pause  text      step   stop   reset
    QTest::newRow("idle")            << S::Idle     << true  << false << true  << "Start"   << false << "Pause"  << true  << false << false;
    QTest::newRow("idle, invalid")   << S::Idle     << false << false << false << "Start"   << false << "Pause"  << false << false << false;
    QTest::newRow("running")         << S::Running  << true  << true  << true  << "Restart" << true  << "Pause"  << true  << true  << true;
    QTest::newRow("running, invalid")<< S::Running  << false << true  << false << "Restart" << true  << "Pause"  << true  << true  << true;
    QTest::newRow("paused")          << S::Paused   << true  << true  << true  << "Restart" << true  << "Resume" << true  << true  << true;
    QTest::newRow("finished")        << S::Finished << true  << true  << true  << "Start"   << false << "Pause"  << true  << false << true;
    QTest::newRow("stopped, reset")  << S::Stopped  << true  << false << true  << "Start"   << false << "Pause"  << true  << false << false;
    QTest::newRow("failed, invalid") << S::Failed   << false << true  << false << "Start"   << false << "Pause"  << false << false << true;
    // clang-format on
}

void TestRunControls::enabledStatesFollowTheRun()
{
    QFETCH(TrainerState, state);
    QFETCH(bool, valid);
    QFETCH(bool, runShown);
    QFETCH(bool, start);
    QFETCH(QString, startText);
    QFETCH(bool, pause);
    QFETCH(QString, pauseText);
    QFETCH(bool, step);
    QFETCH(bool, stop);
    QFETCH(bool, reset);
    RunControls controls;
    controls.setConfigValid(valid);
    controls.setRunShown(runShown);
    controls.setState(state);
    QCOMPARE(controls.startAction()->isEnabled(), start);
    QCOMPARE(controls.startAction()->text().remove(QLatin1Char('&')), startText);
    QCOMPARE(controls.pauseAction()->isEnabled(), pause);
    QCOMPARE(controls.pauseAction()->text().remove(QLatin1Char('&')), pauseText);
    QCOMPARE(controls.stepAction()->isEnabled(), step);
    QCOMPARE(controls.stopAction()->isEnabled(), stop);
    QCOMPARE(controls.resetAction()->isEnabled(), reset);
}

void TestRunControls::pauseActionResumesWhenPaused()
{
    RunControls controls;
    QSignalSpy pause(&controls, &RunControls::pauseRequested);
    QSignalSpy resume(&controls, &RunControls::resumeRequested);
    controls.setState(TrainerState::Running);
    controls.pauseAction()->trigger();
    QCOMPARE(pause.count(), 1);
    controls.setState(TrainerState::Paused);
    controls.pauseAction()->trigger();
    QCOMPARE(resume.count(), 1);
    QCOMPARE(pause.count(), 1);
}

void TestRunControls::everyActionHasAShortcut()
{
    RunControls controls;
    QSet<QKeySequence> seen;
    for (QAction *action : controls.actions()) {
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->objectName()));
        QVERIFY(!action->objectName().isEmpty());
        QVERIFY(!seen.contains(action->shortcut()));
        seen.insert(action->shortcut());
    }
}

QTEST_MAIN(TestRunControls)
#include "tst_runcontrols.moc"
