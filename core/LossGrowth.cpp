// SPDX-License-Identifier: MIT
#include "LossGrowth.h"

#include "PythonFloat.h"

#include <QStringList>

#include <cmath>

namespace pelab {

namespace {

constexpr std::size_t window = 10;

// Mean of losses[begin, end), or NaN if any is not finite.
double meanOf(const std::vector<LossPoint> &losses, std::size_t begin, std::size_t end)
{
    double sum = 0;
    for (std::size_t i = begin; i < end; ++i)
        sum += losses[i].loss;
    return sum / double(end - begin);
}

QString number(double value)
{
    return QString::number(value, 'g', 3);
}

} // namespace

std::optional<LossGrowth> lossBlowUp(const std::vector<LossPoint> &losses)
{
    if (losses.size() < window)
        return std::nullopt;
    // The first step's loss is the model's before any update: the level to compare with.
    const double first = losses.front().loss;
    const double latest = meanOf(losses, losses.size() - window, losses.size());
    if (!std::isfinite(first) || !std::isfinite(latest) || !(first > 0))
        return std::nullopt;
    const double factor = latest / first;
    if (!(factor >= lossBlowUpFactor))
        return std::nullopt;
    return LossGrowth{factor, first, latest, losses.back().step};
}

QString lossBlowUpMessage(const LossGrowth &growth, double learningRate)
{
    return QStringLiteral("The loss grew %1-fold (from %2 at the first step to %3 by step %4) "
                          "without becoming infinite: training is blowing up, not learning. "
                          "Lower the learning rate (now %5) and start again.")
        .arg(number(growth.factor), number(growth.firstLoss), number(growth.latestLoss))
        .arg(growth.step)
        .arg(formatPythonFloat(learningRate));
}

} // namespace pelab

namespace pelab {

QString lossBlowUpLabel(const LossGrowth &growth)
{
    return QStringLiteral("Loss grew %1-fold: the learning rate is too high")
        .arg(number(growth.factor));
}

} // namespace pelab

namespace pelab {

std::optional<BlowUp> blowUp(const std::vector<LossPoint> &losses,
                             const std::optional<OptimizerOverflow> &overflow)
{
    // A run that diverged (its last loss is NaN or infinite) is the divergence check's: its
    // state overflowed with it, and "the loss stays finite" would be false.
    if (!losses.empty() && !std::isfinite(losses.back().loss))
        return std::nullopt;
    BlowUp found{lossBlowUp(losses), overflow};
    if (!found.growth && !found.overflow)
        return std::nullopt;
    return found;
}

QString blowUpMessage(const BlowUp &blowUp, double learningRate)
{
    QStringList parts;
    if (blowUp.growth)
        parts << lossBlowUpMessage(*blowUp.growth, learningRate);
    if (const auto &overflow = blowUp.overflow) {
        if (overflow->state == QLatin1String("exp_avg_sq"))
            parts << QStringLiteral("Adam's running mean of squared gradients (exp_avg_sq) for %1 "
                                    "overflowed to infinity at step %2: from then on the weights "
                                    "whose entries overflowed get no update (their step divides "
                                    "by infinity), so they no longer train.")
                         .arg(overflow->parameter)
                         .arg(overflow->step);
        else
            parts << QStringLiteral("The optimizer's %1 for %2 became infinite or NaN at step %3: "
                                    "its updates of %2 are no longer numbers.")
                         .arg(overflow->state, overflow->parameter)
                         .arg(overflow->step);
        if (!blowUp.growth) // the growth's message already gives the advice
            parts << QStringLiteral("Lower the learning rate (now %1) and start again.")
                         .arg(formatPythonFloat(learningRate));
    }
    return parts.join(QLatin1Char(' '));
}

QString blowUpLabel(const BlowUp &blowUp)
{
    if (blowUp.growth)
        return lossBlowUpLabel(*blowUp.growth);
    return QStringLiteral("Optimizer state overflowed at step %1: the learning rate is too high")
        .arg(blowUp.overflow->step);
}

} // namespace pelab
