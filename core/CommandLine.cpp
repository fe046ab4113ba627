// SPDX-License-Identifier: MIT
#include "CommandLine.h"

#include "ConfigJson.h"
#include "Presets.h"
#include "PythonFloat.h"
#include "figures/FigureKind.h"

#include <QHash>
#include <QRegularExpression>

#include <functional>

namespace pelab {

namespace {

// The flag that sets each config field, so validation messages name what the user typed.
QString flagForField(const QString &field)
{
    static const QHash<QString, QString> flags = {
        {QStringLiteral("samples"), QStringLiteral("--samples")},
        {QStringLiteral("seq_len"), QStringLiteral("--seq-len")},
        {QStringLiteral("batch_size"), QStringLiteral("--batch-size")},
        {QStringLiteral("epochs"), QStringLiteral("--epochs")},
        {QStringLiteral("lr"), QStringLiteral("--lr")},
        {QStringLiteral("momentum"), QStringLiteral("--momentum")},
        {QStringLiteral("weight_decay"), QStringLiteral("--weight-decay")},
        {QStringLiteral("seed"), QStringLiteral("--seed")},
        {QStringLiteral("threads"), QStringLiteral("--threads")},
    };
    return flags.value(field, field);
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

bool readInteger(ArgumentReader &reader, const QString &flag, std::int64_t *out,
                 QStringList &errors)
{
    const auto text = reader.value(flag, errors);
    if (!text)
        return false;
    bool ok = false;
    *out = text->trimmed().toLongLong(&ok);
    static const QRegularExpression digits(QStringLiteral("^\\s*[+-]?\\d+\\s*$"));
    if (!ok && digits.match(*text).hasMatch())
        errors << QStringLiteral("%1: %2 is far out of range; see pelab train --help for the "
                                 "allowed values")
                      .arg(flag, text->trimmed());
    else if (!ok)
        errors << QStringLiteral("%1: \"%2\" is not a whole number").arg(flag, *text);
    return ok;
}

bool readReal(ArgumentReader &reader, const QString &flag, double *out, QStringList &errors)
{
    const auto text = reader.value(flag, errors);
    if (!text)
        return false;
    bool outOfRange = false;
    if (parseDouble(*text, out, &outOfRange))
        return true;
    if (outOfRange)
        errors << QStringLiteral("%1: %2 is beyond what a number can hold; see pelab train "
                                 "--help for the allowed values")
                      .arg(flag, text->trimmed());
    else
        errors << QStringLiteral("%1: \"%2\" is not a number (write it like 0.01 or 1e-3)")
                      .arg(flag, *text);
    return false;
}

template <typename T> struct FieldFlag {
    const char *flag;
    T TrainingConfig::*member;
};

constexpr FieldFlag<std::int64_t> integerFlags[] = {
    {"--seed", &TrainingConfig::seed},      {"--samples", &TrainingConfig::samples},
    {"--seq-len", &TrainingConfig::seqLen}, {"--batch-size", &TrainingConfig::batchSize},
    {"--epochs", &TrainingConfig::epochs},  {"--threads", &TrainingConfig::threads},
};
constexpr FieldFlag<double> realFlags[] = {
    {"--lr", &TrainingConfig::learningRate},
    {"--momentum", &TrainingConfig::momentum},
    {"--weight-decay", &TrainingConfig::weightDecay},
};

template <typename T, std::size_t N>
const FieldFlag<T> *findFlag(const FieldFlag<T> (&table)[N], const QString &flag)
{
    for (const auto &entry : table)
        if (flag == QLatin1String(entry.flag))
            return &entry;
    return nullptr;
}

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
    }

    ArgumentReader reader(rest);
    std::optional<QString> configFile;
    // Flags override the config file whatever their order, so they are applied after it.
    std::vector<std::function<void(TrainingConfig &)>> overrides;
    const bool train = command.mode == CommandLine::Mode::Train;

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
        if (flag == QLatin1String("--config")) {
            if (auto value = reader.value(flag, errors))
                configFile = *value;
        } else if (train && flag == QLatin1String("--out")) {
            if (auto value = reader.value(flag, errors)) {
                if (value->trimmed().isEmpty())
                    errors << QStringLiteral("--out: the folder name is empty; give a folder, "
                                             "e.g. --out run1");
                command.outDir = *value;
            }
        } else if (train && flag == QLatin1String("--figures")) {
            if (auto value = reader.value(flag, errors))
                readFigureFormats(*value, &command.figureFormats, errors);
        } else if (const auto *entry = train ? findFlag(integerFlags, flag) : nullptr) {
            std::int64_t value = 0;
            if (readInteger(reader, flag, &value, errors))
                overrides.push_back(
                    [entry, value](TrainingConfig &c) { c.*entry->member = value; });
        } else if (const auto *entry = train ? findFlag(realFlags, flag) : nullptr) {
            double value = 0;
            if (readReal(reader, flag, &value, errors))
                overrides.push_back(
                    [entry, value](TrainingConfig &c) { c.*entry->member = value; });
        } else if (train && flag == QLatin1String("--optimizer")) {
            if (auto value = reader.value(flag, errors)) {
                if (auto kind = optimizerFromName(*value))
                    overrides.push_back([kind](TrainingConfig &c) { c.optimizer = *kind; });
                else
                    errors << QStringLiteral("--optimizer: \"%1\" is not allowed; use adam, "
                                             "adamw or sgd")
                                  .arg(*value);
            }
        } else if (train && flag == QLatin1String("--task")) {
            if (auto value = reader.value(flag, errors)) {
                if (auto kind = taskFromName(*value))
                    overrides.push_back([kind](TrainingConfig &c) { c.task = *kind; });
                else
                    errors << QStringLiteral("--task: \"%1\" is not allowed; use zeros or "
                                             "position-signal")
                                  .arg(*value);
            }
        } else if (train && flag == QLatin1String("--no-shuffle")) {
            if (reader.hasInlineValue())
                errors << QStringLiteral("--no-shuffle takes no value");
            overrides.push_back([](TrainingConfig &c) { c.shuffle = false; });
        } else if (!train && flag == QLatin1String("--preset")) {
            if (auto value = reader.value(flag, errors)) {
                if (findPreset(*value))
                    command.preset = *value;
                else
                    errors << QStringLiteral("--preset: \"%1\" is not allowed; use seed or "
                                             "position-signal")
                                  .arg(*value);
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
            errors << QStringLiteral("unexpected argument \"%1\"; the only command is "
                                     "\"train\" (see pelab --help)")
                          .arg(flag);
        }
    }

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
    // Fields whose flag did not parse keep a valid value, so this adds only real problems.
    if (train)
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
               "  pelab [--preset seed|position-signal] [--config FILE] [--autorun]\n"
               "        [--screenshot FILE.png] [--quit-when-done]   open the window\n"
               "  pelab train [options]                              train headless (see pelab "
               "train --help)\n"
               "  pelab --help | --version\n"
               "\n"
               "Window options:\n"
               "  --preset NAME       load a preset: seed (the notebook's setup) or "
               "position-signal\n"
               "  --config FILE       load a config.json instead of a preset\n"
               "  --autorun           start training as soon as the window opens\n"
               "  --screenshot FILE   after training, save the whole window as a PNG\n"
               "  --quit-when-done    exit when training ends (with --autorun)\n")
        .arg(QStringLiteral(PELAB_VERSION));
}

QString trainHelpText()
{
    return QStringLiteral(
        "Usage: pelab train [options]\n"
        "\n"
        "Trains the seed notebook's model without a window and prints one line per epoch,\n"
        "exactly as the notebook does: Epoch N, Loss: X\n"
        "\n"
        "Options (defaults are the notebook's):\n"
        "  --config FILE          start from a config.json (flags below override it)\n"
        "  --seed N               random seed, 0 to 2^53-1 (default 0)\n"
        "  --samples N            random sequences in the dataset (default 1000)\n"
        "  --seq-len N            sequence length L (default 10)\n"
        "  --batch-size N         batch size (default 32)\n"
        "  --epochs N             passes over the dataset (default 3)\n"
        "  --optimizer NAME       adam, adamw or sgd (default adam)\n"
        "  --lr X                 learning rate, > 0 (default 0.01)\n"
        "  --momentum X           SGD momentum, 0 <= X < 1 (default 0.9)\n"
        "  --weight-decay X       AdamW weight decay, 0 <= X < 1 (default 0.01)\n"
        "  --task NAME            zeros (the notebook's target) or position-signal\n"
        "                         (target = input + sin(2*pi*t/L)) (default zeros)\n"
        "  --no-shuffle           keep the dataset's order\n"
        "  --threads N            intra-op threads (default 1, fastest for the seed)\n"
        "  --out DIR              write the run's files to DIR (created if missing):\n"
        "                         loss.csv (epoch, step, loss); the learned embedding as\n"
        "                         embeddings.csv, .npy (numpy.load), .pt (torch.load) and\n"
        "                         .json; config.json (for --config); reproduce.py and\n"
        "                         reproduce.ipynb (rerun it in PyTorch, same output)\n"
        "  --figures LIST         also write the figures to --out DIR in each format of\n"
        "                         LIST (png, svg, pdf; e.g. png,svg,pdf): loss,\n"
        "                         embeddings, similarity, and profile when d = 1\n"
        "\n"
        "Exit status: 0 trained, 1 training diverged, 2 invalid input.\n");
}

} // namespace pelab
