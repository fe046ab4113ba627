// SPDX-License-Identifier: MIT
#include "AboutDialog.h"

#include "TrainingSession.h"

#include <QMessageBox>

namespace pelab {

QString aboutText()
{
    return QObject::tr("<h3>PE Lab %1</h3>"
                       "<p>Watch a learnable positional encoding train: set hyperparameters, "
                       "see the loss fall and the embedding change, live.</p>"
                       "<table>"
                       "<tr><td>Qt</td><td>&nbsp;%2 (built with %3)</td></tr>"
                       "<tr><td>LibTorch</td><td>&nbsp;%4</td></tr>"
                       "<tr><td>BLAS</td><td>&nbsp;%5</td></tr>"
                       "</table>"
                       "<p>MIT licence.</p>")
        .arg(QStringLiteral(PELAB_VERSION), QString::fromLatin1(qVersion()),
             QStringLiteral(QT_VERSION_STR), torchVersion().toHtmlEscaped(),
             blasName().toHtmlEscaped());
}

void showAboutDialog(QWidget *parent)
{
    auto *box = new QMessageBox(QMessageBox::NoIcon, QObject::tr("About PE Lab"), aboutText(),
                                QMessageBox::Close, parent);
    box->setObjectName(QStringLiteral("aboutDialog"));
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace pelab
