// SPDX-License-Identifier: MIT
#include "config/ConfigFields.h"

#include <QJsonArray>

#include <cmath>

namespace pelab {

QString sectionKey(ConfigSection section)
{
    switch (section) {
    case ConfigSection::Data:
        return QStringLiteral("data");
    case ConfigSection::Model:
        return QStringLiteral("model");
    case ConfigSection::Optimizer:
        return QStringLiteral("optimizer");
    case ConfigSection::Run:
        return QStringLiteral("run");
    }
    return {};
}

namespace {

using Member64 = std::int64_t TrainingConfig::*;
using MemberReal = double TrainingConfig::*;
using MemberBool = bool TrainingConfig::*;

FieldSpec base(const char *key, const char *flag, ConfigSection section, const char *group,
               FieldKind kind, const char *help)
{
    FieldSpec f;
    f.key = key;
    f.flag = flag;
    f.section = section;
    f.group = group;
    f.kind = kind;
    f.help = help;
    f.applies = [](const TrainingConfig &) { return true; };
    return f;
}

FieldSpec integer(const char *key, const char *flag, ConfigSection section, const char *group,
                  const char *help, Member64 member, double minimum, double maximum)
{
    FieldSpec f = base(key, flag, section, group, FieldKind::Integer, help);
    f.minimum = minimum;
    f.maximum = maximum;
    f.get = [member](const TrainingConfig &c) { return QJsonValue(qint64(c.*member)); };
    f.set = [member](TrainingConfig &c, const QJsonValue &v) {
        c.*member = std::int64_t(v.toDouble());
    };
    return f;
}

FieldSpec real(const char *key, const char *flag, ConfigSection section, const char *group,
               const char *help, MemberReal member, double minimum, double maximum)
{
    FieldSpec f = base(key, flag, section, group, FieldKind::Real, help);
    f.minimum = minimum;
    f.maximum = maximum;
    f.get = [member](const TrainingConfig &c) { return QJsonValue(c.*member); };
    f.set = [member](TrainingConfig &c, const QJsonValue &v) { c.*member = v.toDouble(); };
    return f;
}

FieldSpec boolean(const char *key, const char *flag, ConfigSection section, const char *group,
                  const char *help, MemberBool member, bool flagSets)
{
    FieldSpec f = base(key, flag, section, group, FieldKind::Bool, help);
    f.flagSets = flagSets;
    f.get = [member](const TrainingConfig &c) { return QJsonValue(c.*member); };
    f.set = [member](TrainingConfig &c, const QJsonValue &v) { c.*member = v.toBool(); };
    return f;
}

template <typename Enum>
FieldSpec choice(const char *key, const char *flag, ConfigSection section, const char *group,
                 const char *help, Enum TrainingConfig::*member, QString (*name)(Enum),
                 std::optional<Enum> (*fromName)(const QString &), std::initializer_list<Enum> all)
{
    FieldSpec f = base(key, flag, section, group, FieldKind::Choice, help);
    for (Enum e : all)
        f.choices << name(e);
    f.get = [member, name](const TrainingConfig &c) { return QJsonValue(name(c.*member)); };
    f.set = [member, fromName](TrainingConfig &c, const QJsonValue &v) {
        if (auto e = fromName(v.toString()))
            c.*member = *e;
    };
    return f;
}

bool hasLayers(const TrainingConfig &c)
{
    return c.layers > 0;
}

bool isTokenTask(const TrainingConfig &c)
{
    return !c.isRegression();
}

std::vector<FieldSpec> declare()
{
    using S = ConfigSection;
    const char *data = "Task and data";
    const char *model = "Model";
    const char *encoding = "Encoding";
    const char *attention = "Attention";
    const char *optim = "Optimizer";
    const char *training = "Training";
    const char *repro = "Reproducibility";
    std::vector<FieldSpec> f;

    f.push_back(choice("task", "--task", S::Data, data,
                       "what the model learns: zeros (the notebook's target), position-signal "
                       "(x_t + sin(2 pi t/L)), or a token task: shift, reverse, sort, count, "
                       "markov",
                       &TrainingConfig::task, taskName, taskFromName,
                       {TaskKind::Zeros, TaskKind::PositionSignal, TaskKind::Shift,
                        TaskKind::Reverse, TaskKind::Sort, TaskKind::Count, TaskKind::Markov}));
    f.push_back(integer("samples", "--samples", S::Data, data, "training sequences",
                        &TrainingConfig::samples, 1, double(limits::maxSamples)));
    f.push_back(integer("seq_len", "--seq-len", S::Data, data,
                        "sequence length L (at most 4096 with layers)", &TrainingConfig::seqLen, 1,
                        double(limits::maxSeqLen)));
    f.push_back(integer("vocab", "--vocab", S::Data, data, "token tasks: symbols 0..vocab-1",
                        &TrainingConfig::vocab, 2, double(limits::maxVocab)));
    f.back().applies = isTokenTask;
    f.back().appliesWhen = "token tasks only";
    f.push_back(integer("shift", "--shift", S::Data, data,
                        "shift task: the target is the token k steps back (k < L)",
                        &TrainingConfig::shift, 0, double(limits::maxAttentionLength)));
    f.back().applies = [](const TrainingConfig &c) { return c.task == TaskKind::Shift; };
    f.back().appliesWhen = "the shift task only";
    f.push_back(integer("val_samples", "--val-samples", S::Data, data,
                        "held-out validation sequences (0: none)", &TrainingConfig::valSamples, 0,
                        double(limits::maxEvalSamples)));
    {
        FieldSpec e = base("eval_lengths", "--eval-lengths", S::Data, data, FieldKind::IntegerList,
                           "extrapolation lengths, each >= seq_len, comma-separated (e.g. "
                           "16,32,64)");
        e.minimum = 1;
        e.maximum = double(limits::maxAttentionLength);
        e.get = [](const TrainingConfig &c) {
            QJsonArray a;
            for (auto v : c.evalLengths)
                a.append(qint64(v));
            return QJsonValue(a);
        };
        e.set = [](TrainingConfig &c, const QJsonValue &v) {
            c.evalLengths.clear();
            for (const QJsonValue &item : v.toArray())
                c.evalLengths.push_back(std::int64_t(item.toDouble()));
        };
        f.push_back(e);
    }
    f.push_back(integer("eval_samples", "--eval-samples", S::Data, data,
                        "sequences per extrapolation length", &TrainingConfig::evalSamples, 1,
                        double(limits::maxEvalSamples)));
    f.back().applies = [](const TrainingConfig &c) { return !c.evalLengths.empty(); };
    f.back().appliesWhen = "with eval_lengths";
    f.push_back(integer("eval_every", "--eval-every", S::Run, data,
                        "validate every N steps (0: at the end of each epoch)",
                        &TrainingConfig::evalEvery, 0, double(limits::maxEpochs)));
    f.back().applies = [](const TrainingConfig &c) { return c.valSamples > 0; };
    f.back().appliesWhen = "with val_samples";

    f.push_back(integer("width", "--width", S::Model, model, "model width d",
                        &TrainingConfig::width, 1, double(limits::maxWidth)));
    f.push_back(integer("layers", "--layers", S::Model, model,
                        "self-attention blocks (0: the notebook's model, no attention)",
                        &TrainingConfig::layers, 0, double(limits::maxLayers)));
    f.push_back(integer("heads", "--heads", S::Model, attention,
                        "attention heads; must divide the width", &TrainingConfig::heads, 1,
                        double(limits::maxWidth)));
    f.back().applies = hasLayers;
    f.back().appliesWhen = "with layers";
    f.push_back(integer("mlp_ratio", "--mlp-ratio", S::Model, model,
                        "MLP hidden width as a multiple of the width (0: no MLP sublayer)",
                        &TrainingConfig::mlpRatio, 0, 16));
    f.back().applies = hasLayers;
    f.back().appliesWhen = "with layers";
    f.push_back(choice("norm", "--norm", S::Model, model,
                       "LayerNorm before each sublayer (pre), after the residual sum (post), "
                       "or none",
                       &TrainingConfig::norm, normName, normFromName,
                       {NormKind::Pre, NormKind::Post, NormKind::None}));
    f.back().applies = hasLayers;
    f.back().appliesWhen = "with layers";
    f.push_back(boolean("residual", "--no-residual", S::Model, model,
                        "drop the residual connections around each sublayer",
                        &TrainingConfig::residual, false));
    f.back().applies = hasLayers;
    f.back().appliesWhen = "with layers";
    f.push_back(real("dropout", "--dropout", S::Model, model, "dropout probability, 0 <= p < 1",
                     &TrainingConfig::dropout, 0, 1));
    f.back().maximumExclusive = true;
    f.push_back(real("qk_gain", "--qk-gain", S::Model, attention,
                     "scales the initial query and key weights (sharper or gentler attention)",
                     &TrainingConfig::qkGain, 0, 1000));
    f.back().applies = hasLayers;
    f.back().appliesWhen = "with layers";
    f.push_back(boolean("causal", "--causal", S::Model, attention,
                        "each position attends only to itself and earlier ones",
                        &TrainingConfig::causal, true));
    f.back().applies = hasLayers;
    f.back().appliesWhen = "with layers";
    f.push_back(choice("encoding", "--encoding", S::Model, encoding,
                       "positional encoding: learned (the notebook's table), sinusoidal, none, "
                       "rope (rotary, in attention) or alibi (linear biases, in attention)",
                       &TrainingConfig::encoding, encodingName, encodingFromName,
                       {EncodingKind::Learned, EncodingKind::Sinusoidal, EncodingKind::None,
                        EncodingKind::Rope, EncodingKind::Alibi}));
    f.push_back(real("pe_init_std", "--pe-init-std", S::Model, encoding,
                     "learned table's initial scale: randn * std", &TrainingConfig::peInitStd, 0,
                     1000));
    f.back().applies = [](const TrainingConfig &c) { return c.encoding == EncodingKind::Learned; };
    f.back().appliesWhen = "the learned encoding only";

    f.push_back(integer("batch_size", "--batch-size", S::Optimizer, training, "batch size",
                        &TrainingConfig::batchSize, 1, double(limits::maxBatchSize)));
    f.push_back(integer("epochs", "--epochs", S::Optimizer, training,
                        "passes over the training set", &TrainingConfig::epochs, 1,
                        double(limits::maxEpochs)));
    f.push_back(boolean("shuffle", "--no-shuffle", S::Optimizer, training,
                        "keep the training set's order instead of reshuffling each epoch",
                        &TrainingConfig::shuffle, false));
    f.push_back(choice("optimizer", "--optimizer", S::Optimizer, optim,
                       "adam, adamw or sgd (torch.optim's, bit for bit)",
                       &TrainingConfig::optimizer, optimizerName, optimizerFromName,
                       {OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::Sgd}));
    f.push_back(real("lr", "--lr", S::Optimizer, optim,
                     "learning rate, > 0 (can change during a run)", &TrainingConfig::learningRate,
                     0, HUGE_VAL));
    f.back().minimumExclusive = true;
    f.back().maximumExclusive = true;
    f.back().live = true;
    f.push_back(real("momentum", "--momentum", S::Optimizer, optim, "SGD momentum, 0 <= X < 1",
                     &TrainingConfig::momentum, 0, 1));
    f.back().maximumExclusive = true;
    f.back().applies = [](const TrainingConfig &c) { return c.optimizer == OptimizerKind::Sgd; };
    f.back().appliesWhen = "SGD only";
    {
        FieldSpec w = base("weight_decay", "--weight-decay", S::Optimizer, optim, FieldKind::Real,
                           "weight decay, 0 <= X < 1 (default: AdamW 0.01, Adam and SGD 0)");
        w.minimum = 0;
        w.maximum = 1;
        w.maximumExclusive = true;
        w.nullable = true;
        w.get = [](const TrainingConfig &c) {
            return c.weightDecay ? QJsonValue(*c.weightDecay) : QJsonValue(QJsonValue::Null);
        };
        w.set = [](TrainingConfig &c, const QJsonValue &v) {
            c.weightDecay = v.isNull() ? std::nullopt : std::optional<double>(v.toDouble());
        };
        f.push_back(w);
    }
    f.push_back(integer("seed", "--seed", S::Run, repro, "random seed, 0 to 2^53-1",
                        &TrainingConfig::seed, 0, double(limits::maxSeed)));
    f.push_back(integer("threads", "--threads", S::Run, repro,
                        "intra-op threads (1 is fastest for small models)",
                        &TrainingConfig::threads, 1, double(limits::maxThreads)));
    return f;
}

} // namespace

QStringList configGroups()
{
    return {QStringLiteral("Task and data"),  QStringLiteral("Model"),
            QStringLiteral("Encoding"),       QStringLiteral("Attention"),
            QStringLiteral("Training"),       QStringLiteral("Optimizer"),
            QStringLiteral("Reproducibility")};
}

const std::vector<FieldSpec> &configFields()
{
    static const std::vector<FieldSpec> fields = declare();
    return fields;
}

const FieldSpec *findField(const QString &key)
{
    for (const FieldSpec &f : configFields())
        if (key == QLatin1String(f.key))
            return &f;
    return nullptr;
}

const FieldSpec *findFieldByFlag(const QString &flag)
{
    for (const FieldSpec &f : configFields())
        if (flag == QLatin1String(f.flag))
            return &f;
    return nullptr;
}

QStringList trainFlags(const TrainingConfig &config)
{
    const TrainingConfig defaults;
    QStringList flags;
    for (const FieldSpec &f : configFields()) {
        const QJsonValue value = f.get(config);
        if (value == f.get(defaults))
            continue;
        if (f.kind == FieldKind::Bool) {
            if (value.toBool() == f.flagSets)
                flags << QLatin1String(f.flag);
            continue;
        }
        flags << QLatin1String(f.flag) << f.format(value);
    }
    return flags;
}

QStringList changedFields(const TrainingConfig &a, const TrainingConfig &b)
{
    QStringList keys;
    for (const FieldSpec &f : configFields())
        if (f.get(a) != f.get(b))
            keys << QLatin1String(f.key);
    return keys;
}

} // namespace pelab
