// SPDX-License-Identifier: MIT
#include "RunExport.h"

#include "AtomicWrite.h"
#include "ConfigJson.h"
#include "PythonFloat.h"

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

QString writeRunFiles(const QString &directory, const RunRecord &record, QStringList *written)
{
    return writeFileSet(directory,
                        {{QStringLiteral("loss.csv"), lossCsv(record.losses)},
                         {QStringLiteral("embeddings.csv"), embeddingsCsv(record.embedding)},
                         {QStringLiteral("config.json"), configToJsonBytes(record.config)}},
                        written);
}

} // namespace pelab
