// SPDX-License-Identifier: MIT
#include "ConfigJson.h"
#include "config/ConfigFields.h"

#include "CoreTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace pelab;

class TestConfigJson : public QObject {
    Q_OBJECT
private slots:
    void roundTrip();
    void missingKeysKeepTheSeedDefaults();
    void errors_data();
    void errors();
    void collectsEveryError();
    void unreadableFile();
    void devicesAndHugeFilesAreRefused();
    void versionTwoRoundTripOfEveryField();
    void versionOneWeightDecayAppliedOnlyToAdamW_data();
    void versionOneWeightDecayAppliedOnlyToAdamW();
    void versionOneWithoutVersionKeyTreatsWeightDecayAlike();
    void sectionErrors_data();
    void sectionErrors();
    void configTooLargeForMemoryStillLoads();
};

namespace {} // namespace

void TestConfigJson::roundTrip()
{
    TrainingConfig config;
    config.samples = 123;
    config.seqLen = 17;
    config.batchSize = 7;
    config.shuffle = false;
    config.epochs = 9;
    config.optimizer = OptimizerKind::Sgd;
    config.learningRate = 0.1 + 0.2; // not a short decimal: must still round-trip exactly
    config.momentum = 0.5;
    config.weightDecay = 0.003;
    config.seed = limits::maxSeed;
    config.task = TaskKind::PositionSignal;
    config.threads = 2;
    const ConfigLoadResult loaded = configFromJsonBytes(configToJsonBytes(config), "test.json");
    QVERIFY2(loaded.errors.isEmpty(), qPrintable(loaded.errors.join('\n')));
    QVERIFY(loaded.config.has_value());
    QVERIFY(*loaded.config == config);
}

void TestConfigJson::missingKeysKeepTheSeedDefaults()
{
    const ConfigLoadResult loaded = configFromJsonBytes(R"({"epochs": 5})", "partial.json");
    QVERIFY(loaded.errors.isEmpty());
    TrainingConfig expected;
    expected.epochs = 5;
    QVERIFY(*loaded.config == expected);
}

void TestConfigJson::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected"); // a fragment of the single error
    QTest::newRow("malformed") << QByteArray("{\"epochs\": 3,\n  \"lr\": }") << "line 2";
    QTest::newRow("not an object") << QByteArray("[1, 2]") << "expected a JSON object";
    QTest::newRow("unknown key") << QByteArray(R"({"epoch": 3})") << "unknown key \"epoch\"";
    QTest::newRow("string for a number") << QByteArray(R"({"epochs": "three"})")
                                         << "\"epochs\" must be a whole number, not \"three\"";
    QTest::newRow("fraction for an integer")
        << QByteArray(R"({"batch_size": 2.5})") << "\"batch_size\" must be a whole number, not 2.5";
    QTest::newRow("bool as string")
        << QByteArray(R"({"shuffle": "yes"})") << "\"shuffle\" must be true or false";
    QTest::newRow("unknown optimizer")
        << QByteArray(R"({"optimizer": "rmsprop"})") << "\"optimizer\" must be one of \"adam\"";
    QTest::newRow("unknown task") << QByteArray(R"({"task": 1})")
                                  << "\"task\" must be one of \"zeros\"";
    QTest::newRow("lr as string") << QByteArray(R"({"lr": "0.01"})") << "\"lr\" must be a number";
    QTest::newRow("invalid value") << QByteArray(R"({"batch_size": 0})")
                                   << "batch_size: 0 is not allowed; use a whole number from 1";
    QTest::newRow("future version") << QByteArray(R"({"version": 3})") << "\"version\" is 3";
    QTest::newRow("repeated key") << QByteArray(R"({"lr": 0.5, "epochs": 2, "lr": 0.001})")
                                  << "\"lr\" is given more than once";
    QTest::newRow("beyond 2^53") << QByteArray(R"({"seed": 9007199254740993})")
                                 << "\"seed\" is far out of range";
    QTest::newRow("huge number") << QByteArray(R"({"samples": 1e300})")
                                 << "\"samples\" is far out of range";
}

void TestConfigJson::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const ConfigLoadResult loaded = configFromJsonBytes(json, "cfg.json");
    QVERIFY(!loaded.config.has_value());
    QCOMPARE(loaded.errors.size(), 1);
    QVERIFY2(loaded.errors.front().startsWith("cfg.json: "), qPrintable(loaded.errors.front()));
    QVERIFY2(loaded.errors.front().contains(expected), qPrintable(loaded.errors.front()));
}

void TestConfigJson::collectsEveryError()
{
    const ConfigLoadResult loaded =
        configFromJsonBytes(R"({"epochs": "x", "lr": true, "colour": "red"})", "c.json");
    QCOMPARE(loaded.errors.size(), 3);
    QVERIFY(!loaded.config.has_value());
}

void TestConfigJson::devicesAndHugeFilesAreRefused()
{
    // Reading /dev/zero would never end; a pipe would block.
    const ConfigLoadResult device = loadConfigFile("/dev/zero");
    QCOMPARE(device.errors.size(), 1);
    QVERIFY(device.errors.front().contains("not a regular file"));

    QTemporaryDir dir;
    QFile big(dir.filePath("big.json"));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(QByteArray(2 << 20, ' '));
    big.close();
    const ConfigLoadResult huge = loadConfigFile(big.fileName());
    QCOMPARE(huge.errors.size(), 1);
    QVERIFY(huge.errors.front().contains("too large for a config file"));
}

void TestConfigJson::unreadableFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("missing.json");
    const ConfigLoadResult loaded = loadConfigFile(path);
    QCOMPARE(loaded.errors.size(), 1);
    QVERIFY(loaded.errors.front().startsWith(path));
    QVERIFY(loaded.errors.front().contains("cannot read"));
}

void TestConfigJson::versionTwoRoundTripOfEveryField()
{
    const TrainingConfig config = test::everyFieldChanged();
    QStringList keys;
    for (const FieldSpec &f : configFields())
        keys << QLatin1String(f.key);
    // Every field differs from its default, so a field lost on the way shows.
    QCOMPARE(changedFields(TrainingConfig(), config), keys);

    const QByteArray bytes = configToJsonBytes(config);
    const QJsonObject written = QJsonDocument::fromJson(bytes).object();
    QCOMPARE(written.value("version").toInt(), 2);
    // Each field sits in its declared section, and nowhere else.
    QStringList top = written.keys();
    top.sort();
    QCOMPARE(top, (QStringList{"data", "model", "optimizer", "run", "version"}));
    for (const FieldSpec &f : configFields()) {
        for (const QString section : {"data", "model", "optimizer", "run"}) {
            const bool here = written.value(section).toObject().contains(QLatin1String(f.key));
            QVERIFY2(here == (section == sectionKey(f.section)),
                     qPrintable(QStringLiteral("%1 in %2").arg(f.key, section)));
        }
        QVERIFY2(written.value(sectionKey(f.section)).toObject().value(f.key) == f.get(config),
                 f.key);
    }

    const ConfigLoadResult loaded = configFromJsonBytes(bytes, "v2.json");
    QVERIFY2(loaded.errors.isEmpty(), qPrintable(loaded.errors.join('\n')));
    QVERIFY(loaded.config.has_value());
    QVERIFY2(*loaded.config == config,
             qPrintable(changedFields(config, *loaded.config).join(", ")));
    // Unset weight decay (PyTorch's default) survives as null, not as a number.
    TrainingConfig unset = config;
    unset.weightDecay.reset();
    const ConfigLoadResult nulled = configFromJsonBytes(configToJsonBytes(unset), "v2.json");
    QVERIFY(nulled.config.has_value());
    QVERIFY(!nulled.config->weightDecay.has_value());
}

void TestConfigJson::versionOneWeightDecayAppliedOnlyToAdamW_data()
{
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<bool>("kept");
    // Version 1 wrote weight_decay for every optimizer but trained only AdamW with it.
    QTest::newRow("adam") << "adam" << false;
    QTest::newRow("sgd") << "sgd" << false;
    QTest::newRow("adamw") << "adamw" << true;
}

void TestConfigJson::versionOneWeightDecayAppliedOnlyToAdamW()
{
    QFETCH(QString, optimizer);
    QFETCH(bool, kept);
    // A file as version 1 wrote it: flat, every key present.
    const QByteArray json = QStringLiteral(R"({"version": 1, "samples": 200, "seq_len": 12,
        "batch_size": 16, "shuffle": true, "epochs": 2, "optimizer": "%1", "lr": 0.02,
        "momentum": 0.8, "weight_decay": 0.5, "seed": 3, "task": "position-signal",
        "threads": 1})")
                                .arg(optimizer)
                                .toUtf8();
    const ConfigLoadResult loaded = configFromJsonBytes(json, "v1.json");
    QVERIFY2(loaded.errors.isEmpty(), qPrintable(loaded.errors.join('\n')));
    QVERIFY(loaded.config.has_value());
    const TrainingConfig &c = *loaded.config;
    QCOMPARE(optimizerName(c.optimizer), optimizer);
    if (kept) {
        QVERIFY(c.weightDecay.has_value());
        QCOMPARE(*c.weightDecay, 0.5);
        QCOMPARE(c.effectiveWeightDecay(), 0.5);
    } else {
        QVERIFY2(!c.weightDecay.has_value(), "a v1 weight decay must not apply to adam or sgd");
        QCOMPARE(c.effectiveWeightDecay(), 0.0);
    }
    QCOMPARE(c.samples, 200);
    QCOMPARE(c.seqLen, 12);
    QCOMPARE(c.batchSize, 16);
    QCOMPARE(c.learningRate, 0.02);
    QCOMPARE(c.momentum, 0.8);
    QCOMPARE(c.seed, 3);
    QCOMPARE(c.task, TaskKind::PositionSignal);
    // Written back as version 2, it loads as the same run.
    const ConfigLoadResult again = configFromJsonBytes(configToJsonBytes(c), "v2.json");
    QVERIFY(again.config.has_value());
    QVERIFY(*again.config == c);
}

void TestConfigJson::versionOneWithoutVersionKeyTreatsWeightDecayAlike()
{
    // Version 1 read a file without "version" as version 1 (the default), and this PE Lab
    // reads a flat file without "version" as version 1 too. The old PE Lab trained
    // {"optimizer": "adam", "weight_decay": 0.5} with no weight decay; the same file must
    // not start training Adam with decay 0.5 now, and must load as it does with
    // "version": 1 written out.
    const ConfigLoadResult withVersion = configFromJsonBytes(
        R"({"version": 1, "optimizer": "adam", "weight_decay": 0.5})", "v1.json");
    const ConfigLoadResult without =
        configFromJsonBytes(R"({"optimizer": "adam", "weight_decay": 0.5})", "flat.json");
    QVERIFY(withVersion.config.has_value());
    QVERIFY(without.config.has_value());
    QVERIFY(!withVersion.config->weightDecay.has_value());
    QVERIFY(*without.config == *withVersion.config);
}

void TestConfigJson::sectionErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected"); // fragments of the single error
    for (const FieldSpec &f : configFields()) {
        // Each key in a section other than its own names the section it belongs in.
        const QString own = sectionKey(f.section);
        const QString wrong = own == "model" ? QStringLiteral("data") : QStringLiteral("model");
        QJsonObject section{{QLatin1String(f.key), f.get(TrainingConfig())}};
        const QJsonObject object{{"version", 2}, {wrong, section}};
        QTest::addRow("%s in %s", f.key, qPrintable(wrong))
            << QJsonDocument(object).toJson()
            << QStringList{QStringLiteral("\"%1\" belongs in the \"%2\" section").arg(f.key, own),
                           QStringLiteral("not \"%1\"").arg(wrong)};
    }
    QTest::newRow("flat key in a v2 file")
        << QByteArray(R"({"version": 2, "lr": 0.1})")
        << QStringList{"\"lr\" belongs in the \"optimizer\" section"};
    QTest::newRow("flat key next to a section")
        << QByteArray(R"({"model": {"width": 4}, "epochs": 2})")
        << QStringList{"\"epochs\" belongs in the \"optimizer\" section"};
    QTest::newRow("unknown key in a section")
        << QByteArray(R"({"version": 2, "model": {"colour": "red"}})")
        << QStringList{"unknown key \"colour\"", "\"model\""};
    QTest::newRow("unknown section")
        << QByteArray(R"({"version": 2, "training": {"epochs": 2}})")
        << QStringList{"unknown key \"training\"", "data, model, optimizer, run"};
    QTest::newRow("repeated key in a section")
        << QByteArray(R"({"version": 2, "optimizer": {"lr": 0.01, "epochs": 2, "lr": 5}})")
        << QStringList{"\"lr\" is given more than once"};
    QTest::newRow("repeated key with a JSON escape")
        << QByteArray(R"({"version": 2, "optimizer": {"lr": 0.01, "l\u0072": 5}})")
        << QStringList{"\"lr\" is given more than once"};
    QTest::newRow("repeated key, escape first")
        << QByteArray(R"({"version": 2, "model": {"\u0077idth": 4, "width": 8}})")
        << QStringList{"\"width\" is given more than once"};
    QTest::newRow("repeated section")
        << QByteArray(R"({"version": 2, "run": {"seed": 1}, "run": {"threads": 2}})")
        << QStringList{"\"run\" is given more than once"};
    QTest::newRow("section not an object")
        << QByteArray(R"({"version": 2, "model": 3})") << QStringList{"\"model\" must be"};
    QTest::newRow("version 3") << QByteArray(R"({"version": 3, "model": {"width": 4}})")
                               << QStringList{"\"version\" is 3", "may come from a newer PE Lab"};
    QTest::newRow("version 3, flat")
        << QByteArray(R"({"version": 3, "epochs": 2})")
        << QStringList{"\"version\" is 3", "may come from a newer PE Lab"};
    QTest::newRow("wrong type in a section")
        << QByteArray(R"({"version": 2, "model": {"layers": "two"}})")
        << QStringList{"\"layers\" must be a whole number, not \"two\""};
    QTest::newRow("rule between sections")
        << QByteArray(R"({"version": 2, "model": {"layers": 1, "width": 10, "heads": 3}})")
        << QStringList{"heads: 3 with width 10 is not allowed", "divide the width"};
}

void TestConfigJson::sectionErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);
    const ConfigLoadResult loaded = configFromJsonBytes(json, "cfg.json");
    QVERIFY(!loaded.config.has_value());
    QCOMPARE(loaded.errors.size(), 1);
    const QString error = loaded.errors.front();
    QVERIFY2(error.startsWith("cfg.json: "), qPrintable(error));
    for (const QString &fragment : expected)
        QVERIFY2(error.contains(fragment), qPrintable(error));
}

void TestConfigJson::configTooLargeForMemoryStillLoads()
{
    // Whether a run fits is a fact of the machine that runs it: checked at run start, so a
    // config from a bigger machine still opens (and can be edited down).
    const QByteArray json = R"({"version": 2,
        "data": {"seq_len": 4096},
        "model": {"layers": 24, "width": 512},
        "optimizer": {"batch_size": 1000000}})";
    const ConfigLoadResult loaded = configFromJsonBytes(json, "big.json");
    QVERIFY2(loaded.errors.isEmpty(), qPrintable(loaded.errors.join('\n')));
    QVERIFY(loaded.config.has_value());
    QCOMPARE(loaded.config->layers, 24);
    QCOMPARE(loaded.config->width, 512);
    QCOMPARE(loaded.config->seqLen, 4096);
    QCOMPARE(loaded.config->batchSize, 1000000);
    // It is too large for this machine (and any other): the run start refuses it.
    QVERIFY(loaded.config->estimatedBytes() > memoryBudgetBytes());
    QVERIFY(loaded.config->memoryIssue().has_value());

    QTemporaryDir dir;
    QFile file(dir.filePath("big.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    const ConfigLoadResult fromFile = loadConfigFile(file.fileName());
    QVERIFY2(fromFile.errors.isEmpty(), qPrintable(fromFile.errors.join('\n')));
    QVERIFY(fromFile.config.has_value());
}

QTEST_GUILESS_MAIN(TestConfigJson)
#include "tst_configjson.moc"
