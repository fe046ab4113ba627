// SPDX-License-Identifier: MIT
#include "FieldHelp.h"

#include "config/ConfigFields.h"

#include <QCoreApplication>

namespace pelab {

namespace {

struct FieldText {
    const char *field;
    const char *label;
    const char *toolTip;
};

// Tooltips are rich text so Qt wraps them instead of drawing one very long line.
constexpr FieldText texts[] = {
    {"task", QT_TRANSLATE_NOOP("FieldHelp", "Target"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>What the model must output.</p><p><b>Zeros</b> is the notebook's "
                       "target: the best model simply outputs 0, so the embedding has nothing to "
                       "learn and stays close to its random start.</p><p><b>Position signal</b> "
                       "asks for the input plus sin(2&pi;t/L) at position t: the model can only "
                       "succeed by learning a different value for each position, and you can "
                       "watch the embedding turn into that sine.</p>")},
    {"samples", QT_TRANSLATE_NOOP("FieldHelp", "Samples"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>How many random sequences the dataset holds. Each epoch shows the "
                       "model every one of them once, so more samples means more steps per "
                       "epoch.</p><p>The notebook uses 1000.</p>")},
    {"seq_len", QT_TRANSLATE_NOOP("FieldHelp", "Sequence length"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>Positions per sequence (L). The positional embedding learns one "
                       "value per position, so this is also the number of rows in the "
                       "embedding views.</p><p>The notebook uses 10.</p>")},
    {"epochs", QT_TRANSLATE_NOOP("FieldHelp", "Epochs"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>Passes over the whole dataset. The loss chart marks where each one "
                       "ends.</p><p>The notebook trains 3; the position signal needs about 10 "
                       "to show its shape clearly.</p>")},
    {"batch_size", QT_TRANSLATE_NOOP("FieldHelp", "Batch size"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>Sequences per training step. The loss of a step is averaged over its "
                       "batch: larger batches give fewer, steadier steps; smaller ones give "
                       "more, noisier steps.</p><p>The notebook uses 32, so an epoch of 1000 "
                       "samples has 32 steps, the last one shorter.</p>")},
    {"shuffle", QT_TRANSLATE_NOOP("FieldHelp", "Shuffle each epoch"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>Visit the samples in a new random order every epoch, as the "
                       "notebook's DataLoader(shuffle=True) does. Off: the same order every "
                       "epoch.</p>")},
    {"optimizer", QT_TRANSLATE_NOOP("FieldHelp", "Optimizer"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>How gradients become weight updates.</p><p><b>Adam</b> (the "
                       "notebook's) adapts the step size of each weight. <b>AdamW</b> is Adam "
                       "plus weight decay applied straight to the weights. <b>SGD</b> takes "
                       "plain gradient steps, with momentum.</p>")},
    {"lr", QT_TRANSLATE_NOOP("FieldHelp", "Learning rate"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>How big each update is. Too small and the loss creeps down; too "
                       "large and it jumps around or blows up.</p><p>The slider moves on a log "
                       "scale. You can change the rate while training runs: it applies from "
                       "the next step, and the loss curve shows the effect.</p><p>The notebook "
                       "uses 0.01.</p>")},
    {"momentum", QT_TRANSLATE_NOOP("FieldHelp", "Momentum"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>SGD only. How much of the previous update carries into the next "
                       "one: 0 is none, 0.9 is a lot. It speeds up progress along directions "
                       "the gradient keeps pointing to.</p>")},
    {"weight_decay", QT_TRANSLATE_NOOP("FieldHelp", "Weight decay"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>AdamW: shrinks every weight a little towards 0 at each step, which "
                       "keeps weights small (0.01 unless set). Adam and SGD use none by "
                       "default, as PyTorch does; a config file can give them one (added to "
                       "the gradient).</p>")},
    {"seed", QT_TRANSLATE_NOOP("FieldHelp", "Random seed"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>The starting point of every random draw: the dataset, the initial "
                       "embedding and linear layer, and the shuffling order. The same seed "
                       "always gives exactly the same run, the same as PyTorch's with "
                       "torch.manual_seed(seed).</p>")},
    {"threads", QT_TRANSLATE_NOOP("FieldHelp", "Threads"),
     QT_TRANSLATE_NOOP("FieldHelp",
                       "<p>CPU threads for each step's math. The notebook's tensors are tiny, "
                       "so 1 is fastest; more threads only pay off with large batches or long "
                       "sequences.</p>")},
};

const FieldText *find(const QString &field)
{
    for (const FieldText &text : texts)
        if (field == QLatin1String(text.field))
            return &text;
    return nullptr;
}

} // namespace

QString fieldLabel(const QString &field)
{
    const FieldText *text = find(field);
    if (text)
        return QCoreApplication::translate("FieldHelp", text->label);
    // Fields without a hand-written label read as their key: "val_samples" -> "Val samples".
    QString label = field;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    return label;
}

QString fieldToolTip(const QString &field)
{
    const FieldText *text = find(field);
    if (text)
        return QCoreApplication::translate("FieldHelp", text->toolTip);
    // Otherwise the declaration's one-line help, with what it applies to.
    const FieldSpec *spec = findField(field);
    if (!spec)
        return {};
    QString tip = QStringLiteral("<p>%1.</p>").arg(QString::fromUtf8(spec->help).toHtmlEscaped());
    if (*spec->appliesWhen)
        tip += QStringLiteral("<p>%1.</p>").arg(QString::fromUtf8(spec->appliesWhen));
    return tip;
}

} // namespace pelab
