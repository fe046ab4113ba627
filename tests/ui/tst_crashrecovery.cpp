// SPDX-License-Identifier: MIT
// A window killed mid-run (kill -9: no chance to save) is offered back by the next one: the
// autosave holds the settings and the run's history up to a few seconds before the kill.
#include "ComparisonWorkspace.h"
#include "FamilyWindowSupport.h"
#include "HyperparameterPanel.h"
#include "SessionController.h"
#include "TestSupport.h"
#include "run/RunSet.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace pelab;

class TestCrashRecovery : public QObject {
    Q_OBJECT
private slots:
    void killedWindowIsOfferedBack();
};

void TestCrashRecovery::killedWindowIsOfferedBack()
{
    QTemporaryDir dir;
    const QString autosave = dir.filePath("autosave.pelabsession");
    // A long position-signal run at a width the panel would not start with by default.
    const QString config = dir.filePath("long.json");
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 2, \"data\": {\"task\": \"position-signal\", \"seq_len\": 12},"
               " \"optimizer\": {\"epochs\": 100000}}");
    file.close();

    QProcess window;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("PELAB_AUTOSAVE_FILE", autosave);
    env.insert("PELAB_AUTOSAVE_MS", "300");
    env.insert("XDG_CONFIG_HOME", dir.filePath("config")); // not the user's layout
    window.setProcessEnvironment(env);
    window.start(test::pelabBinary(), {"--config", config, "--autorun"});
    QVERIFY(window.waitForStarted());
    // Training, and autosaved at least twice (the second after some steps).
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(autosave).size() > 0, 60000);
    const qint64 first = QFileInfo(autosave).lastModified().toMSecsSinceEpoch();
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(autosave).lastModified().toMSecsSinceEpoch() > first, 30000);
    QTest::qWait(500);
    ::kill(pid_t(window.processId()), SIGKILL);
    QVERIFY(window.waitForFinished());
    QCOMPARE(window.exitStatus(), QProcess::CrashExit);
    QVERIFY(QFile::exists(autosave));

    // The next window offers it back and restores it.
    qputenv("PELAB_AUTOSAVE_FILE", autosave.toUtf8());
    auto next = test::makeFamilyWindow();
    SessionController *sessions = next->comparison()->sessions();
    QVERIFY(sessions->hasRecoverableSession());
    QVERIFY(sessions->restoreRecoverable());
    RunSet *runs = next->comparison()->runs();
    QCOMPARE(runs->count(), 1);
    const quint64 id = runs->ids().front();
    QCOMPARE(runs->name(id), QStringLiteral("the window's run"));
    QCOMPARE(runs->state(id), TrainerState::Stopped); // it was running: now it is stopped
    const RunRecord &record = runs->record(id);
    QVERIFY(record.losses.size() > 10);
    QCOMPARE(record.losses.back().step, std::int64_t(record.losses.size())); // every step
    QCOMPARE(record.config.seqLen, std::int64_t(12));
    QCOMPARE(next->panel()->config().seqLen, std::int64_t(12)); // the settings came back too
}

QTEST_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
