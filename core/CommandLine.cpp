// SPDX-License-Identifier: MIT
#include "CommandLine.h"

#include "ConfigJson.h"
#include "Presets.h"
#include "PythonFloat.h"
#include "config/ConfigFields.h"
#include "figures/FigureKind.h"

#include <QHash>
#include <QRegularExpression>

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
    command.config = config;
    if (!errors.isEmpty())
        command.mode = CommandLine::Mode::Error;
    return command;
}

QString helpText()
{
    return QStringLiteral(
               "PE Lab %1: watch a learnable positional encoding train.\n"
               "\n"
               "Usage:\n"
               "  pelab [--preset NAME] [--config FILE] [--autorun] [--vary FIELD=V1,...]\n"
               "        [--screenshot FILE.png] [--quit-when-done]   open the window\n"
               "  pelab train [options]                              train headless (see pelab "
               "train --help)\n"
               "  pelab lesson NAME|FILE [--seed N] [--out DIR]      run a lesson headless "
               "(see\n"
               "                                                     pelab lesson --help)\n"
               "  pelab --help | --version\n"
               "\n"
               "Window options:\n"
               "  --lesson NAME|FILE  open a lesson (built in, or a lesson file) in its panel\n"
               "  --preset NAME       load a preset: seed (the notebook's setup), "
               "position-signal\n"
               "                      or copy-attention (a 2-layer transformer)\n"
               "  --config FILE       load a config.json instead of a preset\n"
               "  --autorun           start training as soon as the window opens\n"
               "  --screenshot FILE   after training, save the whole window as a PNG\n"
               "  --quit-when-done    exit when training ends (with --autorun or --vary)\n"
               "  --vary FIELD=V1,... race the settings with FIELD at each value as the window\n"
               "                      opens (e.g. --vary encoding=learned,rope,alibi; see\n"
               "                      pelab train --help)\n")
        .arg(QStringLiteral(PELAB_VERSION));
}

QString lessonHelpText()
{
    return QStringLiteral(
        "Usage: pelab lesson NAME|FILE [--seed N] [--out DIR [--figures LIST]] [--quiet]\n"
        "       pelab lesson --list\n"
        "\n"
        "Runs a guided lesson without a window: trains its runs side by side (one per core,\n"
        "one thread each), prints each run's epoch lines, then the lesson's sentences with\n"
        "the numbers this run measured, and whether each effect the lesson states appeared.\n"
        "NAME is a built-in lesson (--list names them); FILE a lesson file (JSON, see\n"
        "README).\n"
        "\n"
        "  --list                 name the built-in lessons, one per line\n"
        "  --seed N               train every run with seed N instead of the lesson's (the\n"
        "                         effect should not depend on it)\n"
        "  --out DIR              write each run's files (as pelab train --out) to\n"
        "                         DIR/<run>/, the comparison CSVs to DIR/comparison/ and\n"
        "                         the measured sentences to DIR/lesson.txt\n"
        "  --figures LIST         also write the comparison's figures (png, svg, pdf)\n"
        "  --quiet                print only the measured sentences and effects\n"
        "\n"
        "Exit status: as pelab train (see pelab train --help), and 6 when the runs trained\n"
        "but an effect the lesson states did not appear in their numbers.\n");
}

QString trainHelpText()
{
    QString text = QStringLiteral(
        "Usage: pelab train [options]\n"
        "\n"
        "Trains a model of PE Lab's family without a window and prints one line per epoch,\n"
        "as the seed notebook does (Epoch N, Loss: X), then one JSON line per evaluation\n"
        "length. The defaults are the notebook's model: width 1, no attention layers, a\n"
        "learned positional encoding, the zeros target.\n"
        "\n"
        "  --config FILE          start from a config.json (flags below override it)\n");
    for (const QString &group : configGroups()) {
        text += QLatin1Char('\n') + group + QStringLiteral(":\n");
        for (const FieldSpec &field : configFields()) {
            if (group != QLatin1String(field.group))
                continue;
            QString name = QLatin1String(field.flag);
            if (field.kind != FieldKind::Bool)
                name += QLatin1Char(' ') + field.metavar();
            QString help = QLatin1String(field.help);
            if (field.kind == FieldKind::Choice)
                help +=
                    QStringLiteral(" (default %1)").arg(field.format(field.get(TrainingConfig())));
            else if (field.kind == FieldKind::Integer ||
                     (field.kind == FieldKind::Real && !field.nullable))
                help +=
                    QStringLiteral(" (default %1)").arg(field.format(field.get(TrainingConfig())));
            if (*field.appliesWhen)
                help += QStringLiteral("; %1").arg(QLatin1String(field.appliesWhen));
            // Wrap the help at 80 columns, aligned after the flag.
            const QString indent(25, QLatin1Char(' '));
            QString line = QStringLiteral("  ") + name.leftJustified(22) + QLatin1Char(' ');
            if (name.size() > 22)
                line = QStringLiteral("  ") + name + QLatin1Char('\n') + indent;
            int column = line.size() - line.lastIndexOf(QLatin1Char('\n')) - 1;
            for (const QString &word : help.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (column + word.size() + 1 > 92 && column > indent.size()) {
                    line += QLatin1Char('\n') + indent;
                    column = indent.size();
                } else if (column > indent.size()) {
                    line += QLatin1Char(' ');
                    ++column;
                }
                line += word;
                column += word.size();
            }
            text += line + QLatin1Char('\n');
        }
    }
    text += QStringLiteral(
        "\n"
        "Output:\n"
        "  --out DIR              write the run's files to DIR (created if missing):\n"
        "                         loss.csv (epoch, step, loss); validation.csv,\n"
        "                         extrapolation.csv, grad_norms.csv, entropy.csv, rank.csv\n"
        "                         and attention.npy (attention layers); state_dict.pt (the\n"
        "                         model's parameters for load_state_dict); the learned or\n"
        "                         sinusoidal table as embeddings.csv, .npy, .pt and .json;\n"
        "                         config.json (for --config); reproduce.py and\n"
        "                         reproduce.ipynb (rerun it in PyTorch, same output)\n"
        "  --figures LIST         also write the figures to --out DIR in each format of\n"
        "                         LIST (png, svg, pdf; e.g. png,svg,pdf): loss,\n"
        "                         embeddings, similarity, and profile when d = 1\n"
        "  --dump FILE            write every loss, validation and extrapolation figure and\n"
        "                         the final parameters as JSON, as the specification's\n"
        "                         family.py --dump does\n"
        "  --quiet                print nothing while training\n"
        "  --bench N              time N training steps on one batch (after 10 warm-up\n"
        "                         steps) and print ms/step; trains nothing else\n"
        "\n"
        "Comparison:\n"
        "  --vary FIELD=V1,V2,... train one run per value, side by side (one per core, one\n"
        "                         thread each), all else equal: e.g. --vary\n"
        "                         encoding=learned,sinusoidal,none,rope,alibi or --vary\n"
        "                         seed=0..4. FIELD is a config key; switches take\n"
        "                         true,false. Lines are prefixed with the run's name. With\n"
        "                         --out DIR: DIR/<run>/ holds each run's files (as --out),\n"
        "                         DIR/comparison/ one CSV per measurement with a run\n"
        "                         column, summary.csv, and with --figures the overlaid\n"
        "                         charts. DIR must be new, empty or from the same --vary\n"
        "\n"
        "Exit status: 0 trained, 1 the loss diverged (NaN or infinite), 2 invalid input,\n"
        "3 trained but the loss grew a hundredfold or more, 4 an output could not be\n"
        "written, 5 training stopped on an error, 130/143 stopped by Ctrl+C/SIGTERM\n"
        "(nothing written). With --vary, the most serious of the runs' codes (a run that\n"
        "diverged is written too, marked in summary.csv).\n");
    return text;
}

} // namespace pelab
