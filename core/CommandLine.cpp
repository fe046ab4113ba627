// SPDX-License-Identifier: MIT
#include "CommandLine.h"

#include "ConfigJson.h"
#include "Presets.h"
#include "PythonFloat.h"
#include "config/ConfigFields.h"
#include "figures/FigureKind.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <functional>

namespace pelab {

namespace {

// The flag that sets each config field, so validation messages name what the user typed.
QString flagForField(const QString &field)
{
    const FieldSpec *spec = findField(field);
    return spec ? QLatin1String(spec->flag) : field;
}

class ArgumentReader {
public:
    explicit ArgumentReader(const QStringList &arguments)
        : m_arguments(arguments)
    {}

    bool atEnd() const { return m_index >= m_arguments.size(); }

    // Splits "--flag=value"; the value, if any, is taken by value().
    QString nextFlag()
    {
        QString argument = m_arguments[m_index++];
        m_inlineValue.reset();
        const int equals = argument.indexOf(QLatin1Char('='));
        if (argument.startsWith(QLatin1String("--")) && equals > 0) {
            m_inlineValue = argument.mid(equals + 1);
            argument.truncate(equals);
        }
        return argument;
    }

    bool hasInlineValue() const { return m_inlineValue.has_value(); }

    std::optional<QString> value(const QString &flag, QStringList &errors)
    {
        if (m_inlineValue)
            return std::exchange(m_inlineValue, std::nullopt);
        if (atEnd() || m_arguments[m_index].startsWith(QLatin1String("--"))) {
            errors << QStringLiteral("%1 needs a value").arg(flag);
            return std::nullopt;
        }
        return m_arguments[m_index++];
    }

private:
    const QStringList &m_arguments;
    int m_index = 0;
    std::optional<QString> m_inlineValue;
};

// "png,svg,pdf" (any case, in any order) into figureFormats.
void readFigureFormats(const QString &value, QStringList *formats, QStringList &errors)
{
    const QStringList names = value.split(QLatin1Char(','));
    for (const QString &name : names) {
        const auto format = figureFormatFromName(name);
        if (!format) {
            errors << QStringLiteral("--figures: \"%1\" is not allowed; use png, svg or pdf, "
                                     "comma-separated (e.g. --figures png,svg,pdf)")
                          .arg(name.trimmed());
            continue;
        }
        if (!formats->contains(figureFormatName(*format)))
            formats->append(figureFormatName(*format));
    }
}

} // namespace

CommandLine parseCommandLine(const QStringList &arguments)
{
    CommandLine command;
    QStringList &errors = command.errors;
    QStringList rest = arguments;
    if (!rest.isEmpty() && rest.first() == QLatin1String("train")) {
        command.mode = CommandLine::Mode::Train;
        rest.removeFirst();
    } else if (!rest.isEmpty() && rest.first() == QLatin1String("lesson")) {
        command.mode = CommandLine::Mode::Lesson;
        rest.removeFirst();
    }
    const bool lesson = command.mode == CommandLine::Mode::Lesson;

    ArgumentReader reader(rest);
    std::optional<QString> configFile;
    // Flags override the config file whatever their order, so they are applied after it.
    std::vector<std::function<void(TrainingConfig &)>> overrides;
    // The output flags are train's and lesson's.
    const bool train = command.mode == CommandLine::Mode::Train;
    const bool headless = train || lesson;

    while (!reader.atEnd()) {
        const QString flag = reader.nextFlag();
        if (flag == QLatin1String("--help") || flag == QLatin1String("-h")) {
            command.mode = CommandLine::Mode::Help;
            return command;
        }
        if (flag == QLatin1String("--version")) {
            command.mode = CommandLine::Mode::Version;
            return command;
        }
        if (!lesson && flag == QLatin1String("--config")) {
            if (auto value = reader.value(flag, errors))
                configFile = *value;
        } else if (headless && flag == QLatin1String("--out")) {
            if (auto value = reader.value(flag, errors)) {
                if (value->trimmed().isEmpty())
                    errors << QStringLiteral("--out: the folder name is empty; give a folder, "
                                             "e.g. --out run1");
                command.outDir = *value;
            }
        } else if (train && flag == QLatin1String("--dump")) {
            if (auto value = reader.value(flag, errors)) {
                if (value->trimmed().isEmpty())
                    errors << QStringLiteral("--dump: the file name is empty; give a file, e.g. "
                                             "--dump run.json");
                command.dumpFile = *value;
            }
        } else if (headless && flag == QLatin1String("--quiet")) {
            if (reader.hasInlineValue())
                errors << QStringLiteral("--quiet takes no value");
            command.quiet = true;
        } else if (train && flag == QLatin1String("--bench")) {
            if (auto value = reader.value(flag, errors)) {
                bool ok = false;
                command.benchSteps = value->trimmed().toLongLong(&ok);
                if (!ok || command.benchSteps < 1 || command.benchSteps > 1'000'000)
                    errors << QStringLiteral("--bench: \"%1\" is not allowed; use a whole number "
                                             "of steps from 1 to 1000000")
                                  .arg(*value);
            }
        } else if (train && flag == QLatin1String("--lr-at")) {
            if (auto value = reader.value(flag, errors)) {
                QString error;
                if (const auto change = parseLearningRateChange(*value, &error))
                    command.learningRateChanges.push_back(*change);
                else
                    errors << QStringLiteral("--lr-at: ") + error;
            }
        } else if (!lesson && flag == QLatin1String("--vary")) {
            if (auto value = reader.value(flag, errors)) {
                QString error;
                if (command.variation)
                    errors << QStringLiteral("--vary is given twice; vary one setting at a time");
                else if (auto variation = parseVariation(*value, &error))
                    command.variation = std::move(variation);
                else
                    errors << QStringLiteral("--vary: ") + error;
            }
        } else if (headless && flag == QLatin1String("--figures")) {
            if (auto value = reader.value(flag, errors))
                readFigureFormats(*value, &command.figureFormats, errors);
        } else if (lesson && flag == QLatin1String("--seed")) {
            if (auto value = reader.value(flag, errors)) {
                bool ok = false;
                const qlonglong seed = value->trimmed().toLongLong(&ok);
                if (!ok || seed < 0 || seed > (qlonglong(1) << 53))
                    errors << QStringLiteral("--seed: \"%1\" is not allowed; use a whole number "
                                             "from 0 to 2^53")
                                  .arg(*value);
                else
                    command.lessonSeed = seed;
            }
        } else if (lesson && flag == QLatin1String("--list")) {
            command.listLessons = true;
        } else if (lesson && !flag.startsWith(QLatin1Char('-'))) {
            if (!command.lesson.isEmpty())
                errors << QStringLiteral("unexpected argument \"%1\": give one lesson, a name "
                                         "or a file (pelab lesson --list names them)")
                              .arg(flag);
            command.lesson = flag;
        } else if (!train && !lesson && flag == QLatin1String("--lesson")) {
            if (auto value = reader.value(flag, errors))
                command.lesson = *value;
        } else if (const FieldSpec *field = train ? findFieldByFlag(flag) : nullptr) {
            if (field->kind == FieldKind::Bool) {
                if (reader.hasInlineValue())
                    errors << QStringLiteral("%1 takes no value").arg(flag);
                const QJsonValue value(field->flagSets);
                overrides.push_back([field, value](TrainingConfig &c) { field->set(c, value); });
            } else if (auto text = reader.value(flag, errors)) {
                QString error;
                if (const auto value = field->parse(*text, &error))
                    overrides.push_back(
                        [field, value](TrainingConfig &c) { field->set(c, *value); });
                else
                    errors << flag + QStringLiteral(": ") + error;
            }
        } else if (lesson) {
            errors << QStringLiteral("unknown option %1; see pelab lesson --help").arg(flag);
        } else if (!train && flag == QLatin1String("--preset")) {
            if (auto value = reader.value(flag, errors)) {
                if (findPreset(*value))
                    command.preset = *value;
                else
                    errors << QStringLiteral("--preset: \"%1\" is not allowed; use %2")
                                  .arg(*value, presetIdList());
            }
        } else if (!train && flag == QLatin1String("--autorun")) {
            command.autorun = true;
        } else if (!train && flag == QLatin1String("--quit-when-done")) {
            command.quitWhenDone = true;
        } else if (!train && flag == QLatin1String("--screenshot")) {
            if (auto value = reader.value(flag, errors)) {
                if (!value->endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
                    errors << QStringLiteral("--screenshot: \"%1\" is not allowed; give a file "
                                             "name ending in .png")
                                  .arg(*value);
                command.screenshot = *value;
            }
        } else if (flag.startsWith(QLatin1Char('-'))) {
            errors << QStringLiteral("unknown option %1; see pelab %2--help")
                          .arg(flag, train ? QStringLiteral("train ") : QString());
        } else {
            errors << QStringLiteral("unexpected argument \"%1\"; the commands are \"train\" "
                                     "and \"lesson\" (see pelab --help)")
                          .arg(flag);
        }
    }

    if (lesson && command.lesson.isEmpty() && !command.listLessons)
        errors << QStringLiteral("lesson: give a lesson's name or file (pelab lesson --list "
                                 "names them)");
    if (lesson && command.listLessons && !command.lesson.isEmpty())
        errors << QStringLiteral("--list names the lessons: give it alone, without \"%1\"")
                      .arg(command.lesson);
    if (!command.figureFormats.isEmpty() && command.outDir.isEmpty())
        errors << QStringLiteral("--figures needs --out DIR: the figures are written into "
                                 "that folder");

    TrainingConfig config;
    if (configFile) {
        const ConfigLoadResult loaded = loadConfigFile(*configFile);
        errors << loaded.errors;
        if (loaded.config)
            config = *loaded.config;
        if (!train)
            command.configFile = *configFile;
    }
    for (const auto &apply : overrides)
        apply(config);
    if (command.variation) {
        if (!command.dumpFile.isEmpty() || command.benchSteps > 0)
            errors << QStringLiteral("--vary trains several runs: it cannot be combined with "
                                     "%1, which describes one")
                          .arg(command.benchSteps > 0 ? QStringLiteral("--bench")
                                                      : QStringLiteral("--dump"));
        // Each variant is validated whole: the base alone may be invalid (e.g. heads 3 at
        // width 32, while the variants set the width). The window varies its preset or file.
        const Preset *preset =
            findPreset(command.preset.isEmpty() ? QStringLiteral("seed") : command.preset);
        const TrainingConfig base = train || configFile ? config : preset->config;
        variantConfigs(base, *command.variation, &errors);
    }
    // Fields whose flag did not parse keep a valid value, so this adds only real problems.
    else if (train)
        for (const ConfigIssue &issue : config.validate())
            errors << QStringLiteral("%1: %2 is not allowed; %3")
                          .arg(flagForField(issue.field), issue.value, issue.allowed);
    if (!command.learningRateChanges.empty()) {
        auto &changes = command.learningRateChanges;
        std::stable_sort(changes.begin(), changes.end(),
                         [](const auto &a, const auto &b) { return a.step < b.step; });
        if (command.variation || command.benchSteps > 0)
            errors << QStringLiteral("--lr-at changes one run's learning rate: it cannot be "
                                     "combined with %1")
                          .arg(command.variation ? QStringLiteral("--vary")
                                                 : QStringLiteral("--bench"));
        else if (config.isValid())
            errors << learningRateScheduleProblems(changes, config.totalSteps());
    }
    command.config = config;
    if (!errors.isEmpty())
        command.mode = CommandLine::Mode::Error;
    return command;
}

} // namespace pelab
