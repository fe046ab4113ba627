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
                       "watch the embedding turn into that sine.</p><p>The token tasks need "
                       "attention layers: <b>shift</b> copies the token k places back (purely "
                       "relative), <b>reverse</b> needs absolute position, <b>sort</b> needs "
                       "content and rank, <b>count</b> needs no position at all, and "
                       "<b>markov</b> predicts the next token of a fixed random chain.</p>")},
    {"vocab", QT_TRANSLATE_NOOP("FieldHelp", "Vocabulary"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Token tasks: how many different symbols a sequence "
                                    "draws from (0 to vocabulary-1). Guessing gives a loss of "
                                    "ln(vocabulary).</p>")},
    {"shift", QT_TRANSLATE_NOOP("FieldHelp", "Shift k"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Shift task: the answer at position t is the token at "
                                    "t-k. Below the sequence length.</p>")},
    {"val_samples", QT_TRANSLATE_NOOP("FieldHelp", "Validation samples"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Held-out sequences the model never trains on, drawn "
                                    "from their own random stream. The gap between their loss "
                                    "and the training loss shows overfitting. 0: none.</p>")},
    {"eval_lengths", QT_TRANSLATE_NOOP("FieldHelp", "Test lengths"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Longer sequence lengths to test at the end of training "
                                    "(comma-separated, each at least the sequence length): "
                                    "which encodings still work at positions never seen in "
                                    "training?</p>")},
    {"eval_samples", QT_TRANSLATE_NOOP("FieldHelp", "Test samples"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Sequences tested at each test length.</p>")},
    {"eval_every", QT_TRANSLATE_NOOP("FieldHelp", "Validate every"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Steps between validations; 0 validates at the end of "
                                    "each epoch.</p>")},
    {"width", QT_TRANSLATE_NOOP("FieldHelp", "Width"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Numbers per position inside the model (d). The "
                                    "notebook's model has width 1.</p>")},
    {"layers", QT_TRANSLATE_NOOP("FieldHelp", "Layers"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Self-attention blocks stacked on top of each other. 0 "
                                    "is the notebook's model: no attention, each position on "
                                    "its own.</p>")},
    {"heads", QT_TRANSLATE_NOOP("FieldHelp", "Heads"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Attention heads per layer; each looks at the sequence "
                                    "in its own way. Must divide the width.</p>")},
    {"mlp_ratio", QT_TRANSLATE_NOOP("FieldHelp", "MLP ratio"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Width of each block's feed-forward layer as a multiple "
                                    "of the model width; 0 leaves it out.</p>")},
    {"norm", QT_TRANSLATE_NOOP("FieldHelp", "Normalisation"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Where LayerNorm sits: before each sublayer (Pre-LN, "
                                    "keeps gradients healthy in deep stacks), after the "
                                    "residual sum (Post-LN, the original Transformer), or "
                                    "nowhere.</p>")},
    {"residual", QT_TRANSLATE_NOOP("FieldHelp", "Residual connections"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Add each sublayer's input to its output. Without them "
                                    "a deep stack's first layers barely learn: their gradient "
                                    "vanishes.</p>")},
    {"dropout", QT_TRANSLATE_NOOP("FieldHelp", "Dropout"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>During training, zero this share of activations at "
                                    "random (and scale up the rest): a guard against "
                                    "memorising a small training set.</p>")},
    {"qk_gain", QT_TRANSLATE_NOOP("FieldHelp", "Query/key gain"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Scales the initial query and key weights. Large values "
                                    "start with sharp attention, which can collapse onto a few "
                                    "tokens; 1 is PyTorch's default.</p>")},
    {"causal", QT_TRANSLATE_NOOP("FieldHelp", "Causal"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>Each position attends only to itself and earlier "
                                    "positions, as a language model reads.</p>")},
    {"encoding", QT_TRANSLATE_NOOP("FieldHelp", "Encoding"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>How the model knows where a token sits. <b>Learned</b>: "
                                    "a trained table, one row per position (the notebook's). "
                                    "<b>Sinusoidal</b>: fixed waves of many frequencies. "
                                    "<b>RoPE</b> rotates queries and keys by their position; "
                                    "<b>ALiBi</b> penalises attention by distance. "
                                    "<b>None</b>: the model cannot tell positions apart.</p>")},
    {"pe_init_std", QT_TRANSLATE_NOOP("FieldHelp", "Table start scale"),
     QT_TRANSLATE_NOOP("FieldHelp", "<p>The learned table starts as random normal values times "
                                    "this. The notebook uses 1.</p>")},
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
