// SPDX-License-Identifier: MIT
// Shared helpers for PE Lab's tests.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace pelab::test {

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
};

// Runs a program to completion (at most `timeoutMs`) with optional stdin.
inline ProcessResult
runProcess(const QString &program, const QStringList &arguments, const QByteArray &input = {},
           int timeoutMs = 300000,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForStarted(30000))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    const bool finished = process.waitForFinished(timeoutMs);
    result.elapsedMs = timer.elapsed();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    if (!finished) {
        // Still running: a hang is a failure, never the exit code 0 a running process reads.
        process.kill();
        process.waitForFinished(5000);
        result.exitCode = -2;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    if (!finished)
        result.err += QByteArrayLiteral("\n[test: killed after ") + QByteArray::number(timeoutMs) +
                      QByteArrayLiteral(" ms]\n");
    return result;
}

inline QString pelabBinary()
{
    return QStringLiteral(PELAB_BINARY);
}
inline QString torchPython()
{
    return QStringLiteral(PELAB_PYTHON);
}
inline QString sourcePath(const QString &relative)
{
    return QStringLiteral(PELAB_SOURCE_DIR "/") + relative;
}

} // namespace pelab::test
