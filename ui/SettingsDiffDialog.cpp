// SPDX-License-Identifier: MIT
#include "SettingsDiffDialog.h"

#include "FieldHelp.h"
#include "config/ConfigFields.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pelab {

SettingsDiffDialog::SettingsDiffDialog(const QString &nameA, const TrainingConfig &a,
                                       const QString &nameB, const TrainingConfig &b,
                                       QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 3))
{
    setWindowTitle(tr("Settings of %1 and %2").arg(nameA, nameB));
    setObjectName(QStringLiteral("settingsDiffDialog"));
    m_table->setObjectName(QStringLiteral("settingsDiffTable"));
    m_table->setHorizontalHeaderLabels({tr("Setting"), nameA, nameB});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    const QStringList differing = changedFields(a, b);
    // The differences first, highlighted; then every other setting, to check they match.
    std::vector<const FieldSpec *> fields;
    for (const FieldSpec &field : configFields())
        if (differing.contains(QLatin1String(field.key)))
            fields.push_back(&field);
    for (const FieldSpec &field : configFields())
        if (!differing.contains(QLatin1String(field.key)))
            fields.push_back(&field);
    const QColor highlight = palette().color(QPalette::Highlight).lighter(185);
    for (const FieldSpec *field : fields) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QString key = QLatin1String(field->key);
        const bool differs = differing.contains(key);
        const QStringList cells{fieldLabel(key), field->format(field->get(a)),
                                field->format(field->get(b))};
        for (int column = 0; column < 3; ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            item->setToolTip(fieldToolTip(key));
            if (differs) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
                item->setBackground(highlight);
                item->setForeground(Qt::black);
            }
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *summary =
        new QLabel(differing.isEmpty() ? tr("The two runs have the same settings.")
                                       : tr("%n setting(s) differ, highlighted at the top.",
                                            nullptr, int(differing.size())));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(560, 560);
}

} // namespace pelab
