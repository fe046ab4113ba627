// SPDX-License-Identifier: MIT
// Ctrl+C and SIGTERM during `pelab train --out DIR`: the run ends between two steps, nothing
// is written, the folder it created is removed, and the exit code is the shell's 128 + signal.
#include "TestSupport.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace pelab;

class TestSignals : public QObject {
    Q_OBJECT
private slots:
    void stopSignalLeavesNothing_data();
    void stopSignalLeavesNothing();
};

void TestSignals::stopSignalLeavesNothing_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGINT") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
}

void TestSignals::stopSignalLeavesNothing()
{
    QFETCH(int, signal);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("a/run"));
    QProcess process;
    process.start(test::pelabBinary(), {QStringLiteral("train"), QStringLiteral("--epochs"),
                                        QStringLiteral("100000"), QStringLiteral("--out"), out});
    QVERIFY(process.waitForStarted());
    // Training has begun once the first epoch line is out.
    QByteArray stdoutText;
    QTRY_VERIFY_WITH_TIMEOUT((stdoutText += process.readAllStandardOutput()).contains("Epoch 1,"),
                             30000);
    QVERIFY(QFileInfo::exists(out)); // claimed before training
    QCOMPARE(::kill(pid_t(process.processId()), signal), 0);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + signal);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("nothing was written"), err.constData());
    // The folders --out created are gone; the temporary folder is as it was.
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_signals.moc"
