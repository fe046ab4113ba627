// SPDX-License-Identifier: MIT
#include "Presets.h"

#include <QStringList>

namespace pelab {

const std::vector<Preset> &presets()
{
    static const std::vector<Preset> all = [] {
        Preset seed{QStringLiteral("seed"), QStringLiteral("Seed notebook"),
                    QStringLiteral("The notebook's setup: 1000 random sequences of length 10, "
                                   "target all zeros, Adam at lr 0.01, 3 epochs."),
                    TrainingConfig{}};
        TrainingConfig signal;
        signal.task = TaskKind::PositionSignal;
        signal.epochs = 30;
        Preset positionSignal{
            QStringLiteral("position-signal"), QStringLiteral("Position signal"),
            QStringLiteral("The target adds sin(2*pi*t/L) at position t, so the only way to "
                           "predict it is to learn where each element sits."),
            signal};
        // The family's entry point: 2 attention layers learning to copy the token two places
        // back, with validation and a test at twice the training length.
        TrainingConfig copy;
        copy.task = TaskKind::Shift;
        copy.shift = 2;
        copy.causal = true;
        copy.layers = 2;
        copy.width = 32;
        copy.heads = 2;
        copy.seqLen = 32;
        copy.vocab = 16;
        copy.samples = 2048;
        copy.valSamples = 256;
        copy.evalLengths = {32, 64};
        copy.evalEvery = 20;
        copy.epochs = 4;
        copy.learningRate = 0.003;
        Preset attention{
            QStringLiteral("copy-attention"), QStringLiteral("Copy with attention"),
            QStringLiteral("A 2-layer transformer learns to copy the token two places back "
                           "(relative position), with a learned table; tested at twice the "
                           "training length, where the table's rows were never trained."),
            copy};
        return std::vector<Preset>{seed, positionSignal, attention};
    }();
    return all;
}

const Preset *findPreset(const QString &id)
{
    for (const Preset &preset : presets())
        if (preset.id == id)
            return &preset;
    return nullptr;
}

QString presetIdList()
{
    QStringList ids;
    for (const Preset &preset : presets())
        ids << preset.id;
    const QString last = ids.takeLast();
    return ids.isEmpty() ? last : ids.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

} // namespace pelab
