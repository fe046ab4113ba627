// SPDX-License-Identifier: MIT
// A whole session in one file: saved and reopened with every run's history, written
// atomically; a file from a newer version or a damaged one refused with the reason.
#include "CoreTestSupport.h"
#include "HeadlessRun.h"
#include "run/SessionFile.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

namespace {

Session sampleSession()
{
    Session session;
    session.settings = test::configFromFlags(test::smallShiftFlags());
    TrainingConfig rope = session.settings;
    rope.encoding = EncodingKind::Rope;
    session.runs.push_back({QString(), QColor(31, 119, 180), true, TrainerState::Finished,
                            runHeadless(session.settings).record});
    // A run whose learning rate was set during it keeps the changes (session version 2).
    session.runs.push_back(
        {QStringLiteral("rotary"), QColor(255, 127, 14), false, TrainerState::Stopped,
         runHeadless(rope, {}, nullptr, nullptr, {{3, 0.05}, {5, 0.001}}).record});
    // A run whose optimizer state overflowed keeps where (session version 3).
    session.runs.push_back(
        {QStringLiteral("blown"), QColor(44, 160, 44), true, TrainerState::Finished,
         runHeadless(test::configFromFlags({"--lr", "1e7", "--epochs", "1"})).record});
    return session;
}

void compareRecords(const RunRecord &a, const RunRecord &b)
{
    QCOMPARE(a.config, b.config);
    QCOMPARE(a.losses.size(), b.losses.size());
    for (std::size_t i = 0; i < a.losses.size(); ++i) {
        QCOMPARE(a.losses[i].step, b.losses[i].step);
        QCOMPARE(a.losses[i].loss, b.losses[i].loss);
    }
    QVERIFY(a.embedding == b.embedding && a.initialEmbedding == b.initialEmbedding);
    QCOMPARE(a.gradGroups, b.gradGroups);
    QVERIFY(a.gradNorms == b.gradNorms);
    QCOMPARE(a.validation, b.validation);
    QCOMPARE(a.extrapolation, b.extrapolation);
    QCOMPARE(a.probes.size(), b.probes.size());
    if (!a.probes.empty()) // the seed's shape measures no probes
        QCOMPARE(a.probes.back().step, b.probes.back().step);
    QCOMPARE(a.latest.keys(), b.latest.keys());
    QCOMPARE(a.encoding.keys(), b.encoding.keys());
    QCOMPARE(a.stateDict.size(), b.stateDict.size());
    QVERIFY(a.stateDict.back().array == b.stateDict.back().array);
    QCOMPARE(a.snapshots.size(), b.snapshots.size());
    QVERIFY(a.snapshots.back().attention == b.snapshots.back().attention);
    QVERIFY(a.snapshots.back().embedding == b.snapshots.back().embedding);
    QCOMPARE(a.learningRateChanges, b.learningRateChanges);
    QCOMPARE(a.optimizerOverflow, b.optimizerOverflow);
}

} // namespace

class TestSessionFile : public QObject {
    Q_OBJECT
private slots:
    void roundTripKeepsEveryRunWhole()
    {
        const Session session = sampleSession();
        QTemporaryDir dir;
        const QString path = dir.filePath("race.pelabsession");
        QCOMPARE(saveSessionFile(path, session), QString());
        QString error;
        const auto loaded = loadSessionFile(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->settings, session.settings);
        QCOMPARE(loaded->runs.size(), std::size_t(3));
        QCOMPARE(loaded->runs[1].name, QStringLiteral("rotary"));
        QCOMPARE(loaded->runs[1].color, QColor(255, 127, 14));
        QVERIFY(!loaded->runs[1].visible);
        QCOMPARE(loaded->runs[1].state, TrainerState::Stopped);
        QCOMPARE(loaded->runs[1].record.learningRateChanges,
                 (std::vector<LearningRateChange>{{3, 0.05}, {5, 0.001}}));
        QCOMPARE(
            loaded->runs[2].record.optimizerOverflow,
            (OptimizerOverflow{2, QStringLiteral("head.weight"), QStringLiteral("exp_avg_sq")}));
        QVERIFY(!loaded->runs[0].record.optimizerOverflow);
        for (int i = 0; i < 3; ++i)
            compareRecords(loaded->runs[std::size_t(i)].record,
                           session.runs[std::size_t(i)].record);
        // Every bit (probe measurements may hold NaN, which == cannot compare): saved again, the
        // same bytes.
        QCOMPARE(encodeSession(*loaded), encodeSession(session));
    }

    void readsVersion2Files()
    {
        // Version 2 ended each record with its learning-rate changes; version 3 appends the
        // optimizer's overflow (a step and two strings: 16 bytes when there is none).
        Session session = sampleSession();
        session.runs.resize(1);
        const QByteArray v3 = encodeSession(session);
        const qsizetype bodyAt = QByteArrayLiteral("PELAB-SESSION\n").size() + 4 + 32;
        const QByteArray body = v3.mid(bodyAt).chopped(16);
        QByteArray v2 = QByteArrayLiteral("PELAB-SESSION\n");
        QDataStream(&v2, QIODevice::Append) << quint32(2);
        v2 += QCryptographicHash::hash(body, QCryptographicHash::Sha256) + body;
        QString error;
        const auto loaded = decodeSession(v2, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->runs.size(), std::size_t(1));
        compareRecords(loaded->runs[0].record, session.runs[0].record);
        QCOMPARE(encodeSession(*loaded), v3);
    }

    void refusesNewerDamagedAndForeignFilesKeepingThemIntact_data()
    {
        QTest::addColumn<int>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("newer") << 0
                               << QStringLiteral("saved by a newer PE Lab (session format %1")
                                      .arg(sessionFileVersion + 1);
        QTest::newRow("flipped byte") << 1 << "damaged or incomplete";
        QTest::newRow("cut short") << 2 << "damaged or incomplete";
        QTest::newRow("not a session") << 3 << "not a PE Lab session file";
    }
    void refusesNewerDamagedAndForeignFilesKeepingThemIntact()
    {
        QFETCH(int, damage);
        QFETCH(QString, message);
        QByteArray bytes = encodeSession(sampleSession());
        const qsizetype versionAt = QByteArrayLiteral("PELAB-SESSION\n").size();
        switch (damage) {
        case 0: {
            QByteArray version;
            QDataStream(&version, QIODevice::WriteOnly) << quint32(sessionFileVersion + 1);
            bytes.replace(versionAt, 4, version);
            break;
        }
        case 1:
            bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x40);
            break;
        case 2:
            bytes.chop(100);
            break;
        case 3:
            bytes = "{\"data\": {}}";
            break;
        }
        QTemporaryDir dir;
        const QString path = dir.filePath("s.pelabsession");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        QString error;
        QVERIFY(!loadSessionFile(path, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), bytes); // refused, not touched
    }
};

QTEST_GUILESS_MAIN(TestSessionFile)
#include "tst_sessionfile.moc"
