// SPDX-License-Identifier: MIT
#include "RunExport.h"

#include "AtomicWrite.h"
#include "ConfigJson.h"
#include "HeadlessRun.h"
#include "PythonFloat.h"
#include "export/EmbeddingsJson.h"
#include "export/NpyWriter.h"
#include "export/ReproduceScript.h"
#include "export/TensorPickle.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace pelab {

namespace {

// Appends without a temporary: the per-step CSVs of a long run are tens of megabytes, and
// are built once, in place, in a buffer reserved for their longest possible rows.
void append(QByteArray &out, const std::string &text)
{
    out.append(text.data(), qsizetype(text.size()));
}

void append(QByteArray &out, std::int64_t value)
{
    char digits[24];
    const int n = std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(value));
    out.append(digits, n);
}

qsizetype digitsOf(std::int64_t value)
{
    return qsizetype(std::to_string(value).size());
}

// repr() of a double is at most 24 characters ("-2.2250738585072014e-308").
constexpr qsizetype reprBytes = 24;

} // namespace

QByteArray lossCsv(const std::vector<LossPoint> &losses)
{
    QByteArray out = "epoch,step,loss\n";
    if (!losses.empty())
        out.reserve(out.size() +
                    qsizetype(losses.size()) * (digitsOf(losses.back().epoch) +
                                                digitsOf(losses.back().step) + reprBytes + 3));
    for (const LossPoint &point : losses) {
        append(out, point.epoch);
        out += ',';
        append(out, point.step);
        out += ',';
        append(out, pythonFloatRepr(point.loss));
        out += '\n';
    }
    return out;
}

QByteArray embeddingsCsv(const Matrix &embedding)
{
    std::string out = "position";
    for (int col = 0; col < embedding.cols; ++col)
        out += ",dim_" + std::to_string(col);
    out += '\n';
    for (int row = 0; row < embedding.rows; ++row) {
        out += std::to_string(row);
        for (int col = 0; col < embedding.cols; ++col) {
            out += ',';
            out += pythonFloatRepr(double(embedding.at(row, col)));
        }
        out += '\n';
    }
    return QByteArray::fromStdString(out);
}

QStringList printedEpochLines(const RunRecord &record)
{
    QStringList lines;
    const std::int64_t stepsPerEpoch = record.config.stepsPerEpoch();
    for (const LossPoint &point : record.losses)
        if (point.step == point.epoch * stepsPerEpoch)
            lines << QString::fromStdString(epochLine(point.epoch, point.loss));
    for (const Evaluation &evaluation : record.extrapolation)
        lines << QString::fromStdString(extrapolationLine(evaluation));
    return lines;
}

namespace {

std::string optionalRepr(const std::optional<double> &value)
{
    return value ? pythonFloatRepr(*value) : std::string();
}

} // namespace

void RunRecord::begin(const RunStart &start)
{
    *this = {};
    runId = start.runId;
    config = start.config;
    initialEmbedding = start.initialEmbedding;
    embedding = start.initialEmbedding; // what "after 0 steps" looks like
    targetSignal = start.targetSignal;
    gradGroups = start.gradGroups;
    encoding = start.encoding;
    if (!start.initialProbe.values.isEmpty())
        probes.push_back(start.initialProbe);
    snapshots.push_back(start.initialSnapshot);
    losses.reserve(std::size_t(std::min<std::int64_t>(start.totalSteps, 1 << 20)));
}

void RunRecord::append(const TrainingProgress &progress)
{
    losses.insert(losses.end(), progress.losses.begin(), progress.losses.end());
    gradNorms.insert(gradNorms.end(), progress.gradNorms.begin(), progress.gradNorms.end());
    validation.insert(validation.end(), progress.validation.begin(), progress.validation.end());
    probes.insert(probes.end(), progress.probes.begin(), progress.probes.end());
    snapshots.insert(snapshots.end(), progress.snapshots.begin(), progress.snapshots.end());
    learningRateChanges.insert(learningRateChanges.end(), progress.learningRateChanges.begin(),
                               progress.learningRateChanges.end());
    if (progress.optimizerOverflow && !optimizerOverflow)
        optimizerOverflow = progress.optimizerOverflow;
    if (!progress.latest.isEmpty())
        latest = progress.latest;
    if (!progress.embedding.isEmpty())
        embedding = progress.embedding;
    if (!progress.extrapolation.empty())
        extrapolation = progress.extrapolation;
    if (!progress.stateDict.empty())
        stateDict = progress.stateDict;
}

const RunSnapshot *RunRecord::snapshotAt(std::int64_t step) const
{
    const auto after = std::upper_bound(
        snapshots.begin(), snapshots.end(), step,
        [](std::int64_t s, const RunSnapshot &snapshot) { return s < snapshot.step; });
    return after == snapshots.begin() ? nullptr : &*std::prev(after);
}

RunRecord recordAtStep(const RunRecord &record, std::int64_t step)
{
    const std::int64_t last = record.losses.empty() ? 0 : record.losses.back().step;
    if (step >= last)
        return record;
    RunRecord at;
    at.runId = record.runId;
    at.config = record.config;
    at.initialEmbedding = record.initialEmbedding;
    at.targetSignal = record.targetSignal;
    at.gradGroups = record.gradGroups;
    at.encoding = record.encoding;
    const auto upTo = [step](const auto &items, auto stepOf) {
        std::size_t n = 0;
        while (n < items.size() && stepOf(items[n]) <= step)
            ++n;
        return n;
    };
    const std::size_t losses = upTo(record.losses, [](const LossPoint &p) { return p.step; });
    at.losses.assign(record.losses.begin(), record.losses.begin() + std::ptrdiff_t(losses));
    at.learningRateChanges.assign(
        record.learningRateChanges.begin(),
        record.learningRateChanges.begin() +
            std::ptrdiff_t(upTo(record.learningRateChanges,
                                [](const LearningRateChange &c) { return c.step; })));
    if (record.optimizerOverflow && record.optimizerOverflow->step <= step)
        at.optimizerOverflow = record.optimizerOverflow;
    const std::size_t groups = std::size_t(record.gradGroups.size());
    at.gradNorms.assign(record.gradNorms.begin(),
                        record.gradNorms.begin() +
                            std::ptrdiff_t(std::min(record.gradNorms.size(), losses * groups)));
    at.validation.assign(
        record.validation.begin(),
        record.validation.begin() +
            std::ptrdiff_t(upTo(record.validation, [](const Evaluation &e) { return e.step; })));
    at.probes.assign(
        record.probes.begin(),
        record.probes.begin() +
            std::ptrdiff_t(upTo(record.probes, [](const ProbePoint &p) { return p.step; })));
    if (const RunSnapshot *snapshot = record.snapshotAt(step)) {
        at.embedding = snapshot->embedding;
        if (!snapshot->attention.isEmpty())
            at.latest.insert(QStringLiteral("attention"), snapshot->attention);
        at.snapshots.assign(record.snapshots.begin(),
                            record.snapshots.begin() + (snapshot - record.snapshots.data()) + 1);
    }
    return at;
}

QByteArray validationCsv(const std::vector<Evaluation> &validation)
{
    std::string out = "step,loss,accuracy\n";
    for (const Evaluation &e : validation)
        out += std::to_string(e.step) + ',' + pythonFloatRepr(e.loss) + ',' +
               optionalRepr(e.accuracy) + '\n';
    return QByteArray::fromStdString(out);
}

QByteArray extrapolationCsv(const std::vector<Evaluation> &extrapolation)
{
    std::string out = "length,loss,accuracy,accuracy_new_positions\n";
    for (const Evaluation &e : extrapolation)
        out += std::to_string(e.length) + ',' + pythonFloatRepr(e.loss) + ',' +
               optionalRepr(e.accuracy) + ',' + optionalRepr(e.accuracyNewPositions) + '\n';
    return QByteArray::fromStdString(out);
}

QByteArray gradNormsCsv(const RunRecord &record)
{
    QByteArray out = "step,layer,norm\n";
    const std::size_t groups = std::size_t(record.gradGroups.size());
    std::vector<QByteArray> names;
    qsizetype longestName = 0;
    for (const QString &group : record.gradGroups) {
        names.push_back(group.toUtf8());
        longestName = std::max(longestName, names.back().size());
    }
    if (!record.losses.empty())
        out.reserve(out.size() +
                    qsizetype(record.gradNorms.size()) *
                        (digitsOf(record.losses.back().step) + longestName + reprBytes + 3));
    for (std::size_t i = 0; groups > 0 && i < record.losses.size(); ++i) {
        if ((i + 1) * groups > record.gradNorms.size())
            break;
        for (std::size_t g = 0; g < groups; ++g) {
            append(out, record.losses[i].step);
            out += ',';
            out += names[g];
            out += ',';
            append(out, pythonFloatRepr(record.gradNorms[i * groups + g]));
            out += '\n';
        }
    }
    return out;
}

QByteArray entropyCsv(const RunRecord &record)
{
    std::string out = "step,layer,head,entropy\n";
    for (const ProbePoint &point : record.probes) {
        const NdArray entropy = point.values.value(QStringLiteral("attention_entropy"));
        if (entropy.shape.size() != 2)
            continue;
        for (std::int64_t l = 0; l < entropy.shape[0]; ++l)
            for (std::int64_t h = 0; h < entropy.shape[1]; ++h)
                out += std::to_string(point.step) + ',' + std::to_string(l) + ',' +
                       std::to_string(h) + ',' + pythonFloatRepr(entropy.at({l, h})) + '\n';
    }
    return QByteArray::fromStdString(out);
}

QByteArray rankCsv(const RunRecord &record)
{
    std::string out = "step,layer,relative_residual\n";
    for (const ProbePoint &point : record.probes) {
        const NdArray rank = point.values.value(QStringLiteral("rank_residual"));
        for (std::int64_t l = 0; l < std::int64_t(rank.values.size()); ++l)
            out += std::to_string(point.step) + ',' + std::to_string(l) + ',' +
                   pythonFloatRepr(rank.values[std::size_t(l)]) + '\n';
    }
    return QByteArray::fromStdString(out);
}

QByteArray learningRateCsv(const std::vector<LearningRateChange> &changes)
{
    std::string out = "step,lr\n";
    for (const LearningRateChange &change : changes)
        out += std::to_string(change.step) + ',' + pythonFloatRepr(change.learningRate) + '\n';
    return QByteArray::fromStdString(out);
}

std::vector<std::pair<QString, QByteArray>> runFiles(const RunRecord &record)
{
    const QStringList printed = printedEpochLines(record);
    std::vector<std::pair<QString, QByteArray>> files = {
        {QStringLiteral("loss.csv"), lossCsv(record.losses)},
        {QStringLiteral("validation.csv"), validationCsv(record.validation)},
        {QStringLiteral("extrapolation.csv"), extrapolationCsv(record.extrapolation)},
        {QStringLiteral("grad_norms.csv"), gradNormsCsv(record)},
        {QStringLiteral("state_dict.pt"), torchPickleStateDict(record.stateDict)}};
    if (!record.embedding.isEmpty()) {
        files.push_back({QStringLiteral("embeddings.csv"), embeddingsCsv(record.embedding)});
        files.push_back({QStringLiteral("embeddings.npy"), npyFloat32(record.embedding)});
        files.push_back({QStringLiteral("embeddings.pt"), torchPickleFloat32(record.embedding)});
        files.push_back(
            {QStringLiteral("embeddings.json"), embeddingsJson(record.embedding, record.config)});
    }
    if (record.config.layers > 0) {
        const NdArray attention = record.latest.value(QStringLiteral("attention"));
        if (!attention.isEmpty())
            files.push_back({QStringLiteral("attention.npy"), npyFloat32(attention)});
        files.push_back({QStringLiteral("entropy.csv"), entropyCsv(record)});
        files.push_back({QStringLiteral("rank.csv"), rankCsv(record)});
    }
    // config.json keeps the start settings; learning rates set during the run are listed
    // beside it, and the reproduction replays them.
    files.push_back({QStringLiteral("config.json"), configToJsonBytes(record.config)});
    if (!record.learningRateChanges.empty())
        files.push_back(
            {QStringLiteral("lr_schedule.csv"), learningRateCsv(record.learningRateChanges)});
    const auto &changes = record.learningRateChanges;
    files.push_back(
        {QStringLiteral("reproduce.py"), reproduceScript(record.config, printed, changes)});
    files.push_back(
        {QStringLiteral("reproduce.ipynb"), reproduceNotebook(record.config, printed, changes)});
    return files;
}

QStringList runFileNames()
{
    return {QStringLiteral("loss.csv"),          QStringLiteral("validation.csv"),
            QStringLiteral("extrapolation.csv"), QStringLiteral("grad_norms.csv"),
            QStringLiteral("state_dict.pt"),     QStringLiteral("embeddings.csv"),
            QStringLiteral("embeddings.npy"),    QStringLiteral("embeddings.pt"),
            QStringLiteral("embeddings.json"),   QStringLiteral("attention.npy"),
            QStringLiteral("entropy.csv"),       QStringLiteral("rank.csv"),
            QStringLiteral("config.json"),       QStringLiteral("lr_schedule.csv"),
            QStringLiteral("reproduce.py"),      QStringLiteral("reproduce.ipynb")};
}

QStringList runFileNames(const TrainingConfig &config)
{
    QStringList names = {QStringLiteral("loss.csv"), QStringLiteral("validation.csv"),
                         QStringLiteral("extrapolation.csv"), QStringLiteral("grad_norms.csv"),
                         QStringLiteral("state_dict.pt")};
    if (config.encoding == EncodingKind::Learned || config.encoding == EncodingKind::Sinusoidal)
        names << QStringLiteral("embeddings.csv") << QStringLiteral("embeddings.npy")
              << QStringLiteral("embeddings.pt") << QStringLiteral("embeddings.json");
    if (config.layers > 0)
        names << QStringLiteral("attention.npy") << QStringLiteral("entropy.csv")
              << QStringLiteral("rank.csv");
    names << QStringLiteral("config.json") << QStringLiteral("reproduce.py")
          << QStringLiteral("reproduce.ipynb");
    return names;
}

QString writeRunFiles(const QString &directory, const RunRecord &record, QStringList *written)
{
    return writeFileSet(directory, runFiles(record), written);
}

} // namespace pelab
