// SPDX-License-Identifier: MIT
#include "Lesson.h"

#include "ConfigJson.h"
#include "config/ConfigFields.h"
#include "figures/ComparisonFigure.h"
#include "figures/FigureKind.h"
#include "figures/SmallMultiples.h"
#include "lessons/LessonMetrics.h"
#include "lessons/LessonReader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace pelab {

QStringList Lesson::runIds() const
{
    QStringList ids;
    for (const LessonRun &run : runs)
        ids << run.id;
    return ids;
}

QString Lesson::heading() const
{
    return number.isEmpty() ? title : QStringLiteral("Lesson %1: %2").arg(number, title);
}

std::vector<TrainingConfig> Lesson::configs(std::optional<std::int64_t> seed) const
{
    std::vector<TrainingConfig> configs;
    for (const LessonRun &run : runs) {
        configs.push_back(run.config);
        if (seed)
            configs.back().seed = *seed;
    }
    return configs;
}

namespace {

constexpr int formatVersion = 1;
constexpr int maxRuns = 20;

void readRuns(LessonReader &reader, const QJsonObject &root, const QJsonObject &base,
              Lesson &lesson)
{
    const QJsonValue value = root.value(QStringLiteral("runs"));
    if (lesson.cost) {
        if (!value.isUndefined())
            reader.error(QStringLiteral("runs"),
                         QStringLiteral("a lesson with \"cost\" measures attention instead of "
                                        "training runs: leave \"runs\" out"));
        return;
    }
    if (!value.isArray() || value.toArray().isEmpty() || value.toArray().size() > maxRuns) {
        reader.error(value.isUndefined() ? QString() : QStringLiteral("runs"),
                     QStringLiteral("\"runs\" must be a list of 1 to %1 runs, each {\"id\": ..., "
                                    "\"name\": ..., \"settings\": {...}}")
                         .arg(maxRuns));
        return;
    }
    static const QRegularExpression idPattern(QStringLiteral("^[a-z][a-z0-9-]{0,31}$"));
    const QJsonArray runs = value.toArray();
    for (int i = 0; i < runs.size(); ++i) {
        const QString path = jsonChild(QStringLiteral("runs"), i);
        if (!runs[i].isObject()) {
            reader.error(path, QStringLiteral("must be an object: {\"id\": ..., \"name\": ..., "
                                              "\"settings\": {...}}"));
            continue;
        }
        const QJsonObject run = runs[i].toObject();
        reader.onlyKeys(run, path,
                        {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("settings")});
        LessonRun entry;
        entry.id = reader.text(run, path, QStringLiteral("id"), true);
        entry.name = reader.text(run, path, QStringLiteral("name"), true);
        if (!entry.id.isEmpty() && !idPattern.match(entry.id).hasMatch())
            reader.error(jsonChild(path, QStringLiteral("id")),
                         QStringLiteral("\"%1\" is not allowed; an id is 1 to 32 lower-case "
                                        "letters, digits and hyphens, starting with a letter")
                             .arg(entry.id));
        if (lesson.runIds().contains(entry.id))
            reader.error(
                jsonChild(path, QStringLiteral("id")),
                QStringLiteral("\"%1\" is the id of another run; ids must differ").arg(entry.id));
        QJsonObject merged = base;
        const QJsonObject own = reader.settings(run, path);
        for (auto it = own.begin(); it != own.end(); ++it)
            merged.insert(it.key(), it.value());
        const auto config = reader.config(merged, path, reader.takeSettingPaths());
        if (config)
            entry.config = *config;
        lesson.runs.push_back(entry);
    }
}

// A list of whole numbers from `minimum` to `maximum`.
std::vector<std::int64_t> readLengths(LessonReader &reader, const QJsonObject &object,
                                      const QString &path, const QString &key, std::int64_t minimum,
                                      std::int64_t maximum)
{
    std::vector<std::int64_t> lengths;
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return lengths;
    const QJsonArray array = value.toArray();
    bool ok = value.isArray() && array.size() <= 32;
    for (const QJsonValue &item : array) {
        const double x = item.toDouble(-1);
        ok = ok && item.isDouble() && x == std::floor(x) && x >= double(minimum) &&
             x <= double(maximum);
        lengths.push_back(std::int64_t(x));
    }
    if (!ok)
        reader.error(jsonChild(path, key),
                     QStringLiteral("must be a list of at most 32 whole numbers from %1 to %2")
                         .arg(minimum)
                         .arg(maximum));
    return lengths;
}

void readCost(LessonReader &reader, const QJsonObject &root, Lesson &lesson)
{
    const QJsonValue value = root.value(QStringLiteral("cost"));
    if (value.isUndefined())
        return;
    const QString path = QStringLiteral("cost");
    if (!value.isObject()) {
        reader.error(path, QStringLiteral("must be an object: {\"lengths\": [64, 128, ...], ...}"));
        return;
    }
    const QJsonObject object = value.toObject();
    reader.onlyKeys(object, path,
                    {QStringLiteral("lengths"), QStringLiteral("heads"),
                     QStringLiteral("head_width"), QStringLiteral("batch"),
                     QStringLiteral("repeats"), QStringLiteral("fit_from"),
                     QStringLiteral("family_lengths"), QStringLiteral("family_steps")});
    CostSpec spec;
    if (object.contains(QStringLiteral("lengths")))
        spec.lengths = readLengths(reader, object, path, QStringLiteral("lengths"), 2, 65536);
    spec.familyLengths =
        readLengths(reader, object, path, QStringLiteral("family_lengths"), 2, 4096);
    const auto number = [&](const QString &key, std::int64_t fallback, std::int64_t maximum) {
        const QJsonValue v = object.value(key);
        if (v.isUndefined())
            return fallback;
        const double x = v.toDouble(-1);
        if (!v.isDouble() || x != std::floor(x) || x < 1 || x > double(maximum)) {
            reader.error(jsonChild(path, key),
                         QStringLiteral("must be a whole number from 1 to %1").arg(maximum));
            return fallback;
        }
        return std::int64_t(x);
    };
    spec.attention.heads = number(QStringLiteral("heads"), 1, 64);
    spec.attention.headWidth = number(QStringLiteral("head_width"), 32, 1024);
    spec.attention.batch = number(QStringLiteral("batch"), 1, 1024);
    spec.attention.repeats = int(number(QStringLiteral("repeats"), 5, 100));
    spec.fitFrom = double(number(QStringLiteral("fit_from"), 256, 65536));
    spec.familySteps = int(number(QStringLiteral("family_steps"), 5, 1000));
    lesson.cost = spec;
}

void readEffects(LessonReader &reader, const QJsonObject &root, Lesson &lesson)
{
    const QJsonValue value = root.value(QStringLiteral("effects"));
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        reader.error(QStringLiteral("effects"),
                     QStringLiteral("must be a list of {\"says\": ..., \"check\": ...}"));
        return;
    }
    const QJsonArray effects = value.toArray();
    for (int i = 0; i < effects.size(); ++i) {
        const QString path = jsonChild(QStringLiteral("effects"), i);
        const QJsonObject effect = effects[i].toObject();
        if (!effects[i].isObject()) {
            reader.error(path,
                         QStringLiteral("must be an object: {\"says\": ..., \"check\": ...}"));
            continue;
        }
        reader.onlyKeys(effect, path, {QStringLiteral("says"), QStringLiteral("check")});
        const QString says = reader.text(effect, path, QStringLiteral("says"), true);
        const QString checkText = reader.text(effect, path, QStringLiteral("check"), true);
        if (checkText.isEmpty())
            continue;
        QString problem;
        const auto check = LessonCheck::parse(checkText, &problem);
        if (!check) {
            reader.error(jsonChild(path, QStringLiteral("check")), problem);
            continue;
        }
        bool ok = true;
        for (const LessonExpression &side : {check->left, check->right})
            for (const MetricCall &call : side.calls())
                if (const QString e = checkMetricCall(call, lesson.runIds()); !e.isEmpty()) {
                    reader.error(jsonChild(path, QStringLiteral("check")), e);
                    ok = false;
                }
        if (ok)
            lesson.effects.push_back({says, *check});
    }
}

void readLines(LessonReader &reader, const QJsonObject &root, Lesson &lesson)
{
    const QJsonValue value = root.value(QStringLiteral("lines"));
    if (value.isUndefined())
        return;
    const QJsonArray lines = value.toArray();
    if (!value.isArray()) {
        reader.error(QStringLiteral("lines"),
                     QStringLiteral("must be a list of {\"label\": ..., \"value\": ...}"));
        return;
    }
    for (int i = 0; i < lines.size(); ++i) {
        const QString path = jsonChild(QStringLiteral("lines"), i);
        const QJsonObject line = lines[i].toObject();
        reader.onlyKeys(line, path, {QStringLiteral("label"), QStringLiteral("value")});
        const QString label = reader.text(line, path, QStringLiteral("label"), true);
        const QString text = reader.text(line, path, QStringLiteral("value"), true);
        if (text.isEmpty())
            continue;
        QString problem;
        const auto expression = LessonExpression::parse(text, &problem);
        if (!expression) {
            reader.error(jsonChild(path, QStringLiteral("value")), problem);
            continue;
        }
        bool ok = true;
        for (const MetricCall &call : expression->calls())
            if (const QString e = checkMetricCall(call, lesson.runIds()); !e.isEmpty()) {
                reader.error(jsonChild(path, QStringLiteral("value")), e);
                ok = false;
            }
        if (ok)
            lesson.lines.push_back({label, *expression});
    }
}

void readMeasured(LessonReader &reader, const QJsonObject &root, Lesson &lesson)
{
    lesson.measured = reader.texts(root, QString(), QStringLiteral("measured"), true);
    for (int i = 0; i < lesson.measured.size(); ++i) {
        const QString path = root.value(QStringLiteral("measured")).isArray()
                                 ? jsonChild(QStringLiteral("measured"), i)
                                 : QStringLiteral("measured");
        QString problem;
        const auto fields = sentenceFields(lesson.measured[i], &problem);
        if (!problem.isEmpty()) {
            reader.error(path, problem);
            continue;
        }
        for (const LessonExpression &field : fields)
            for (const MetricCall &call : field.calls())
                if (const QString e = checkMetricCall(call, lesson.runIds()); !e.isEmpty())
                    reader.error(path, e);
    }
}

void readViews(LessonReader &reader, const QJsonObject &root, Lesson &lesson)
{
    // The comparison's views: its overlaid charts and small multiples.
    QStringList known;
    for (const ComparisonChart chart : allComparisonCharts())
        known << comparisonChartStem(chart);
    for (const FigureKind kind : smallMultipleKinds())
        known << figureFileStem(kind);
    known << QStringLiteral("cost"); // the cost explorer's chart
    lesson.views = reader.texts(root, QString(), QStringLiteral("views"), false);
    for (int i = 0; i < lesson.views.size(); ++i)
        if (!known.contains(lesson.views[i]))
            reader.error(jsonChild(QStringLiteral("views"), i),
                         QStringLiteral("\"%1\" is not a view; the views are %2")
                             .arg(lesson.views[i], known.join(QStringLiteral(", "))));
    lesson.locked = reader.texts(root, QString(), QStringLiteral("lock"), false);
    for (int i = 0; i < lesson.locked.size(); ++i)
        if (!findField(lesson.locked[i]))
            reader.error(
                jsonChild(QStringLiteral("lock"), i),
                QStringLiteral("\"%1\" is not a setting; the settings are %2")
                    .arg(lesson.locked[i], configKeys().mid(1).join(QStringLiteral(", "))));
}

} // namespace

LessonLoadResult parseLesson(const QByteArray &bytes, const QString &source)
{
    LessonLoadResult result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = int(bytes.left(parseError.offset).count('\n')) + 1;
        result.errors << QStringLiteral("%1:%2: not valid JSON: %3")
                             .arg(source)
                             .arg(line)
                             .arg(parseError.errorString());
        return result;
    }
    LessonReader reader(bytes, source);
    for (const QString &path : reader.positions().repeated())
        reader.error(path, QStringLiteral("given more than once; keep one"));
    if (!document.isObject()) {
        reader.error(QString(), QStringLiteral("a lesson file is a JSON object {\"format\": "
                                               "\"pelab-lesson\", \"version\": 1, ...}"));
        return {std::nullopt, reader.errors()};
    }
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String("pelab-lesson")) {
        reader.error(root.contains(QStringLiteral("format")) ? QStringLiteral("format") : QString(),
                     QStringLiteral("not a lesson file: it must say \"format\": \"pelab-lesson\""));
        return {std::nullopt, reader.errors()};
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (version.toDouble() != formatVersion) {
        reader.error(QStringLiteral("version"),
                     QStringLiteral("version %1 is not read by this PE Lab (it reads version %2; "
                                    "a newer PE Lab may have written it)")
                         .arg(version.isDouble() ? QString::number(version.toDouble())
                                                 : QStringLiteral("(missing)"))
                         .arg(formatVersion));
        return {std::nullopt, reader.errors()};
    }
    reader.onlyKeys(
        root, QString(),
        {QStringLiteral("format"),   QStringLiteral("version"),  QStringLiteral("id"),
         QStringLiteral("order"),    QStringLiteral("number"),   QStringLiteral("title"),
         QStringLiteral("summary"),  QStringLiteral("text"),     QStringLiteral("question"),
         QStringLiteral("answers"),  QStringLiteral("look_for"), QStringLiteral("views"),
         QStringLiteral("lock"),     QStringLiteral("settings"), QStringLiteral("runs"),
         QStringLiteral("measured"), QStringLiteral("effects"),  QStringLiteral("caveat"),
         QStringLiteral("cost"),     QStringLiteral("lines")});
    Lesson lesson;
    lesson.source = source;
    lesson.id = reader.text(root, QString(), QStringLiteral("id"), true);
    lesson.title = reader.text(root, QString(), QStringLiteral("title"), true);
    lesson.summary = reader.text(root, QString(), QStringLiteral("summary"), false);
    lesson.text = reader.texts(root, QString(), QStringLiteral("text"), true);
    lesson.question = reader.text(root, QString(), QStringLiteral("question"), false);
    lesson.answers = reader.texts(root, QString(), QStringLiteral("answers"), false);
    lesson.lookFor = reader.text(root, QString(), QStringLiteral("look_for"), false);
    lesson.caveat = reader.text(root, QString(), QStringLiteral("caveat"), false);
    if (const QJsonValue order = root.value(QStringLiteral("order")); !order.isUndefined()) {
        if (!order.isDouble() || order.toDouble() != std::floor(order.toDouble()) ||
            order.toDouble() < 0 || order.toDouble() > 999)
            reader.error(QStringLiteral("order"),
                         QStringLiteral("must be a whole number from 0 to 999"));
        else
            lesson.order = int(order.toDouble());
        lesson.number = QString::number(lesson.order);
    }
    if (root.contains(QStringLiteral("number")))
        lesson.number = reader.text(root, QString(), QStringLiteral("number"), false);
    readViews(reader, root, lesson);
    readCost(reader, root, lesson);
    const QJsonObject base = reader.settings(root, QString());
    reader.keepBaseSettingPaths();
    if (lesson.cost) {
        if (const auto config = reader.config(base, QStringLiteral("settings"), {}))
            lesson.settings = *config;
    }
    readRuns(reader, root, base, lesson);
    readMeasured(reader, root, lesson);
    readLines(reader, root, lesson);
    readEffects(reader, root, lesson);
    result.errors = reader.errors();
    result.errors.removeDuplicates(); // a shared setting's problem, once for every run
    if (result.errors.isEmpty())
        result.lesson = lesson;
    return result;
}

LessonLoadResult loadLessonFile(const QString &path)
{
    constexpr qint64 maxBytes = 1 << 20;
    const auto refuse = [&](const QString &why) {
        return LessonLoadResult{std::nullopt, {path + QStringLiteral(": ") + why}};
    };
    const QString notALesson = QStringLiteral("not a lesson file (a JSON file of at most 1 MiB)");
    const QFileInfo info(path);
    QFile file(path);
    if (!info.isFile()) // missing, or a folder or FIFO (which would block the open)
        return refuse(info.exists() ? notALesson : QStringLiteral("no such lesson file"));
    if (!file.open(QIODevice::ReadOnly))
        return refuse(QStringLiteral("cannot read it: ") + file.errorString());
    // Files of /proc say they are empty and can be endless: read one byte past the limit.
    const QByteArray bytes = file.read(maxBytes + 1);
    return bytes.size() > maxBytes ? refuse(notALesson) : parseLesson(bytes, path);
}

} // namespace pelab
