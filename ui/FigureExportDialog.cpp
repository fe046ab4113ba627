// SPDX-License-Identifier: MIT
#include "FigureExportDialog.h"

#include "FileDialogs.h"
#include "figures/FigureWriter.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace pelab {

namespace {

constexpr FigureFormat kFormats[] = {FigureFormat::Png, FigureFormat::Svg, FigureFormat::Pdf};

QString formatTitle(FigureFormat format)
{
    switch (format) {
    case FigureFormat::Png:
        return QStringLiteral("PNG image");
    case FigureFormat::Svg:
        return QStringLiteral("SVG vector image");
    case FigureFormat::Pdf:
        return QStringLiteral("PDF document");
    }
    return {};
}

QString fileFilter(FigureFormat format)
{
    return QStringLiteral("%1 (*.%2)").arg(formatTitle(format), figureFormatName(format));
}

// `path` with `format`'s suffix: a figure suffix is replaced, anything else (a dot in a
// name like "run.v2") is kept and the suffix added.
QString withSuffix(const QString &path, FigureFormat format)
{
    const QString suffix = QFileInfo(path).suffix();
    const QString wanted = figureFormatName(format);
    if (suffix.compare(wanted, Qt::CaseInsensitive) == 0)
        return path;
    if (figureFormatFromName(suffix))
        return path.left(path.size() - suffix.size()) + wanted;
    return path + QLatin1Char('.') + wanted;
}

QString inches(double units)
{
    return QString::number(units / 96.0, 'f', 2);
}

} // namespace

FigureExportDialog::FigureExportDialog(FigureKind kind, const QString &suggestedPath, QSize pixels,
                                       QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_path(new QLineEdit(suggestedPath))
    , m_format(new QComboBox)
    , m_width(new QSpinBox)
    , m_height(new QSpinBox)
    , m_sizeHint(new QLabel)
    , m_error(new QLabel)
    , m_buttons(new QDialogButtonBox)
{
    setObjectName(QStringLiteral("figureExportDialog"));
    setWindowTitle(tr("Export %1").arg(figureDisplayName(kind).toLower()));
    m_path->setObjectName(QStringLiteral("figurePathEdit"));
    m_path->setMinimumWidth(360);
    m_format->setObjectName(QStringLiteral("figureFormatCombo"));
    for (FigureFormat format : kFormats)
        m_format->addItem(formatTitle(format), int(format));
    // Wider than allowed, so a size out of range is typed and explained, not silently clamped.
    for (QSpinBox *spin : {m_width, m_height}) {
        spin->setRange(1, 99999);
        spin->setAccelerated(true);
    }
    m_width->setObjectName(QStringLiteral("figureWidthSpin"));
    m_height->setObjectName(QStringLiteral("figureHeightSpin"));
    m_width->setValue(pixels.width());
    m_height->setValue(pixels.height());
    m_sizeHint->setObjectName(QStringLiteral("figureSizeHint"));
    m_sizeHint->setForegroundRole(QPalette::PlaceholderText);
    m_error->setObjectName(QStringLiteral("figureErrorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));

    auto *browse = new QPushButton(tr("Browse\u2026"));
    browse->setObjectName(QStringLiteral("figureBrowseButton"));
    browse->setAutoDefault(false);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("\u00d7")));
    sizeRow->addWidget(m_height);
    sizeRow->addWidget(new QLabel(tr("pixels")));
    sizeRow->addStretch(1);

    m_exportButton = m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("figureExportButton"));
    m_exportButton->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel)->setAutoDefault(false);

    // Rows holding a layout get no buddy from addRow(), so their mnemonics are set here.
    const auto label = [](const QString &text, QWidget *buddy) {
        auto *widget = new QLabel(text);
        widget->setBuddy(buddy);
        return widget;
    };
    auto *form = new QFormLayout(this);
    form->addRow(label(tr("Save &as:"), m_path), pathRow);
    form->addRow(label(tr("&Format:"), m_format), m_format);
    form->addRow(label(tr("&Size:"), m_width), sizeRow);
    form->addRow(QString(), m_sizeHint);
    form->addRow(m_error);
    form->addRow(m_buttons);

    if (const auto format = figureFormatFromName(QFileInfo(suggestedPath).suffix()))
        m_format->setCurrentIndex(m_format->findData(int(*format)));

    connect(browse, &QPushButton::clicked, this, &FigureExportDialog::browse);
    connect(m_path, &QLineEdit::textEdited, this, &FigureExportDialog::pathEdited);
    connect(m_format, &QComboBox::activated, this, &FigureExportDialog::formatChosen);
    connect(m_width, &QSpinBox::valueChanged, this, &FigureExportDialog::refresh);
    connect(m_height, &QSpinBox::valueChanged, this, &FigureExportDialog::refresh);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            emit exportRequested(choice());
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refresh();
}

FigureFormat FigureExportDialog::format() const
{
    return FigureFormat(m_format->currentData().toInt());
}

QSize FigureExportDialog::pixels() const
{
    return {m_width->value(), m_height->value()};
}

FigureExportChoice FigureExportDialog::choice() const
{
    const QString path = m_path->text().trimmed();
    return {path.isEmpty() ? path : withSuffix(path, format()), format(), pixels()};
}

QString FigureExportDialog::problem() const
{
    const QString path = m_path->text().trimmed();
    if (path.isEmpty())
        return tr("Save as: choose a file to write the figure to.");
    if (QFileInfo(path).fileName().isEmpty())
        return tr("Save as: %1 is a folder; add a file name.").arg(path);
    QString size = validateFigurePixels(pixels());
    if (!size.isEmpty())
        size[0] = size[0].toUpper();
    return size;
}

void FigureExportDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(true);
    adjustSize(); // room for the message's lines
}

void FigureExportDialog::browse()
{
    QStringList filters;
    for (FigureFormat format : kFormats)
        filters << fileFilter(format);
    QString selected = fileFilter(format());
    const QString path = FileDialogs::instance()->getSaveFileName(
        this, windowTitle(), choice().path, filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return;
    // The suffix typed wins; without one, the filter picked in the dialog decides.
    FigureFormat chosen = format();
    if (const auto typed = figureFormatFromName(QFileInfo(path).suffix()))
        chosen = *typed;
    else if (const int index = filters.indexOf(selected); index >= 0)
        chosen = kFormats[index];
    m_format->setCurrentIndex(m_format->findData(int(chosen)));
    m_path->setText(withSuffix(path, chosen));
    refresh();
}

void FigureExportDialog::pathEdited()
{
    if (const auto typed = figureFormatFromName(QFileInfo(m_path->text().trimmed()).suffix()))
        m_format->setCurrentIndex(m_format->findData(int(*typed)));
    refresh();
}

void FigureExportDialog::formatChosen()
{
    if (!m_path->text().trimmed().isEmpty())
        m_path->setText(withSuffix(m_path->text().trimmed(), format()));
    refresh();
}

void FigureExportDialog::refresh()
{
    const QSize size = pixels();
    const bool sizeOk = validateFigurePixels(size).isEmpty();
    if (sizeOk) {
        const QSizeF layout = figureLayoutSize(size);
        const double ratio = figurePixelRatio(size);
        m_sizeHint->setText(
            format() == FigureFormat::Png
                ? tr("Drawn at %1\u00d7 for sharp text on high-DPI screens and in print:\n"
                     "a %2 \u00d7 %3 layout at %4 dpi.")
                      .arg(QString::number(ratio, 'g', 3))
                      .arg(qRound(layout.width()))
                      .arg(qRound(layout.height()))
                      .arg(qRound(96 * ratio))
                : tr("Vector graphics, %1 \u00d7 %2 in:\n"
                     "the same layout as a PNG of this size.")
                      .arg(inches(layout.width()), inches(layout.height())));
    }
    m_sizeHint->setVisible(sizeOk); // the error below says what is wrong instead
    const QString problem = this->problem();
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    m_exportButton->setEnabled(problem.isEmpty());
}

} // namespace pelab
