// SPDX-License-Identifier: MIT
// Lesson files: what they may say, and how a malformed one is refused (line and reason).
#include "lessons/BuiltinLessons.h"
#include "lessons/Lesson.h"
#include "lessons/LessonExpression.h"
#include "lessons/LessonMetrics.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace pelab;

namespace {

// A small valid lesson, one setting or line per line so tests can name lines.
QByteArray lessonText(const QByteArray &extraRunSettings = {},
                      const QByteArray &measured = "\"{train_loss(a):2}\"")
{
    return "{\n"                                                    // 1
           "  \"format\": \"pelab-lesson\",\n"                      // 2
           "  \"version\": 1,\n"                                    // 3
           "  \"id\": \"demo\",\n"                                  // 4
           "  \"title\": \"Demo\",\n"                               // 5
           "  \"text\": [\"Why.\"],\n"                              // 6
           "  \"settings\": {\n"                                    // 7
           "    \"task\": \"shift\",\n"                             // 8
           "    \"layers\": 1, \"width\": 8\n"                      // 9
           "  },\n"                                                 // 10
           "  \"runs\": [\n"                                        // 11
           "    {\"id\": \"a\", \"name\": \"A\"},\n"                // 12
           "    {\"id\": \"b\", \"name\": \"B\", \"settings\": {\n" // 13
           "      \"encoding\": \"rope\"" +
           extraRunSettings +
           "\n"       // 14
           "    }}\n" // 15
           "  ],\n"   // 16
           "  \"measured\": [" +
           measured +
           "],\n" // 17
           "  \"effects\": [{\"says\": \"x\", \"check\": \"val_loss(b) < 2 * val_loss(a)\"}]\n" // 18
           "}\n";
}

QString firstError(const QByteArray &text)
{
    const LessonLoadResult result = parseLesson(text, QStringLiteral("demo.json"));
    return result.errors.isEmpty() ? QString() : result.errors.first();
}

} // namespace

class TestLessonFile : public QObject {
    Q_OBJECT
private slots:
    void readsAValidLesson()
    {
        const LessonLoadResult result = parseLesson(lessonText(), QStringLiteral("demo.json"));
        QVERIFY2(result.lesson, qPrintable(result.errors.join('\n')));
        const Lesson &lesson = *result.lesson;
        QCOMPARE(lesson.runIds(), QStringList({"a", "b"}));
        // Shared settings apply to every run; a run's own override them.
        QCOMPARE(lesson.runs[0].config.layers, std::int64_t(1));
        QCOMPARE(lesson.runs[1].config.width, std::int64_t(8));
        QCOMPARE(lesson.runs[0].config.encoding, EncodingKind::Learned);
        QCOMPARE(lesson.runs[1].config.encoding, EncodingKind::Rope);
        QCOMPARE(lesson.effects.size(), std::size_t(1));
        QCOMPARE(lesson.effects[0].check.text(), QStringLiteral("val_loss(b) < 2 * val_loss(a)"));
        // Another seed replaces every run's.
        for (const TrainingConfig &config : lesson.configs(7))
            QCOMPARE(config.seed, std::int64_t(7));
    }

    void refusesWithTheLineAndTheReason_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("json") << QByteArray("{\n\"format\": \"pelab-lesson\",\n\"id\": }")
                              << "demo.json:3: not valid JSON";
        QTest::newRow("setting value")
            << lessonText(",\n \"heads\": 3") << "demo.json:15: runs[1].settings.heads: ";
        QTest::newRow("unknown setting") << lessonText(",\n \"depth\": 3")
                                         << "demo.json:15: runs[1].settings.depth: unknown setting";
        QTest::newRow("shared setting")
            << QByteArray(lessonText()).replace("\"width\": 8", "\"width\": -8")
            << "demo.json:9: settings.width: ";
        QTest::newRow("repeated key")
            << lessonText(",\n \"encoding\": \"none\"")
            << "demo.json:15: runs[1].settings.encoding: given more than once";
        QTest::newRow("unknown metric")
            << lessonText({}, "\"{loss(a)}\"")
            << "demo.json:17: measured[0]: unknown measurement \"loss\"";
        QTest::newRow("unknown run")
            << lessonText({}, "\"{train_loss(c)}\"")
            << "demo.json:17: measured[0]: train_loss(c): no run has the id";
        QTest::newRow("arguments") << lessonText({}, "\"{accuracy_at(a)}\"")
                                   << "demo.json:17: measured[0]: accuracy_at takes 2 argument(s)";
        QTest::newRow("syntax") << lessonText({}, "\"{train_loss(a) +}\"")
                                << "demo.json:17: measured[0]: the expression ends too soon";
        QTest::newRow("format") << lessonText({}, "\"{train_loss(a):x}\"")
                                << "demo.json:17: measured[0]: \"{train_loss(a):x}\": the format";
        QTest::newRow("brace") << lessonText({}, "\"a } b\"")
                               << "demo.json:17: measured[0]: a \"{\" or \"}\" does not enclose";
        QTest::newRow("version")
            << QByteArray(lessonText()).replace("\"version\": 1", "\"version\": 2")
            << "demo.json:3: version: version 2 is not read by this PE Lab";
        QTest::newRow("format key") << QByteArray(lessonText()).replace("pelab-lesson", "x")
                                    << "demo.json:2: format: not a lesson file";
        QTest::newRow("check")
            << QByteArray(lessonText()).replace("val_loss(b) < 2 *", "val_loss(b) +")
            << "demo.json:18: effects[0].check: \"val_loss(b) + val_loss(a)\" "
               "compares nothing";
        QTest::newRow("unknown key") << QByteArray(lessonText()).replace("\"title\"", "\"titel\"")
                                     << "demo.json:1: \"title\" is missing";
    }
    void refusesWithTheLineAndTheReason()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const LessonLoadResult result = parseLesson(text, QStringLiteral("demo.json"));
        QVERIFY(!result.lesson);
        QVERIFY2(result.errors.join('\n').contains(expected), qPrintable(result.errors.join('\n')));
    }

    void expressionsFollowPrecedence()
    {
        QString error;
        const auto e = LessonExpression::parse(QStringLiteral("1 + 2 * 3 - -4 / (1 + 1)"), &error);
        QVERIFY2(e, qPrintable(error));
        QCOMPARE(*e->evaluate({}), 9.0);
        const auto call =
            LessonExpression::parse(QStringLiteral("accuracy_at(post-ln, 32) * 2"), &error);
        QVERIFY2(call, qPrintable(error));
        QCOMPARE(call->calls().size(), std::size_t(1));
        QCOMPARE(call->calls()[0].text(), QStringLiteral("accuracy_at(post-ln, 32)"));
        // A value a run lacks makes the whole expression unmeasured, not zero.
        QVERIFY(!call->evaluate([](const MetricCall &) { return std::nullopt; }));
        QCOMPARE(*call->evaluate([](const MetricCall &) { return 0.25; }), 0.5);
        QVERIFY(!LessonExpression::parse(QStringLiteral("1 / 0"), &error)->evaluate({}));
        QVERIFY(!LessonExpression::parse(QStringLiteral("(1 + 2"), &error));
        QVERIFY(error.contains(QStringLiteral("\")\" is missing")));
    }

    void numbersAreWrittenForReading()
    {
        QCOMPARE(formatLessonNumber(9512.4, QStringLiteral("0")), QStringLiteral("9,512"));
        QCOMPARE(formatLessonNumber(0.0625, QStringLiteral("%")), QStringLiteral("6%"));
        QCOMPARE(formatLessonNumber(2.7725887, QStringLiteral("2")), QStringLiteral("2.77"));
        QCOMPARE(formatLessonNumber(1.2e-7, QStringLiteral("e")), QStringLiteral("1.2e-07"));
        QCOMPARE(formatLessonNumber(0.98765, {}), QStringLiteral("0.988"));
        QCOMPARE(formatLessonNumber(123.456, {}), QStringLiteral("123"));
        const QString filled = fillSentence(QStringLiteral("a {train_loss(x):1} b {ln(16):2}."),
                                            [](const MetricCall &call) -> std::optional<double> {
                                                if (call.name == QLatin1String("ln"))
                                                    return std::log(16.0);
                                                return std::nullopt;
                                            });
        QCOMPARE(filled, QStringLiteral("a n/a b 2.77."));
    }

    void readmeDocumentsEveryMeasurement()
    {
        QFile readme(QStringLiteral(PELAB_SOURCE_DIR "/README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QByteArray text = readme.readAll();
        for (const LessonMetric &metric : lessonMetrics())
            QVERIFY2(text.contains("- `" + QByteArray(metric.usage) + "`: "), metric.usage);
    }

    void everyBuiltinLessonLoads()
    {
        const QDir dir(QStringLiteral(PELAB_SOURCE_DIR "/resources/lessons"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString &file : files) {
            const LessonLoadResult result = loadLessonFile(dir.filePath(file));
            QVERIFY2(result.lesson, qPrintable(result.errors.join('\n')));
            QVERIFY2(file.startsWith(QString::number(result.lesson->order) + QLatin1Char('-')),
                     qPrintable(file));
            QVERIFY(!result.lesson->effects.empty());
            QVERIFY(!result.lesson->question.isEmpty());
            QVERIFY(!result.lesson->caveat.isEmpty());
        }
        QCOMPARE(builtinLessons().size(), std::size_t(files.size()));
        QVERIFY(findLesson(QStringLiteral("1")).lesson);
        QCOMPARE(findLesson(QStringLiteral("1")).lesson->heading(),
                 QStringLiteral("Lesson 1: Vanishing gradients"));
        QCOMPARE(findLesson(QStringLiteral("vanishing-gradients")).lesson->order, 1);
        const LessonLoadResult missing = findLesson(QStringLiteral("nonesuch"));
        QVERIFY(!missing.lesson);
        QVERIFY(missing.errors.first().contains(QStringLiteral("vanishing-gradients")));
    }
};

QTEST_GUILESS_MAIN(TestLessonFile)
#include "tst_lessonfile.moc"
