// SPDX-License-Identifier: MIT
#include "RunsPanel.h"

#include "SettingsDiffDialog.h"
#include "run/RunSet.h"
#include "run/RunSummary.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace pelab {

namespace {

QIcon swatch(const QColor &color)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawRoundedRect(QRectF(1, 1, 12, 12), 3, 3);
    return QIcon(pixmap);
}

QString number(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 4) : QStringLiteral("\u2013");
}

} // namespace

RunsPanel::RunsPanel(RunSet *runs, QWidget *parent)
    : QWidget(parent)
    , m_runs(runs)
    , m_table(new QTableWidget(0, 6))
    , m_refresh(new QTimer(this))
{
    setObjectName(QStringLiteral("runsPanel"));
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Run"), tr("State"), tr("Steps"), tr("Loss"), tr("Val. acc."), tr("Longest")});
    m_table->horizontalHeaderItem(LossColumn)->setToolTip(tr("The last step's training loss"));
    m_table->horizontalHeaderItem(AccuracyColumn)
        ->setToolTip(tr("Accuracy on the validation set, at its newest evaluation"));
    m_table->horizontalHeaderItem(LongestColumn)
        ->setToolTip(tr("Accuracy at the longest Test length, measured when the run ends"));
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    for (int column = StateColumn; column <= LongestColumn; ++column)
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    auto *top = new QHBoxLayout;
    addButton(tr("Run variants\u2026"), QStringLiteral("variantsButton"),
              tr("Train the current settings with one field varied, side by side"));
    addButton(tr("Add these settings"), QStringLiteral("addSettingsButton"),
              tr("Train the panel's settings as one more run of the comparison"));
    top->addWidget(m_buttons[0]);
    top->addWidget(m_buttons[1]);
    top->addStretch(1);
    auto *selected = new QHBoxLayout;
    for (const auto &[text, name, tip] : std::initializer_list<std::array<QString, 3>>{
             {tr("Pause"), QStringLiteral("pauseRunButton"),
              tr("Pause or resume the selected runs")},
             {tr("Stop"), QStringLiteral("stopRunButton"), tr("Stop the selected runs")},
             {tr("Delete"), QStringLiteral("deleteRunButton"), tr("Forget the selected runs")},
             {tr("Load settings"), QStringLiteral("loadRunButton"),
              tr("Put the selected run's settings in the panel")},
             {tr("Compare settings"), QStringLiteral("compareRunsButton"),
              tr("The two selected runs' settings side by side, differences highlighted")}})
        selected->addWidget(addButton(text, name, tip));
    selected->addStretch(1);
    auto *all = new QHBoxLayout;
    all->addWidget(addButton(tr("Pause all"), QStringLiteral("pauseAllButton"),
                             tr("Pause every run that is training")));
    all->addWidget(addButton(tr("Resume all"), QStringLiteral("resumeAllButton"),
                             tr("Resume every paused run")));
    all->addWidget(addButton(tr("Stop all"), QStringLiteral("stopAllButton"),
                             tr("Stop every run that is training")));
    all->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addLayout(selected);
    layout->addLayout(all);

    connect(button(QStringLiteral("variantsButton")), &QPushButton::clicked, this,
            &RunsPanel::variantsRequested);
    connect(button(QStringLiteral("addSettingsButton")), &QPushButton::clicked, this,
            &RunsPanel::addSettingsRequested);
    connect(button(QStringLiteral("pauseRunButton")), &QPushButton::clicked, this, [this] {
        for (const quint64 id : selectedRuns()) {
            if (m_runs->state(id) == TrainerState::Paused)
                m_runs->resume(id);
            else
                m_runs->pause(id);
        }
    });
    connect(button(QStringLiteral("stopRunButton")), &QPushButton::clicked, this, [this] {
        for (const quint64 id : selectedRuns())
            m_runs->stop(id);
    });
    connect(button(QStringLiteral("deleteRunButton")), &QPushButton::clicked, this, [this] {
        for (const quint64 id : selectedRuns())
            m_runs->remove(id);
    });
    connect(button(QStringLiteral("loadRunButton")), &QPushButton::clicked, this, [this] {
        const std::vector<quint64> ids = selectedRuns();
        if (ids.size() == 1)
            emit loadSettingsRequested(m_runs->config(ids.front()));
    });
    connect(button(QStringLiteral("compareRunsButton")), &QPushButton::clicked, this,
            &RunsPanel::compareSettings);
    connect(button(QStringLiteral("pauseAllButton")), &QPushButton::clicked, runs,
            &RunSet::pauseAll);
    connect(button(QStringLiteral("resumeAllButton")), &QPushButton::clicked, runs,
            &RunSet::resumeAll);
    connect(button(QStringLiteral("stopAllButton")), &QPushButton::clicked, runs, &RunSet::stopAll);

    m_refresh->setSingleShot(true);
    m_refresh->setInterval(250);
    connect(m_refresh, &QTimer::timeout, this, &RunsPanel::refresh);
    connect(runs, &RunSet::runsChanged, this, &RunsPanel::rebuild);
    connect(runs, &RunSet::runChanged, this, [this] {
        if (!m_refresh->isActive())
            m_refresh->start();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RunsPanel::updateButtons);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_rebuilding || item->column() != NameColumn)
            return;
        // Read everything first: either change rebuilds the table, deleting `item`.
        const quint64 id = item->data(Qt::UserRole).toULongLong();
        const bool visible = item->checkState() == Qt::Checked;
        const QString name = item->text();
        m_runs->setVisible(id, visible);
        if (name != m_runs->name(id))
            m_runs->rename(id, name);
    });
    rebuild();
}

QPushButton *RunsPanel::addButton(const QString &text, const QString &name, const QString &tip)
{
    auto *b = new QPushButton(text);
    b->setObjectName(name);
    b->setToolTip(tip);
    m_buttons << b;
    return b;
}

QPushButton *RunsPanel::button(const QString &objectName) const
{
    for (QPushButton *b : m_buttons)
        if (b->objectName() == objectName)
            return b;
    return nullptr;
}

std::vector<quint64> RunsPanel::selectedRuns() const
{
    std::vector<quint64> ids;
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, NameColumn)->isSelected())
            ids.push_back(m_table->item(row, NameColumn)->data(Qt::UserRole).toULongLong());
    return ids;
}

void RunsPanel::selectRuns(const std::vector<quint64> &ids)
{
    m_table->clearSelection();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const quint64 id = m_table->item(row, NameColumn)->data(Qt::UserRole).toULongLong();
        if (std::find(ids.begin(), ids.end(), id) != ids.end())
            for (int column = 0; column < m_table->columnCount(); ++column)
                m_table->item(row, column)->setSelected(true);
    }
}

void RunsPanel::rebuild()
{
    const std::vector<quint64> selected = selectedRuns();
    m_rebuilding = true;
    m_table->setRowCount(int(m_runs->count()));
    for (int row = 0; row < m_runs->count(); ++row) {
        const quint64 id = m_runs->ids()[std::size_t(row)];
        auto *name = new QTableWidgetItem(swatch(m_runs->color(id)), m_runs->name(id));
        name->setData(Qt::UserRole, id);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable |
                       Qt::ItemIsUserCheckable);
        name->setCheckState(m_runs->isVisible(id) ? Qt::Checked : Qt::Unchecked);
        name->setToolTip(tr("Tick to show this run on the charts; double-click to rename"));
        m_table->setItem(row, NameColumn, name);
        for (int column = StateColumn; column <= LongestColumn; ++column) {
            auto *item = new QTableWidgetItem;
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            if (column != StateColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
    }
    m_rebuilding = false;
    selectRuns(selected);
    refresh();
}

void RunsPanel::refresh()
{
    m_rebuilding = true;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const quint64 id = m_table->item(row, NameColumn)->data(Qt::UserRole).toULongLong();
        const RunSummary s = summarizeRun(m_runs->record(id));
        const std::int64_t total = m_runs->config(id).totalSteps();
        const QStringList cells{
            m_runs->isQueued(id) ? tr("Queued") : trainerStateName(m_runs->state(id)),
            QStringLiteral("%L1 / %L2").arg(s.steps).arg(total), number(s.finalLoss),
            number(s.validationAccuracy),
            s.longestLength ? tr("%1 at %2").arg(number(s.longestAccuracy)).arg(*s.longestLength)
                            : QStringLiteral("\u2013")};
        for (int column = StateColumn; column <= LongestColumn; ++column)
            m_table->item(row, column)->setText(cells[column - StateColumn]);
    }
    m_rebuilding = false;
    updateButtons();
}

void RunsPanel::updateButtons()
{
    const std::vector<quint64> ids = selectedRuns();
    bool anyActive = false, allPaused = !ids.empty();
    for (const quint64 id : ids) {
        anyActive = anyActive || m_runs->isActive(id);
        allPaused = allPaused && m_runs->state(id) == TrainerState::Paused;
    }
    QPushButton *pause = button(QStringLiteral("pauseRunButton"));
    pause->setText(allPaused ? tr("Resume") : tr("Pause"));
    pause->setEnabled(anyActive);
    button(QStringLiteral("stopRunButton"))->setEnabled(anyActive);
    button(QStringLiteral("deleteRunButton"))->setEnabled(!ids.empty());
    button(QStringLiteral("loadRunButton"))->setEnabled(ids.size() == 1);
    button(QStringLiteral("compareRunsButton"))->setEnabled(ids.size() == 2);
    const bool active = m_runs->anyActive();
    button(QStringLiteral("pauseAllButton"))->setEnabled(active);
    button(QStringLiteral("resumeAllButton"))->setEnabled(active);
    button(QStringLiteral("stopAllButton"))->setEnabled(active);
}

void RunsPanel::compareSettings()
{
    const std::vector<quint64> ids = selectedRuns();
    if (ids.size() != 2)
        return;
    auto *dialog = new SettingsDiffDialog(m_runs->name(ids[0]), m_runs->config(ids[0]),
                                          m_runs->name(ids[1]), m_runs->config(ids[1]), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace pelab
