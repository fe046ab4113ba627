// SPDX-License-Identifier: MIT
#include "Presets.h"

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
        return std::vector<Preset>{seed, positionSignal};
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

} // namespace pelab
