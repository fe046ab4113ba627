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

#include <string>

namespace pelab {

QByteArray lossCsv(const std::vector<LossPoint> &losses)
{
    std::string out = "epoch,step,loss\n";
    out.reserve(out.size() + losses.size() * 32);
    for (const LossPoint &point : losses) {
        out += std::to_string(point.epoch);
        out += ',';
        out += std::to_string(point.step);
        out += ',';
        out += pythonFloatRepr(point.loss);
        out += '\n';
    }
    return QByteArray::fromStdString(out);
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
    return lines;
}

std::vector<std::pair<QString, QByteArray>> runFiles(const RunRecord &record)
{
    const QStringList printed = printedEpochLines(record);
    return {{QStringLiteral("loss.csv"), lossCsv(record.losses)},
            {QStringLiteral("embeddings.csv"), embeddingsCsv(record.embedding)},
            {QStringLiteral("embeddings.npy"), npyFloat32(record.embedding)},
            {QStringLiteral("embeddings.pt"), torchPickleFloat32(record.embedding)},
            {QStringLiteral("embeddings.json"), embeddingsJson(record.embedding, record.config)},
            {QStringLiteral("config.json"), configToJsonBytes(record.config)},
            {QStringLiteral("reproduce.py"), reproduceScript(record.config, printed)},
            {QStringLiteral("reproduce.ipynb"), reproduceNotebook(record.config, printed)}};
}

QStringList runFileNames()
{
    return {QStringLiteral("loss.csv"),        QStringLiteral("embeddings.csv"),
            QStringLiteral("embeddings.npy"),  QStringLiteral("embeddings.pt"),
            QStringLiteral("embeddings.json"), QStringLiteral("config.json"),
            QStringLiteral("reproduce.py"),    QStringLiteral("reproduce.ipynb")};
}

QString writeRunFiles(const QString &directory, const RunRecord &record, QStringList *written)
{
    return writeFileSet(directory, runFiles(record), written);
}

} // namespace pelab
