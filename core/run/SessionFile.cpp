// SPDX-License-Identifier: MIT
#include "SessionFile.h"

#include "AtomicWrite.h"
#include "ConfigJson.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QFile>
#include <QIODevice>

namespace pelab {

namespace {

const QByteArray magic = QByteArrayLiteral("PELAB-SESSION\n");
constexpr int hashBytes = 32; // SHA-256 of everything after the header

// Writing and reading every part of a record, field by field, in one place each.
QDataStream &operator<<(QDataStream &out, const Matrix &m)
{
    out << qint32(m.rows) << qint32(m.cols) << quint64(m.values.size());
    for (const float v : m.values)
        out << v;
    return out;
}

QDataStream &operator>>(QDataStream &in, Matrix &m)
{
    qint32 rows = 0, cols = 0;
    quint64 n = 0;
    in >> rows >> cols >> n;
    if (n != quint64(qint64(rows) * cols) || rows < 0 || cols < 0 || n > (1ull << 31)) {
        in.setStatus(QDataStream::ReadCorruptData);
        return in;
    }
    m.rows = rows;
    m.cols = cols;
    m.values.resize(n);
    for (float &v : m.values)
        in >> v;
    return in;
}

template <typename T, typename Write>
void writeVector(QDataStream &out, const std::vector<T> &items, Write write)
{
    out << quint64(items.size());
    for (const T &item : items)
        write(item);
}

template <typename T, typename Read>
void readVector(QDataStream &in, std::vector<T> &items, Read read)
{
    quint64 n = 0;
    in >> n;
    if (n > (1ull << 31)) {
        in.setStatus(QDataStream::ReadCorruptData);
        return;
    }
    items.clear();
    for (quint64 i = 0; i < n && in.status() == QDataStream::Ok; ++i) {
        T item{};
        read(item);
        items.push_back(std::move(item));
    }
}

QDataStream &operator<<(QDataStream &out, const NdArray &a)
{
    writeVector(out, a.shape, [&](std::int64_t s) { out << qint64(s); });
    writeVector(out, a.values, [&](double v) { out << v; });
    return out;
}

QDataStream &operator>>(QDataStream &in, NdArray &a)
{
    readVector(in, a.shape, [&](std::int64_t &s) {
        qint64 v = 0;
        in >> v;
        s = v;
    });
    readVector(in, a.values, [&](double &v) { in >> v; });
    if (in.status() == QDataStream::Ok && std::int64_t(a.values.size()) != a.size() &&
        !(a.shape.empty() && a.values.empty()))
        in.setStatus(QDataStream::ReadCorruptData);
    return in;
}

QDataStream &operator<<(QDataStream &out, const Measurements &m)
{
    out << quint64(m.size());
    for (auto it = m.begin(); it != m.end(); ++it)
        out << it.key() << it.value();
    return out;
}

QDataStream &operator>>(QDataStream &in, Measurements &m)
{
    quint64 n = 0;
    in >> n;
    m.clear();
    for (quint64 i = 0; i < n && in.status() == QDataStream::Ok; ++i) {
        QString key;
        NdArray value;
        in >> key >> value;
        m.insert(key, value);
    }
    return in;
}

void writeOptional(QDataStream &out, const std::optional<double> &v)
{
    out << bool(v) << v.value_or(0.0);
}

void readOptional(QDataStream &in, std::optional<double> &v)
{
    bool has = false;
    double value = 0;
    in >> has >> value;
    v = has ? std::optional<double>(value) : std::nullopt;
}

QDataStream &operator<<(QDataStream &out, const Evaluation &e)
{
    out << qint64(e.step) << qint64(e.length) << e.loss;
    writeOptional(out, e.accuracy);
    writeOptional(out, e.accuracyNewPositions);
    return out;
}

QDataStream &operator>>(QDataStream &in, Evaluation &e)
{
    qint64 step = 0, length = 0;
    in >> step >> length >> e.loss;
    e.step = step;
    e.length = length;
    readOptional(in, e.accuracy);
    readOptional(in, e.accuracyNewPositions);
    return in;
}

void writeHead(QDataStream &out, const std::optional<LinearHead> &head)
{
    out << bool(head) << (head ? head->weight : 0.0) << (head ? head->bias : 0.0);
}

void readHead(QDataStream &in, std::optional<LinearHead> &head)
{
    bool has = false;
    LinearHead h;
    in >> has >> h.weight >> h.bias;
    head = has ? std::optional<LinearHead>(h) : std::nullopt;
}

void writeRecord(QDataStream &out, const RunRecord &r)
{
    out << configToJsonBytes(r.config);
    writeVector(out, r.losses,
                [&](const LossPoint &p) { out << qint64(p.epoch) << qint64(p.step) << p.loss; });
    out << r.embedding << r.initialEmbedding << r.targetSignal << r.gradGroups;
    writeVector(out, r.gradNorms, [&](double v) { out << v; });
    writeVector(out, r.validation, [&](const Evaluation &e) { out << e; });
    writeVector(out, r.probes, [&](const ProbePoint &p) { out << qint64(p.step) << p.values; });
    out << r.latest << r.encoding;
    writeVector(out, r.extrapolation, [&](const Evaluation &e) { out << e; });
    writeVector(out, r.stateDict,
                [&](const NamedArray &a) { out << a.name << a.array << a.buffer; });
    writeVector(out, r.snapshots, [&](const RunSnapshot &s) {
        out << qint64(s.step) << s.embedding;
        writeHead(out, s.head);
        out << s.attention << qint64(s.attentionStep);
    });
    // Version 2: the learning rates set during the run.
    writeVector(out, r.learningRateChanges,
                [&](const LearningRateChange &c) { out << qint64(c.step) << c.learningRate; });
    // Version 3: the step at which the optimizer's state overflowed (0: it did not).
    const OptimizerOverflow overflow = r.optimizerOverflow.value_or(OptimizerOverflow{});
    out << qint64(overflow.step) << overflow.parameter << overflow.state;
}

bool readRecord(QDataStream &in, quint32 version, RunRecord &r, QString *error)
{
    QByteArray config;
    in >> config;
    const ConfigLoadResult loaded = configFromJsonBytes(config, QStringLiteral("the session"));
    if (!loaded.config) {
        *error = loaded.errors.join(QStringLiteral("; "));
        return false;
    }
    r.config = *loaded.config;
    readVector(in, r.losses, [&](LossPoint &p) {
        qint64 epoch = 0, step = 0;
        in >> epoch >> step >> p.loss;
        p.epoch = epoch;
        p.step = step;
    });
    in >> r.embedding >> r.initialEmbedding >> r.targetSignal >> r.gradGroups;
    readVector(in, r.gradNorms, [&](double &v) { in >> v; });
    readVector(in, r.validation, [&](Evaluation &e) { in >> e; });
    readVector(in, r.probes, [&](ProbePoint &p) {
        qint64 step = 0;
        in >> step >> p.values;
        p.step = step;
    });
    in >> r.latest >> r.encoding;
    readVector(in, r.extrapolation, [&](Evaluation &e) { in >> e; });
    readVector(in, r.stateDict, [&](NamedArray &a) { in >> a.name >> a.array >> a.buffer; });
    readVector(in, r.snapshots, [&](RunSnapshot &s) {
        qint64 step = 0, attentionStep = 0;
        in >> step >> s.embedding;
        readHead(in, s.head);
        in >> s.attention >> attentionStep;
        s.step = step;
        s.attentionStep = attentionStep;
    });
    if (version >= 2)
        readVector(in, r.learningRateChanges, [&](LearningRateChange &c) {
            qint64 step = 0;
            in >> step >> c.learningRate;
            c.step = step;
        });
    if (version >= 3) {
        qint64 step = 0;
        OptimizerOverflow overflow;
        in >> step >> overflow.parameter >> overflow.state;
        overflow.step = step;
        if (step > 0)
            r.optimizerOverflow = overflow;
    }
    return true;
}

} // namespace

QByteArray encodeSession(const Session &session)
{
    QByteArray body;
    {
        QDataStream out(&body, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_4);
        out << configToJsonBytes(session.settings) << quint64(session.runs.size());
        for (const SessionRun &run : session.runs) {
            out << run.name << run.color << run.visible << qint32(run.state);
            writeRecord(out, run.record);
        }
    }
    QByteArray header = magic;
    QDataStream(&header, QIODevice::Append) << sessionFileVersion;
    return header + QCryptographicHash::hash(body, QCryptographicHash::Sha256) + body;
}

std::optional<Session> decodeSession(const QByteArray &bytes, QString *error)
{
    if (!bytes.startsWith(magic)) {
        *error = QStringLiteral("this is not a PE Lab session file");
        return std::nullopt;
    }
    quint32 version = 0;
    QDataStream(bytes.mid(magic.size(), 4)) >> version;
    if (version > sessionFileVersion) {
        *error = QStringLiteral("the file was saved by a newer PE Lab (session format %1; this "
                                "version reads up to %2): open it with that version")
                     .arg(version)
                     .arg(sessionFileVersion);
        return std::nullopt;
    }
    const qsizetype start = magic.size() + 4;
    const QByteArray hash = bytes.mid(start, hashBytes);
    const QByteArray body = bytes.mid(start + hashBytes);
    if (bytes.size() < start + hashBytes ||
        QCryptographicHash::hash(body, QCryptographicHash::Sha256) != hash) {
        *error = QStringLiteral("the file is damaged or incomplete (its checksum does not match)");
        return std::nullopt;
    }
    QDataStream in(body);
    in.setVersion(QDataStream::Qt_6_4);
    Session session;
    QByteArray settings;
    quint64 runs = 0;
    in >> settings >> runs;
    const ConfigLoadResult loaded = configFromJsonBytes(settings, QStringLiteral("the session"));
    if (!loaded.config || runs > 10000) {
        *error = QStringLiteral("the file's settings cannot be read: %1")
                     .arg(loaded.errors.join(QStringLiteral("; ")));
        return std::nullopt;
    }
    session.settings = *loaded.config;
    for (quint64 i = 0; i < runs && in.status() == QDataStream::Ok; ++i) {
        SessionRun run;
        qint32 state = 0;
        in >> run.name >> run.color >> run.visible >> state;
        run.state = TrainerState(std::clamp<qint32>(state, 0, qint32(TrainerState::Failed)));
        QString problem;
        if (!readRecord(in, version, run.record, &problem)) {
            *error = QStringLiteral("run %1 cannot be read: %2").arg(i + 1).arg(problem);
            return std::nullopt;
        }
        session.runs.push_back(std::move(run));
    }
    if (in.status() != QDataStream::Ok || !in.atEnd()) {
        *error = QStringLiteral("the file is damaged (its contents do not parse)");
        return std::nullopt;
    }
    return session;
}

QString saveSessionFile(const QString &path, const Session &session)
{
    return writeFileAtomically(path, encodeSession(session));
}

std::optional<Session> loadSessionFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString problem;
    auto session = decodeSession(file.readAll(), &problem);
    if (!session)
        *error = QStringLiteral("cannot open %1: %2").arg(path, problem);
    return session;
}

} // namespace pelab
