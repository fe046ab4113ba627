// SPDX-License-Identifier: MIT
// The field declarations (core/config/ConfigFields): every field's JSON get/set and CLI
// parse/format round trips, its range checks at and just beyond each end, and the flags
// against the Python reference (resources/python/pelab_family.py), so that `pelab train`
// takes every flag of the spec under the same name and the flags trainFlags() writes mean
// the same config to Python.
#include "CoreTestSupport.h"
#include "TestSupport.h"
#include "TrainingSession.h"
#include "config/ConfigFields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include <cfloat>
#include <cmath>

using namespace pelab;

Q_DECLARE_METATYPE(pelab::TrainingConfig)

namespace {

// The Python script's flags that are output options, not hyperparameters; and --lr-at, the
// learning rates set during a run, which config.json does not hold (pelab train takes it).
const QStringList pythonOutputFlags{"--dump", "--quiet",      "--bench", "--batch",
                                    "--help", "--grad-norms", "--lr-at"};

QString fieldName(const FieldSpec &field)
{
    return QString::fromLatin1(field.key);
}

bool realInRange(const FieldSpec &f, double v)
{
    if (!std::isfinite(v))
        return false;
    if (f.minimumExclusive ? v <= f.minimum : v < f.minimum)
        return false;
    return f.maximumExclusive ? v < f.maximum : v <= f.maximum;
}

// A value of `field` that differs from the default and is in the declared range, chosen from
// the declaration alone (so a new field is covered without editing this test).
QJsonValue nonDefaultValue(const FieldSpec &field)
{
    const QJsonValue current = field.get(TrainingConfig());
    switch (field.kind) {
    case FieldKind::Integer: {
        const double v = current.toDouble();
        return QJsonValue(qint64(v + 1 <= field.maximum ? v + 1 : v - 1));
    }
    case FieldKind::Real: {
        // Not a short decimal, so the round trips must keep every bit.
        for (double candidate : {0.1 + 0.2, 0.7 + 0.1, 1.0 / 3.0, field.minimum + 1e-3}) {
            if (realInRange(field, candidate) && QJsonValue(candidate) != current)
                return QJsonValue(candidate);
        }
        return QJsonValue();
    }
    case FieldKind::Bool:
        return QJsonValue(!current.toBool());
    case FieldKind::Choice:
        for (const QString &choice : field.choices)
            if (choice != current.toString())
                return QJsonValue(choice);
        return QJsonValue();
    case FieldKind::IntegerList: {
        QJsonArray items{qint64(field.minimum + 1), qint64(field.maximum)};
        return items == current.toArray() ? QJsonValue(QJsonArray{qint64(field.minimum)})
                                          : QJsonValue(items);
    }
    }
    return QJsonValue();
}

QStringList flagsInPythonHelp()
{
    const auto help = test::runProcess(
        test::torchPython(), {test::sourcePath("resources/python/pelab_family.py"), "--help"});
    if (help.exitCode != 0)
        return {};
    // argparse's option lines: "  --seq-len SEQ_LEN", "  -h, --help ...", "  --causal".
    static const QRegularExpression option(QStringLiteral("^  (?:-\\w, )?(--[a-z][a-z0-9-]*)"));
    QStringList flags;
    for (const QString &line : QString::fromUtf8(help.out).split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch match = option.match(line);
        if (match.hasMatch())
            flags << match.captured(1);
    }
    return flags;
}

} // namespace

class TestConfigFields : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void declarationsAreComplete();
    void jsonGetSetRoundTrip();
    void parseFormatRoundTrip();
    void checkAcceptsTheEndsAndRefusesJustBeyond();
    void everyFieldChangedIsValidAndDiffersEverywhere();
    void pythonHasEveryFlagAndPelabEveryPythonFlag();
    void pelabTrainHelpListsEveryFlag();
    void trainFlagsRoundTrip_data();
    void trainFlagsRoundTrip();
    void trainFlagsMeanTheSameToPython();
    void fieldsThatDoNotApplyChangeNothing_data();
    void fieldsThatDoNotApplyChangeNothing();

private:
    QList<std::pair<QString, TrainingConfig>> flagConfigs() const;
    QStringList m_pythonFlags; // empty when the reference does not run here
};

void TestConfigFields::initTestCase()
{
    // The script imports torch first: its --help runs only where the reference can.
    m_pythonFlags = flagsInPythonHelp();
}

void TestConfigFields::declarationsAreComplete()
{
    QSet<QString> keys;
    QSet<QString> flags;
    for (const FieldSpec &f : configFields()) {
        const QString key = fieldName(f);
        QVERIFY2(!keys.contains(key), qPrintable("repeated key " + key));
        QVERIFY2(!flags.contains(QLatin1String(f.flag)), qPrintable("repeated flag " + key));
        keys.insert(key);
        flags.insert(QLatin1String(f.flag));
        QVERIFY2(QString::fromLatin1(f.flag).startsWith("--"), f.flag);
        QVERIFY2(configGroups().contains(QLatin1String(f.group)), f.key);
        QVERIFY2(*f.help, f.key);
        QVERIFY2(f.get && f.set && f.applies, f.key);
        QCOMPARE(findField(key), &f);
        QCOMPARE(findFieldByFlag(QLatin1String(f.flag)), &f);
        // The default is a valid value of the field.
        QVERIFY2(!f.check(f.get(TrainingConfig())), f.key);
        if (f.kind == FieldKind::Bool) // the flag changes the default
            QCOMPARE(f.get(TrainingConfig()).toBool(), !f.flagSets);
    }
    QVERIFY(!findField("no_such_field"));
    QVERIFY(!findFieldByFlag("--no-such-flag"));
}

void TestConfigFields::jsonGetSetRoundTrip()
{
    for (const FieldSpec &f : configFields()) {
        const QJsonValue value = nonDefaultValue(f);
        QVERIFY2(!value.isUndefined() && !value.isNull(), f.key);
        QVERIFY2(!f.check(value), f.key);
        TrainingConfig config;
        f.set(config, value);
        QVERIFY2(f.get(config) == value, qPrintable(fieldName(f) + ": set " + f.format(value) +
                                                    ", got " + f.format(f.get(config))));
        // Setting one field changes that field and nothing else.
        QCOMPARE(changedFields(TrainingConfig(), config), QStringList{fieldName(f)});
        // And setting the default back restores the default config.
        f.set(config, f.get(TrainingConfig()));
        QVERIFY2(config == TrainingConfig(), f.key);
        if (f.nullable) {
            f.set(config, value);
            f.set(config, QJsonValue(QJsonValue::Null));
            QVERIFY2(f.get(config).isNull(), f.key);
            QVERIFY2(config == TrainingConfig(), f.key);
        }
    }
}

void TestConfigFields::parseFormatRoundTrip()
{
    for (const FieldSpec &f : configFields()) {
        if (f.kind == FieldKind::Bool) { // a switch: its flag has no value
            QCOMPARE(f.format(QJsonValue(true)), QStringLiteral("true"));
            QCOMPARE(f.format(QJsonValue(false)), QStringLiteral("false"));
            QString error;
            QVERIFY2(!f.parse("true", &error), f.key);
            continue;
        }
        QVERIFY2(!f.metavar().isEmpty(), f.key);
        for (const QJsonValue &value : {nonDefaultValue(f), f.get(TrainingConfig())}) {
            const QString text = f.format(value);
            QString error;
            const std::optional<QJsonValue> parsed = f.parse(text, &error);
            QVERIFY2(parsed.has_value(), qPrintable(fieldName(f) + " \"" + text + "\": " + error));
            QVERIFY2(*parsed == value,
                     qPrintable(fieldName(f) + " \"" + text + "\" read as " + f.format(*parsed)));
            // A parsed value sets the field to what was formatted.
            TrainingConfig fromText;
            TrainingConfig fromValue;
            f.set(fromText, *parsed);
            f.set(fromValue, value);
            QVERIFY2(fromText == fromValue, f.key);
        }
        QString error;
        if (f.kind != FieldKind::Choice) {
            QVERIFY2(!f.parse("twelve", &error), f.key);
            QVERIFY2(error.contains("twelve"), qPrintable(error));
        } else {
            QVERIFY2(!f.parse("no-such-choice", &error), f.key);
            QVERIFY2(error.contains(f.allowed()), qPrintable(error));
        }
    }
}

void TestConfigFields::checkAcceptsTheEndsAndRefusesJustBeyond()
{
    const auto accepts = [](const FieldSpec &f, const QJsonValue &v) {
        const auto issue = f.check(v);
        if (issue)
            qWarning("%s refused %s: %s", f.key, qPrintable(f.format(v)),
                     qPrintable(issue->message()));
        return !issue.has_value();
    };
    const auto refuses = [](const FieldSpec &f, const QJsonValue &v) {
        const auto issue = f.check(v);
        if (!issue) {
            qWarning("%s accepted %s", f.key, qPrintable(f.format(v)));
            return false;
        }
        // The issue names the field and says what is allowed.
        return issue->field == fieldName(f) && issue->allowed.contains(f.allowed()) &&
               !issue->value.isEmpty();
    };
    for (const FieldSpec &f : configFields()) {
        switch (f.kind) {
        case FieldKind::Integer:
            QVERIFY(accepts(f, qint64(f.minimum)));
            QVERIFY(accepts(f, qint64(f.maximum)));
            QVERIFY(refuses(f, qint64(f.minimum) - 1));
            QVERIFY(refuses(f, qint64(f.maximum) + 1));
            QVERIFY2(f.allowed().contains(QString::number(qint64(f.minimum))) &&
                         f.allowed().contains(QString::number(qint64(f.maximum))),
                     qPrintable(f.allowed()));
            break;
        case FieldKind::IntegerList:
            QVERIFY(accepts(f, QJsonArray{qint64(f.minimum)}));
            QVERIFY(accepts(f, QJsonArray{qint64(f.maximum)}));
            QVERIFY(accepts(f, QJsonArray{}));
            QVERIFY(refuses(f, QJsonArray{qint64(f.minimum) - 1}));
            QVERIFY(refuses(f, QJsonArray{qint64(f.maximum) + 1}));
            QVERIFY(refuses(f, QJsonArray{qint64(f.minimum), qint64(f.maximum) + 1}));
            break;
        case FieldKind::Real: {
            const double below = std::nextafter(f.minimum, -HUGE_VAL);
            const double above = std::nextafter(f.minimum, HUGE_VAL);
            if (f.minimumExclusive) {
                QVERIFY(refuses(f, f.minimum));
                QVERIFY(accepts(f, above));
            } else {
                QVERIFY(accepts(f, f.minimum));
                QVERIFY(refuses(f, below));
            }
            if (std::isinf(f.maximum)) {
                QVERIFY(f.maximumExclusive); // a number must be finite
                QVERIFY(accepts(f, DBL_MAX));
            } else if (f.maximumExclusive) {
                QVERIFY(refuses(f, f.maximum));
                QVERIFY(accepts(f, std::nextafter(f.maximum, -HUGE_VAL)));
            } else {
                QVERIFY(accepts(f, f.maximum));
                QVERIFY(refuses(f, std::nextafter(f.maximum, HUGE_VAL)));
            }
            // Not finite is never allowed. (QJsonValue keeps an infinity as a double.)
            QVERIFY(f.check(QJsonValue(HUGE_VAL)).has_value());
            QVERIFY(f.check(QJsonValue(-HUGE_VAL)).has_value());
            if (f.nullable)
                QVERIFY(accepts(f, QJsonValue(QJsonValue::Null)));
            break;
        }
        case FieldKind::Choice:
            QVERIFY2(f.choices.size() >= 2, f.key);
            for (const QString &choice : f.choices)
                QVERIFY(accepts(f, choice));
            QVERIFY(refuses(f, QStringLiteral("no-such-choice")));
            QVERIFY(refuses(f, f.choices.first().toUpper()));
            break;
        case FieldKind::Bool:
            QVERIFY(accepts(f, true));
            QVERIFY(accepts(f, false));
            break;
        }
    }
}

void TestConfigFields::everyFieldChangedIsValidAndDiffersEverywhere()
{
    const TrainingConfig config = test::everyFieldChanged();
    for (const ConfigIssue &issue : config.validate())
        QFAIL(qPrintable(issue.message()));
    QStringList keys;
    for (const FieldSpec &f : configFields())
        keys << fieldName(f);
    // A field added to TrainingConfig without a non-default value here fails this.
    QCOMPARE(changedFields(TrainingConfig(), config), keys);
}

void TestConfigFields::pythonHasEveryFlagAndPelabEveryPythonFlag()
{
    if (m_pythonFlags.isEmpty())
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    const QStringList &python = m_pythonFlags;
    QVERIFY2(python.size() > 20, qPrintable(python.join(' ')));
    for (const QString &output : pythonOutputFlags)
        QVERIFY2(python.contains(output), qPrintable(output));
    // Every hyperparameter flag of the spec is a declared field under the same name ...
    for (const QString &flag : python) {
        if (pythonOutputFlags.contains(flag))
            continue;
        QVERIFY2(findFieldByFlag(flag), qPrintable("pelab has no field for the spec's " + flag));
    }
    // ... and every declared field is a flag of the spec.
    for (const FieldSpec &f : configFields())
        QVERIFY2(python.contains(QLatin1String(f.flag)),
                 qPrintable(QStringLiteral("%1 is not a flag of pelab_family.py").arg(f.flag)));
}

void TestConfigFields::pelabTrainHelpListsEveryFlag()
{
    const auto help = test::runProcess(test::pelabBinary(), {"train", "--help"});
    QCOMPARE(help.exitCode, 0);
    const QString text = QString::fromUtf8(help.out);
    for (const FieldSpec &f : configFields()) {
        const QString flag = QLatin1String(f.flag);
        const QRegularExpression listed(
            QStringLiteral("^  %1(\\s|$)").arg(QRegularExpression::escape(flag)),
            QRegularExpression::MultilineOption);
        QVERIFY2(listed.match(text).hasMatch(), qPrintable(flag + " is not in --help"));
    }
    for (const char *output : {"--out", "--figures", "--dump", "--quiet", "--bench"})
        QVERIFY2(text.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(output))), output);
}

QList<std::pair<QString, TrainingConfig>> TestConfigFields::flagConfigs() const
{
    QList<std::pair<QString, TrainingConfig>> configs;
    configs.append({"defaults", TrainingConfig()});
    TrainingConfig flipped;
    for (const FieldSpec &f : configFields())
        if (f.kind == FieldKind::Bool)
            f.set(flipped, QJsonValue(!f.get(flipped).toBool()));
    flipped.layers = 1; // the switches that need layers have them
    flipped.width = 4;
    configs.append({"every switch flipped", flipped});
    TrainingConfig lists;
    lists.evalLengths = {16, 32, 64};
    lists.weightDecay = 0.5;
    configs.append({"eval lengths and adam weight decay", lists});
    TrainingConfig adamw;
    adamw.optimizer = OptimizerKind::AdamW;
    adamw.weightDecay = 0.0; // set, and not AdamW's default
    adamw.learningRate = 0.1 + 0.2;
    configs.append({"adamw weight decay 0", adamw});
    TrainingConfig sgd;
    sgd.optimizer = OptimizerKind::Sgd;
    sgd.momentum = 0.0;
    sgd.weightDecay = 1e-05;
    sgd.seed = limits::maxSeed;
    configs.append({"sgd, momentum 0, tiny decay, largest seed", sgd});
    configs.append({"every field changed", test::everyFieldChanged()});
    for (const FieldSpec &f : configFields()) {
        TrainingConfig c;
        f.set(c, nonDefaultValue(f));
        if (c.isValid())
            configs.append({QStringLiteral("only %1").arg(f.key), c});
    }
    return configs;
}

void TestConfigFields::trainFlagsRoundTrip_data()
{
    QTest::addColumn<TrainingConfig>("config");
    for (const auto &[name, config] : flagConfigs())
        QTest::newRow(qPrintable(name)) << config;
}

void TestConfigFields::trainFlagsRoundTrip()
{
    QFETCH(TrainingConfig, config);
    const QStringList flags = trainFlags(config);
    QString error;
    const std::optional<TrainingConfig> back = test::parseTrainFlags(flags, &error);
    QVERIFY2(back.has_value(), qPrintable(error));
    QVERIFY2(*back == config, qPrintable(flags.join(' ') + " gives a different config: " +
                                         changedFields(config, *back).join(", ")));
    // Only fields that differ from the defaults appear.
    QStringList flagged;
    for (const QString &flag : flags)
        if (const FieldSpec *f = findFieldByFlag(flag))
            flagged << QLatin1String(f->key);
    QCOMPARE(flagged, changedFields(TrainingConfig(), config));
}

void TestConfigFields::trainFlagsMeanTheSameToPython()
{
    if (m_pythonFlags.isEmpty())
        QSKIP("needs " PELAB_PYTHON " with torch (python3-torch)");
    const QList<std::pair<QString, TrainingConfig>> configs = flagConfigs();
    QJsonArray argvs;
    for (const auto &[name, config] : configs)
        argvs.append(QJsonArray::fromStringList(trainFlags(config)));
    // The reference's own parser reads each flag list; vars() of its namespace comes back.
    const char *script = R"(
import json, sys
sys.path.insert(0, sys.argv[1])
import pelab_family
out = []
for argv in json.load(sys.stdin):
    try:
        out.append(vars(pelab_family.parse(argv)))
    except SystemExit:
        out.append({"error": " ".join(argv)})
json.dump(out, sys.stdout)
)";
    const auto result =
        test::runProcess(test::torchPython(), {"-c", script, test::sourcePath("resources/python")},
                         QJsonDocument(argvs).toJson(QJsonDocument::Compact));
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonArray parsed = QJsonDocument::fromJson(result.out).array();
    QCOMPARE(parsed.size(), configs.size());
    for (qsizetype i = 0; i < configs.size(); ++i) {
        const auto &[name, config] = configs[i];
        const QJsonObject python = parsed[i].toObject();
        QVERIFY2(!python.contains("error"),
                 qPrintable(name + ": pelab_family.py refused " + trainFlags(config).join(' ')));
        for (const FieldSpec &f : configFields()) {
            // argparse's attribute: the flag without "--", dashes as underscores.
            const QString attribute =
                QString::fromLatin1(f.flag).mid(2).replace(QLatin1Char('-'), QLatin1Char('_'));
            QVERIFY2(python.contains(attribute), qPrintable(attribute));
            const QJsonValue theirs = python.value(attribute);
            const QJsonValue ours = f.get(config);
            const QJsonValue expected =
                f.kind == FieldKind::Bool ? QJsonValue(ours.toBool() == f.flagSets) : ours;
            QVERIFY2(theirs == expected,
                     qPrintable(QStringLiteral("%1, %2: pelab %3, Python %4")
                                    .arg(name, attribute, f.format(expected),
                                         QString::fromUtf8(QJsonDocument(QJsonArray{theirs})
                                                               .toJson(QJsonDocument::Compact)))));
        }
    }
}

void TestConfigFields::fieldsThatDoNotApplyChangeNothing_data()
{
    QTest::addColumn<TrainingConfig>("config");
    TrainingConfig seed; // regression, no layers: the attention and token fields do not apply
    seed.epochs = 1;
    seed.samples = 200;
    QTest::newRow("the seed") << seed;
    TrainingConfig tokens;
    tokens.task = TaskKind::Reverse;
    tokens.layers = 1;
    tokens.width = 8;
    tokens.encoding = EncodingKind::Sinusoidal;
    tokens.samples = 64;
    tokens.epochs = 1;
    QTest::newRow("tokens, sinusoidal, 1 layer") << tokens;
    TrainingConfig sgd = tokens;
    sgd.optimizer = OptimizerKind::Sgd;
    sgd.encoding = EncodingKind::Learned;
    sgd.task = TaskKind::PositionSignal;
    sgd.valSamples = 16;
    QTest::newRow("regression, sgd, validation") << sgd;
}

void TestConfigFields::fieldsThatDoNotApplyChangeNothing()
{
    // applies() tells the window which fields to hide: a field that does not apply must not
    // change a single number of the run.
    QFETCH(TrainingConfig, config);
    const TrainingConfig &base = config;
    const auto train = [](const TrainingConfig &config) {
        TrainingSession session(config);
        QStringList numbers;
        while (!session.isFinished()) {
            const StepResult step = session.step();
            numbers << QString::number(step.loss, 'g', 17);
            if (step.validation)
                numbers << QString::number(step.validation->loss, 'g', 17);
        }
        for (const NamedArray &entry : session.stateDict())
            for (double v : entry.array.values)
                numbers << QString::number(v, 'g', 17);
        return numbers;
    };
    const QStringList reference = train(base);
    int tried = 0;
    for (const FieldSpec &f : configFields()) {
        if (f.applies(base))
            continue;
        QVERIFY2(*f.appliesWhen, f.key); // the window says why it is hidden
        TrainingConfig changed = base;
        f.set(changed, nonDefaultValue(f));
        QVERIFY2(changed != base && changed.isValid(), f.key);
        QVERIFY2(!f.applies(changed) || f.kind == FieldKind::Bool, f.key);
        QVERIFY2(train(changed) == reference,
                 qPrintable(QStringLiteral("%1 does not apply (%2) but changes the run")
                                .arg(f.key, f.appliesWhen)));
        ++tried;
    }
    QVERIFY(tried >= 2);
}

QTEST_GUILESS_MAIN(TestConfigFields)
#include "tst_configfields.moc"
