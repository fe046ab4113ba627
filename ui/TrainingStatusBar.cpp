// SPDX-License-Identifier: MIT
#include "TrainingStatusBar.h"

#include <QLabel>
#include <QProgressBar>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace pelab {

namespace {

QString stateColor(TrainerState state)
{
    switch (state) {
    case TrainerState::Running:
        return QStringLiteral("#1e7b34");
    case TrainerState::Paused:
        return QStringLiteral("#9a6700");
    case TrainerState::Failed:
        return QStringLiteral("#b3261e");
    default:
        return QString();
    }
}

} // namespace

TrainingStatusBar::TrainingStatusBar(QWidget *parent)
    : QStatusBar(parent)
    , m_state(new QLabel)
    , m_progress(new QProgressBar)
    , m_rate(new QLabel)
    , m_eta(new QLabel)
    , m_refresh(new QTimer(this))
{
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_rate->setObjectName(QStringLiteral("rateLabel"));
    m_eta->setObjectName(QStringLiteral("etaLabel"));
    // Permille: run lengths can pass int's range, the bar never needs more resolution.
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setMinimumWidth(300);
    m_state->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("Finished")) + 24);
    m_state->setContentsMargins(12, 0, 0, 0); // clear of a message on its left
    // Fixed widths: a changing number must not relayout the status bar on every update.
    m_rate->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("888,888 steps/s")) + 8);
    m_eta->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("took 88:88:88")) + 16);
    // QProgressBar::setValue repaints synchronously: a few times a second is plenty to read.
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(refreshIntervalMs);
    connect(m_refresh, &QTimer::timeout, this, &TrainingStatusBar::showLastProgress);
    m_rate->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_rate->setToolTip(tr("Training steps (batches) per second"));
    m_eta->setToolTip(tr("Time left at the current speed"));
    addPermanentWidget(m_state);
    addPermanentWidget(m_progress);
    addPermanentWidget(m_rate);
    addPermanentWidget(m_eta);
    clear();
}

void TrainingStatusBar::reset(const RunStart &start)
{
    m_last = TrainingProgress{};
    m_last.totalSteps = start.totalSteps;
    m_stepsPerEpoch = start.stepsPerEpoch;
    m_epochs = start.config.epochs;
    m_runTime.start();
    clearMessage();
    m_state->setToolTip(tr("What the training is doing"));
    showLastProgress();
}

void TrainingStatusBar::clear()
{
    m_refresh->stop(); // a pending update of the old run must not paint over "No run yet"
    m_last = TrainingProgress{};
    m_stepsPerEpoch = 0;
    m_epochs = 0;
    m_runTime.invalidate();
    clearMessage();
    m_state->setToolTip(tr("What the training is doing"));
    m_progress->setValue(0);
    m_progress->setFormat(tr("No run yet"));
    m_rate->clear();
    m_eta->clear();
    setState(TrainerState::Idle);
}

void TrainingStatusBar::setState(TrainerState state)
{
    if (m_refresh->isActive())
        showLastProgress(); // the last figures before the state that ends them
    m_trainerState = state;
    const QString color = stateColor(state);
    m_state->setText(
        color.isEmpty()
            ? trainerStateName(state)
            : QStringLiteral("<b style=\"color:%1\">%2</b>").arg(color, trainerStateName(state)));
    updateEta();
}

void TrainingStatusBar::setProgress(const TrainingProgress &progress)
{
    m_last = progress;
    if (!m_refresh->isActive())
        m_refresh->start();
}

void TrainingStatusBar::showLastProgress()
{
    // Snapshots carry no epoch count or step budget of their own when nothing has run yet.
    const std::int64_t epochs = std::max<std::int64_t>(m_epochs, 1);
    m_refresh->stop();
    const TrainingProgress &progress = m_last;
    const double fraction =
        progress.totalSteps > 0 ? double(progress.step) / double(progress.totalSteps) : 0.0;
    m_progress->setValue(int(std::lround(fraction * 1000)));
    m_progress->setFormat(tr("Epoch %L1 of %L2 \u00b7 step %L3 of %L4")
                              .arg(std::max<std::int64_t>(progress.epoch, 1))
                              .arg(epochs)
                              .arg(progress.step)
                              .arg(progress.totalSteps));
    m_rate->setText(progress.stepsPerSecond > 0
                        ? tr("%L1 steps/s").arg(progress.stepsPerSecond, 0, 'f', 0)
                        : QString());
    updateEta();
}

void TrainingStatusBar::showFailure(const QString &message)
{
    setState(TrainerState::Failed);
    showWarning(message);
}

void TrainingStatusBar::showWarning(const QString &message)
{
    m_state->setToolTip(message);
    // The window's banner has the whole text; here it must fit beside the run's figures.
    int room = width() - 24;
    for (const QWidget *widget :
         std::initializer_list<const QWidget *>{m_state, m_progress, m_rate, m_eta})
        room -= widget->width() + 8;
    showMessage(fontMetrics().elidedText(message, Qt::ElideRight, std::max(room, 80)));
}

void TrainingStatusBar::updateEta()
{
    switch (m_trainerState) {
    case TrainerState::Running: {
        const double rate = m_last.stepsPerSecond;
        const std::int64_t left = m_last.totalSteps - m_last.step;
        m_eta->setText(rate > 0 ? tr("ETA %1").arg(formatDuration(double(left) / rate))
                                : tr("ETA \u2026"));
        break;
    }
    case TrainerState::Paused:
        m_eta->setText(tr("on hold"));
        break;
    case TrainerState::Finished: {
        if (!m_runTime.isValid()) {
            m_eta->clear();
            break;
        }
        const double seconds = double(m_runTime.nsecsElapsed()) / 1e9;
        m_eta->setText(tr("took %1").arg(formatDuration(seconds)));
        // A run shorter than one snapshot has no measured rate: give the run's average.
        if (m_last.stepsPerSecond <= 0 && seconds > 0)
            m_rate->setText(tr("%L1 steps/s").arg(double(m_last.step) / seconds, 0, 'f', 0));
        break;
    }
    default:
        m_eta->clear();
        break;
    }
}

QString TrainingStatusBar::formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("\u2014");
    if (seconds < 1)
        return tr("%1 s").arg(seconds, 0, 'f', 2);
    if (seconds < 10)
        return tr("%1 s").arg(seconds, 0, 'f', 1);
    const qint64 total = qint64(std::llround(seconds));
    const qint64 hours = total / 3600;
    const qint64 minutes = total / 60 % 60;
    const qint64 secs = total % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(hours)
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(secs, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
}

} // namespace pelab
