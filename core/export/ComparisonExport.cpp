// SPDX-License-Identifier: MIT
#include "ComparisonExport.h"

#include "PythonFloat.h"
#include "RunExport.h"
#include "config/ConfigFields.h"
#include "run/RunSummary.h"

namespace pelab {

namespace {

QByteArray number(const std::optional<double> &value)
{
    return value ? QByteArray::fromStdString(pythonFloatRepr(*value)) : QByteArray();
}

QByteArray summaryCsv(const ComparisonData &data, const QStringList &states)
{
    QByteArray out = "run";
    for (const QString &key : data.varied)
        out += ',' + csvField(key);
    out += ",state,steps,final_loss,validation_loss,validation_accuracy,longest_length,"
           "accuracy_at_longest,loss_at_longest\n";
    for (std::size_t i = 0; i < data.runs.size(); ++i) {
        const ComparedRun &run = data.runs[i];
        if (!run.record)
            continue;
        out += csvField(run.name);
        for (const QString &key : data.varied) {
            const FieldSpec *field = findField(key);
            out +=
                ',' + csvField(field ? field->format(field->get(run.record->config)) : QString());
        }
        const RunSummary s = summarizeRun(*run.record);
        out += ',' + csvField(i < std::size_t(states.size()) ? states[int(i)] : QString());
        out += ',' + QByteArray::number(qlonglong(s.steps));
        out += ',' + number(s.finalLoss) + ',' + number(s.validationLoss) + ',' +
               number(s.validationAccuracy) + ',' +
               (s.longestLength ? QByteArray::number(qlonglong(*s.longestLength)) : QByteArray()) +
               ',' + number(s.longestAccuracy) + ',' + number(s.longestLoss) + '\n';
    }
    return out;
}

} // namespace

QByteArray csvField(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (!bytes.contains(',') && !bytes.contains('"') && !bytes.contains('\n') &&
        !bytes.contains('\r'))
        return bytes;
    bytes.replace("\"", "\"\"");
    return '"' + bytes + '"';
}

QByteArray csvWithRunColumn(const std::vector<std::pair<QString, QByteArray>> &perRun)
{
    QByteArray out;
    for (const auto &[name, csv] : perRun) {
        const qsizetype headerEnd = csv.indexOf('\n');
        if (headerEnd < 0)
            continue;
        if (out.isEmpty())
            out = "run," + csv.left(headerEnd + 1);
        const QByteArray field = csvField(name) + ',';
        qsizetype start = headerEnd + 1;
        out.reserve(out.size() + csv.size() + (csv.count('\n') * field.size()));
        while (start < csv.size()) {
            qsizetype end = csv.indexOf('\n', start);
            if (end < 0)
                end = csv.size() - 1;
            out += field;
            out += QByteArrayView(csv).sliced(start, end - start + 1);
            if (!out.endsWith('\n'))
                out += '\n';
            start = end + 1;
        }
    }
    return out;
}

std::vector<std::pair<QString, QByteArray>> comparisonCsvFiles(const ComparisonData &data,
                                                               const QStringList &states)
{
    struct Measurement {
        const char *name;
        QByteArray (*csv)(const RunRecord &);
        bool (*present)(const RunRecord &);
    };
    static const Measurement measurements[] = {
        {"loss.csv", [](const RunRecord &r) { return lossCsv(r.losses); },
         [](const RunRecord &) { return true; }},
        {"validation.csv", [](const RunRecord &r) { return validationCsv(r.validation); },
         [](const RunRecord &r) { return !r.validation.empty(); }},
        {"extrapolation.csv", [](const RunRecord &r) { return extrapolationCsv(r.extrapolation); },
         [](const RunRecord &r) { return !r.extrapolation.empty(); }},
        {"grad_norms.csv", &gradNormsCsv, [](const RunRecord &r) { return !r.gradNorms.empty(); }},
        {"entropy.csv", &entropyCsv, [](const RunRecord &r) { return r.config.layers > 0; }},
        {"rank.csv", &rankCsv, [](const RunRecord &r) { return r.config.layers > 0; }},
    };
    std::vector<std::pair<QString, QByteArray>> files;
    for (const Measurement &m : measurements) {
        std::vector<std::pair<QString, QByteArray>> perRun;
        bool present = false;
        for (const ComparedRun &run : data.runs) {
            if (!run.record)
                continue;
            present = present || m.present(*run.record);
            perRun.emplace_back(run.name, m.csv(*run.record));
        }
        if (present)
            files.emplace_back(QLatin1String(m.name), csvWithRunColumn(perRun));
    }
    files.emplace_back(QStringLiteral("summary.csv"), summaryCsv(data, states));
    return files;
}

QStringList comparisonCsvNames()
{
    return {QStringLiteral("loss.csv"),          QStringLiteral("validation.csv"),
            QStringLiteral("extrapolation.csv"), QStringLiteral("grad_norms.csv"),
            QStringLiteral("entropy.csv"),       QStringLiteral("rank.csv"),
            QStringLiteral("summary.csv")};
}

} // namespace pelab
