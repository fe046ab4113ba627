// SPDX-License-Identifier: MIT
#pragma once

#include "RunExport.h"
#include "TrainingProgress.h"

#include <QColor>

#include <optional>
#include <vector>

namespace pelab {

// A whole session in one file: the panel's settings and every run of the comparison with its
// name, colour, visibility, state and history (losses, measurements, snapshots, tensors), so
// reopening it shows the same runs. Binary (QDataStream), versioned and checksummed.
struct SessionRun {
    QString name; // empty: the automatic name
    QColor color;
    bool visible = true;
    TrainerState state = TrainerState::Finished;
    RunRecord record;
};

struct Session {
    TrainingConfig settings;
    std::vector<SessionRun> runs;
};

// The version this build writes and the newest it reads.
inline constexpr quint32 sessionFileVersion = 3; // 2: lr changes; 3: optimizer overflow

QByteArray encodeSession(const Session &session);
// Refuses (nothing, with `error` saying why) a file that is not a PE Lab session, one written
// by a newer version, and a damaged or cut one.
std::optional<Session> decodeSession(const QByteArray &bytes, QString *error);

// Written atomically: the old file stays whole until the new one is complete. Empty on
// success, else a message with the path and the reason.
QString saveSessionFile(const QString &path, const Session &session);
std::optional<Session> loadSessionFile(const QString &path, QString *error);

} // namespace pelab
