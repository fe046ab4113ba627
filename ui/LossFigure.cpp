// SPDX-License-Identifier: MIT
#include "LossFigure.h"

#include "LossChartView.h"
#include "LossGrowth.h"
#include "figures/FigureFrame.h"
#include "figures/FigureRenderer.h"

#include <QPainter>

namespace pelab {

void drawLossFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                    const FigureStyle &style)
{
    const QString caption = figureCaption(data);
    const FigureFrame frame = beginFigure(painter, style, rect, caption);

    LossChartView chart; // never shown: its chart is rendered at the figure's size
    loadLossChart(chart, data);
    const QRectF content = frame.content;
    chart.renderChart(painter, content, style.tickSize, style.labelSize);
    drawFigureTitle(painter, style, frame, QStringLiteral("Training loss"), content.center().x());
    drawFigureCaption(painter, style, frame, caption);
}

void loadLossChart(LossChartView &chart, const FigureData &data)
{
    RunStart start;
    start.config = data.config;
    start.totalSteps = data.config.totalSteps();
    start.stepsPerEpoch = data.config.stepsPerEpoch();
    chart.reset(start);
    chart.appendLosses(data.losses);
    // The epochs the run completed, as the window received them at each epoch's end.
    const std::int64_t lastStep = data.losses.empty() ? 0 : data.losses.back().step;
    std::vector<EpochSummary> epochs;
    for (const EpochSummary &epoch : epochSummaries(data.losses))
        if (epoch.epoch * start.stepsPerEpoch <= lastStep)
            epochs.push_back(epoch);
    chart.appendEpochs(epochs);
    if (data.run)
        chart.appendValidation(data.run->validation);
    chart.setLearningRateChanges(data.loss.learningRateChanges);
    if (const std::optional<BlowUp> found =
            blowUp(data.losses, data.run ? data.run->optimizerOverflow : std::nullopt))
        chart.setWarning(blowUpLabel(*found));
    chart.setLogScale(lossUsesLogScale(data));
    chart.setSmoothing(data.loss.smoothing);
    chart.setHighContrast(data.loss.highContrast);
    chart.showSteps(data.loss.fromStep, data.loss.toStep);
}

void registerLossFigure()
{
    registerLossFigurePainter(&drawLossFigure);
}

} // namespace pelab
