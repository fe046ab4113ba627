// SPDX-License-Identifier: MIT
// An export's files replace a folder as one set: new folders appear whole, a folder of an
// earlier export is swapped (nothing of the old set survives beside the new), a folder of the
// user's own files keeps them, and a writer killed at any instant leaves one whole set.
#include "AtomicWrite.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>

using namespace pelab;

namespace {

constexpr int fileCount = 6;
constexpr int fileBytes = 128 * 1024;

// Generation `g`'s set: every file says its generation, and is big enough that writing the
// set takes a while (so the kills land in the middle of it).
std::vector<std::pair<QString, QByteArray>> generation(int g, int count = fileCount)
{
    std::vector<std::pair<QString, QByteArray>> files;
    for (int i = 0; i < count; ++i) {
        QByteArray bytes = QByteArray::number(g) + '\n';
        bytes += QByteArray(fileBytes - bytes.size(), char('a' + i));
        files.emplace_back(QStringLiteral("file%1.dat").arg(i), bytes);
    }
    return files;
}

QStringList names()
{
    QStringList all;
    for (const auto &file : generation(0))
        all << file.first;
    return all;
}

// The generation every file of `dir` holds, or -1 when the files disagree or are partial.
int wholeGeneration(const QString &dir)
{
    const QStringList entries = QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
    if (entries != names())
        return -1;
    int seen = -2;
    for (const QString &entry : entries) {
        QFile file(QDir(dir).filePath(entry));
        if (!file.open(QIODevice::ReadOnly) || file.size() != fileBytes)
            return -1;
        const int g = file.readLine().trimmed().toInt();
        if (seen != -2 && g != seen)
            return -1;
        seen = g;
    }
    return seen;
}

// The child: writes generation after generation into the folder until it is killed.
int writeForever(const QString &dir)
{
    for (int g = 1;; ++g) {
        if (!writeFileSet(dir, generation(g), nullptr, names()).isEmpty())
            return 1;
        std::printf("%d\n", g); // the parent kills at random instants after the first
        std::fflush(stdout);
    }
}

} // namespace

class TestFolderSwap : public QObject {
    Q_OBJECT
private slots:
    void newFolderAppearsWhole();
    void earlierExportIsReplacedWhole();
    void usersOwnFilesStay();
    void killedWriterLeavesOneWholeSet();
};

void TestFolderSwap::newFolderAppearsWhole()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("a/b/run");
    QStringList written;
    QCOMPARE(writeFileSet(out, generation(1), &written), QString());
    QCOMPARE(wholeGeneration(out), 1);
    QCOMPARE(written.size(), fileCount);
    // Nothing beside it, and a new folder's usual permissions (not a temporary's 0700).
    QCOMPARE(
        QDir(dir.filePath("a/b")).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
        QStringList{"run"});
    struct stat info {};
    QCOMPARE(::stat(QFile::encodeName(out).constData(), &info), 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    QCOMPARE(info.st_mode & 0777, 0777 & ~mask);
}

void TestFolderSwap::earlierExportIsReplacedWhole()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    QCOMPARE(writeFileSet(out, generation(1)), QString());
    QVERIFY(QFile::setPermissions(out, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                           QFile::ReadGroup | QFile::ExeGroup));
    // A smaller set: the files the old set had and the new one has not go with it.
    QCOMPARE(writeFileSet(out, generation(2, 4), nullptr, names()), QString());
    QCOMPARE(QDir(out).entryList(QDir::Files), names().mid(0, 4));
    QVERIFY(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot) ==
            QStringList{"run"});
    QVERIFY(!(QFileInfo(out).permissions() & QFile::WriteGroup)); // kept as it was
    QVERIFY(QFileInfo(out).permissions() & QFile::ReadGroup);
}

void TestFolderSwap::usersOwnFilesStay()
{
    QTemporaryDir dir;
    QFile mine(dir.filePath("my-notes.txt"));
    QVERIFY(mine.open(QIODevice::WriteOnly));
    mine.write("mine");
    mine.close();
    QCOMPARE(writeFileSet(dir.path(), generation(3)), QString());
    QVERIFY(QFile::exists(dir.filePath("my-notes.txt")));
    QVERIFY(QFile::exists(dir.filePath("file0.dat")));
}

void TestFolderSwap::killedWriterLeavesOneWholeSet()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    QCOMPARE(writeFileSet(out, generation(0), nullptr, names()), QString());
    int newer = 0;
    for (int round = 0; round < 25; ++round) {
        QProcess writer;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("PELAB_FOLDER_SWAP_WRITER", out);
        writer.setProcessEnvironment(env);
        writer.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(writer.waitForStarted());
        QVERIFY(writer.waitForReadyRead(30000)); // one set written: writing the next now
        QTest::qWait(int(QRandomGenerator::global()->bounded(40)));
        ::kill(pid_t(writer.processId()), SIGKILL);
        QVERIFY(writer.waitForFinished());
        const int g = wholeGeneration(out);
        QVERIFY2(g >= 0, qPrintable(QStringLiteral("round %1: a mixed or partial set: %2")
                                        .arg(round)
                                        .arg(QDir(out).entryList(QDir::Files).join(", "))));
        newer += g > 1 ? 1 : 0;
    }
    qInfo("%d of 25 kills found a set newer than the writer's first", newer);
    QVERIFY(newer > 0); // the kills did land while sets were being written
    // What the kills left beside the folder is removed by the next write.
    QCOMPARE(writeFileSet(out, generation(99), nullptr, names()), QString());
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{"run"});
    QCOMPARE(wholeGeneration(out), 99);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (const QByteArray dir = qgetenv("PELAB_FOLDER_SWAP_WRITER"); !dir.isEmpty())
        return writeForever(QString::fromLocal8Bit(dir));
    TestFolderSwap test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_folderswap.moc"
