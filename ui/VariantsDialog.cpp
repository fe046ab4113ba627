// SPDX-License-Identifier: MIT
#include "VariantsDialog.h"

#include "FieldHelp.h"
#include "PythonFloat.h"
#include "config/ConfigFields.h"
#include "run/Variants.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace pelab {

VariantsDialog::VariantsDialog(const TrainingConfig &base, QWidget *parent)
    : QDialog(parent)
    , m_base(base)
    , m_field(new QComboBox)
    , m_values(new QLineEdit)
    , m_hint(new QLabel)
    , m_preview(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Run variants"));
    setObjectName(QStringLiteral("variantsDialog"));
    m_field->setObjectName(QStringLiteral("variantField"));
    m_values->setObjectName(QStringLiteral("variantValues"));
    m_preview->setObjectName(QStringLiteral("variantPreview"));
    for (const FieldSpec &spec : configFields()) {
        const QString key = QLatin1String(spec.key);
        if (key == QLatin1String("threads"))
            continue; // variants run with one thread each
        m_field->addItem(QStringLiteral("%1 (%2)").arg(fieldLabel(key), key), key);
        m_field->setItemData(m_field->count() - 1, fieldToolTip(key), Qt::ToolTipRole);
    }
    m_field->setMaxVisibleItems(20);

    auto *intro = new QLabel(tr("Trains one run per value, side by side, with every other "
                                "setting as in the panel. All runs use the same seed and data "
                                "unless you vary the seed, so their differences come from this "
                                "setting alone."));
    intro->setWordWrap(true);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_preview->setWordWrap(true);
    m_preview->setTextFormat(Qt::PlainText);
    m_preview->setMinimumHeight(m_preview->fontMetrics().height() * 3);

    auto *form = new QFormLayout;
    form->addRow(tr("&Vary"), m_field);
    form->addRow(tr("V&alues"), m_values);
    form->addRow(QString(), m_hint);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_preview);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(m_field, &QComboBox::currentIndexChanged, this,
            [this] { setField(m_field->currentData().toString()); });
    connect(m_values, &QLineEdit::textChanged, this, &VariantsDialog::update);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setField(QStringLiteral("encoding"));
}

QString VariantsDialog::suggestedValues(const QString &key, const TrainingConfig &base)
{
    const FieldSpec *spec = findField(key);
    if (!spec)
        return {};
    if (key == QLatin1String("seed"))
        return QStringLiteral("0..4");
    const QJsonValue now = spec->get(base);
    switch (spec->kind) {
    case FieldKind::Choice:
        return spec->choices.join(QLatin1Char(','));
    case FieldKind::Bool:
        return QStringLiteral("true,false");
    case FieldKind::Integer: {
        const qint64 v = now.toInteger();
        return v > 0 ? QStringLiteral("%1,%2").arg(v).arg(v * 2) : QStringLiteral("0,1,2");
    }
    case FieldKind::Real: {
        const double v = now.isNull() ? 0 : now.toDouble();
        if (v == 0)
            return QStringLiteral("0,0.1,0.3");
        // Two significant digits: 0.009, not 0.009000000000000001.
        const auto round = [](double x) { return QString::number(x, 'g', 2).toDouble(); };
        return QStringList{formatPythonFloat(round(v / 3)), formatPythonFloat(v),
                           formatPythonFloat(round(v * 3))}
            .join(QLatin1Char(','));
    }
    case FieldKind::IntegerList:
        return spec->format(now) + QStringLiteral(";") +
               QStringLiteral("%1,%2").arg(base.seqLen).arg(base.seqLen * 4);
    }
    return {};
}

void VariantsDialog::setField(const QString &key)
{
    const int index = m_field->findData(key);
    if (index < 0)
        return;
    if (m_field->currentIndex() != index) {
        m_field->setCurrentIndex(index); // comes back here through the signal
        return;
    }
    const FieldSpec *spec = findField(key);
    m_hint->setText(spec->kind == FieldKind::IntegerList
                        ? tr("Lists separated by ';', each comma-separated (16,32;16,64).")
                    : spec->kind == FieldKind::Integer
                        ? tr("Comma-separated, or a range like 0..4; %1.").arg(spec->allowed())
                        : tr("Comma-separated; %1.").arg(spec->allowed()));
    m_values->setText(suggestedValues(key, m_base));
    update();
}

QString VariantsDialog::field() const
{
    return m_field->currentData().toString();
}

void VariantsDialog::setValues(const QString &text)
{
    m_values->setText(text);
}

QString VariantsDialog::values() const
{
    return m_values->text();
}

void VariantsDialog::update()
{
    m_configs.clear();
    m_problem.clear();
    QString error;
    const auto variation = parseVariation(field() + QLatin1Char('=') + m_values->text(), &error);
    if (variation) {
        QStringList errors;
        auto configs = variantConfigs(m_base, *variation, &errors);
        if (errors.isEmpty())
            m_configs = std::move(configs);
        else
            error = errors.join(QLatin1Char('\n'));
    }
    m_problem = error;
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    if (m_configs.empty()) {
        m_preview->setText(error);
        m_preview->setStyleSheet(QStringLiteral("color: #b00020;"));
        ok->setText(tr("Start"));
        ok->setEnabled(false);
        return;
    }
    m_preview->setStyleSheet(QString());
    m_preview->setText(tr("Runs: %1").arg(runNames(m_configs).join(QStringLiteral(", "))));
    ok->setText(tr("Start %n runs", nullptr, int(m_configs.size())));
    ok->setEnabled(true);
}

} // namespace pelab
