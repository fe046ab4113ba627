// SPDX-License-Identifier: MIT
#include "export/EmbeddingsJson.h"

#include "ConfigJson.h"
#include "PythonFloat.h"
#include "TrainingSession.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <string>

namespace pelab {

namespace {

std::string jsonString(const QString &text)
{
    // A one-element array is the shortest way to get Qt's escaping of a lone string.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2).toStdString();
}

std::string jsonNumber(float value)
{
    return std::isfinite(value) ? pythonFloatRepr(double(value)) : "null";
}

} // namespace

QByteArray embeddingsJson(const Matrix &embedding, const TrainingConfig &config)
{
    std::string out = "{\n";
    out += "  \"description\": " +
           jsonString(QStringLiteral(
               "PE Lab's learned positional embedding: values[t][k] is dimension k of the "
               "vector added at position t (float32)")) +
           ",\n";
    out += "  \"shape\": [" + std::to_string(embedding.rows) + ", " +
           std::to_string(embedding.cols) + "],\n";
    out += "  \"dtype\": \"float32\",\n";
    out += "  \"values\": [";
    for (int row = 0; row < embedding.rows; ++row) {
        out += row == 0 ? "\n    [" : ",\n    [";
        for (int col = 0; col < embedding.cols; ++col) {
            if (col > 0)
                out += ", ";
            out += jsonNumber(embedding.at(row, col));
        }
        out += ']';
    }
    out += embedding.rows > 0 ? "\n  ],\n" : "],\n";
    out += "  \"config\": " +
           QJsonDocument(configToJson(config)).toJson(QJsonDocument::Compact).toStdString() + ",\n";
    // Bit-level results depend on the library and the BLAS behind it.
    out += "  \"torch_version\": " + jsonString(torchVersion()) + ",\n";
    out += "  \"blas\": " + jsonString(blasName()) + "\n";
    out += "}\n";
    return QByteArray::fromStdString(out);
}

} // namespace pelab
