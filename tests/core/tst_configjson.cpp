// SPDX-License-Identifier: MIT
#include "ConfigJson.h"

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
};

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

QTEST_GUILESS_MAIN(TestConfigJson)
#include "tst_configjson.moc"
