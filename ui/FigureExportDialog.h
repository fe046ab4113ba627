// SPDX-License-Identifier: MIT
#pragma once

#include "figures/FigureKind.h"

#include <QDialog>
#include <QMetaType>
#include <QSize>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace pelab {

// Where and how to write one figure.
struct FigureExportChoice {
    QString path; // ends with the format's suffix
    FigureFormat format = FigureFormat::Png;
    QSize pixels; // PNG pixels; SVG and PDF draw the same layout as vectors
};

// Collects the choices for one figure (file, format, size) and checks them; it writes
// nothing itself. "Export" emits exportRequested(); the caller writes the file and either
// accepts the dialog or hands the failure back with showError(), keeping the choices.
class FigureExportDialog : public QDialog {
    Q_OBJECT
public:
    FigureExportDialog(FigureKind kind, const QString &suggestedPath, QSize pixels,
                       QWidget *parent = nullptr);

    FigureKind kind() const { return m_kind; }
    FigureExportChoice choice() const;
    // What stops the export, naming the field; empty when the choices are fine.
    QString problem() const;
    void showError(const QString &message);

signals:
    void exportRequested(const pelab::FigureExportChoice &choice);

private:
    void browse();
    void pathEdited();
    void formatChosen();
    void refresh();
    FigureFormat format() const;
    QSize pixels() const;

    FigureKind m_kind;
    QLineEdit *m_path;
    QComboBox *m_format;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QLabel *m_sizeHint;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_exportButton = nullptr;
};

} // namespace pelab

Q_DECLARE_METATYPE(pelab::FigureExportChoice)
