// SPDX-License-Identifier: MIT
// The texts of pelab --help, pelab train --help and pelab lesson --help.
#include "CommandLine.h"

#include "config/ConfigFields.h"

namespace pelab {

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
        "Schedule:\n"
        "  --lr-at STEP=LR        from step STEP on (counting from 1), train at learning\n"
        "                         rate LR; repeatable (e.g. --lr-at 100=0.001 --lr-at\n"
        "                         200=0.0001). config.json keeps --lr, lr_schedule.csv\n"
        "                         lists the changes and reproduce.py replays them\n"
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
        "3 trained but the loss grew a hundredfold or more or the optimizer's state\n"
        "overflowed, 4 an output could not be written, 5 training stopped on an error,\n"
        "130/143 stopped by Ctrl+C/SIGTERM\n"
        "(nothing written). With --vary, the most serious of the runs' codes (a run that\n"
        "diverged is written too, marked in summary.csv).\n");
    return text;
}

} // namespace pelab
