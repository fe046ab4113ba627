// SPDX-License-Identifier: MIT
// The memory budget's ceiling from control groups: cgroup v2 and v1, nested groups (the
// smallest limit on the way to the root wins), unlimited groups, a namespaced mount.
#include "CgroupMemory.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

class TestCgroupMemory : public QObject {
    Q_OBJECT
private slots:
    void limits_data();
    void limits();
    void missingFilesMeanNoLimit();
    void thisMachineAnswers();
};

void TestCgroupMemory::limits_data()
{
    QTest::addColumn<QByteArray>("procCgroup");
    QTest::addColumn<QStringList>("files"); // "relative/path=content"
    QTest::addColumn<double>("expected");   // 0: no limit

    QTest::newRow("v2, top level")
        << QByteArray("0::/\n") << QStringList{"memory.max=1073741824"} << 1073741824.0;
    QTest::newRow("v2, unlimited") << QByteArray("0::/\n") << QStringList{"memory.max=max"} << 0.0;
    // A session's slice limits less than the service inside it, or more.
    QTest::newRow("v2, nested: the parent is smaller")
        << QByteArray("0::/user.slice/session-2.scope\n")
        << QStringList{"memory.max=max", "user.slice/memory.max=2147483648",
                       "user.slice/session-2.scope/memory.max=4294967296"}
        << 2147483648.0;
    QTest::newRow("v2, nested: the child is smaller")
        << QByteArray("0::/a/b\n")
        << QStringList{"a/memory.max=4294967296", "a/b/memory.max=536870912"} << 536870912.0;
    QTest::newRow("v1, nested")
        << QByteArray("9:name=systemd:/\n4:memory:/process_api/abc\n3:cpuset:/\n0::/\n")
        << QStringList{"memory/memory.limit_in_bytes=9223372036854771712",
                       "memory/process_api/memory.limit_in_bytes=3221225472",
                       "memory/process_api/abc/memory.limit_in_bytes=9223372036854771712"}
        << 3221225472.0;
    QTest::newRow("v1, unlimited everywhere")
        << QByteArray("4:memory:/process_api/abc\n")
        << QStringList{"memory/memory.limit_in_bytes=9223372036854771712",
                       "memory/process_api/abc/memory.limit_in_bytes=9223372036854771712"}
        << 0.0;
    QTest::newRow("v1, memory with another controller")
        << QByteArray("5:cpu,memory:/x\n") << QStringList{"memory/x/memory.limit_in_bytes=1000000"}
        << 1000000.0;
    // In a container the group's path is the host's, but the mount shows only its own root.
    QTest::newRow("v2, namespaced mount") << QByteArray("0::/docker/0123abcd\n")
                                          << QStringList{"memory.max=805306368"} << 805306368.0;
}

void TestCgroupMemory::limits()
{
    QFETCH(QByteArray, procCgroup);
    QFETCH(QStringList, files);
    QFETCH(double, expected);
    QTemporaryDir dir;
    const QString root = dir.filePath("sys/fs/cgroup");
    QVERIFY(QDir().mkpath(root));
    writeFile(dir.filePath("proc/self/cgroup"), procCgroup);
    for (const QString &file : files) {
        const QString path = file.section('=', 0, 0);
        writeFile(root + '/' + path, file.section('=', 1).toUtf8() + '\n');
    }
    const auto limit = cgroupMemoryLimitBytes(dir.filePath("proc/self/cgroup"), root);
    if (expected == 0)
        QVERIFY2(!limit, qPrintable(QString::number(limit.value_or(0))));
    else
        QCOMPARE(limit.value_or(0), expected);
}

void TestCgroupMemory::missingFilesMeanNoLimit()
{
    QTemporaryDir dir;
    QVERIFY(!cgroupMemoryLimitBytes(dir.filePath("no-such-file"), dir.path()));
    writeFile(dir.filePath("cgroup"), "0::/a\ngarbage\n::\n");
    QVERIFY(!cgroupMemoryLimitBytes(dir.filePath("cgroup"), dir.filePath("none")));
}

void TestCgroupMemory::thisMachineAnswers()
{
    // Whatever this machine's groups are, the answer is a positive number or none.
    const auto limit = cgroupMemoryLimitBytes();
    if (limit)
        QVERIFY(*limit > 0);
    qInfo("this machine's cgroup memory limit: %s",
          limit ? qPrintable(QString::number(*limit / 1048576.0, 'f', 0) + " MiB") : "none");
}

QTEST_GUILESS_MAIN(TestCgroupMemory)
#include "tst_cgroupmemory.moc"
