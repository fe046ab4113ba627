// SPDX-License-Identifier: MIT
#include "MessageBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace pelab {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel)
    , m_text(new QLabel)
    , m_close(new QToolButton)
{
    setObjectName(QStringLiteral("messageBanner"));
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_close->setObjectName(QStringLiteral("messageClose"));
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setToolTip(tr("Dismiss"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBanner::showMessage(Kind kind, const QString &title, const QString &text)
{
    const bool error = kind == Kind::Error;
    switch (kind) {
    case Kind::Error:
        setStyleSheet(QStringLiteral("#messageBanner { background: #fce8e6; border: 1px solid "
                                     "#e8a29b; border-radius: 4px; } QLabel { color: #5f1410; }"));
        break;
    case Kind::Warning:
        setStyleSheet(QStringLiteral("#messageBanner { background: #fef7e0; border: 1px solid "
                                     "#f9cc6a; border-radius: 4px; } QLabel { color: #5c3c00; }"));
        break;
    case Kind::Info:
        setStyleSheet(QStringLiteral("#messageBanner { background: #e8f0fe; border: 1px solid "
                                     "#a8c7fa; border-radius: 4px; } QLabel { color: #0b2e6b; }"));
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize) * 3 / 2;
    const QStyle::StandardPixmap icon = error                   ? QStyle::SP_MessageBoxCritical
                                        : kind == Kind::Warning ? QStyle::SP_MessageBoxWarning
                                                                : QStyle::SP_MessageBoxInformation;
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    QString body = text.toHtmlEscaped();
    body.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    m_text->setText(QStringLiteral("<b>%1</b><br>%2").arg(title.toHtmlEscaped(), body));
    show();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

} // namespace pelab
