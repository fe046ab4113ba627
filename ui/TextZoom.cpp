// SPDX-License-Identifier: MIT
#include "TextZoom.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSettings>

#include <cmath>

namespace pelab {

namespace {

const QString zoomKey = QStringLiteral("view/textZoom");

// The window's settings file (WindowSettings.h).
QSettings settings()
{
    return QSettings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("PE Lab"),
                     QStringLiteral("pelab"));
}

} // namespace

TextZoom::TextZoom(QObject *parent, std::function<void(double)> apply)
    : QObject(parent)
    , m_apply(std::move(apply))
    , m_baseFont(QApplication::font())
    , m_larger(new QAction(tr("&Larger Text"), this))
    , m_smaller(new QAction(tr("&Smaller Text"), this))
    , m_normal(new QAction(tr("&Normal Text Size"), this))
    , m_presentation(new QAction(tr("&Presentation Mode"), this))
{
    m_larger->setObjectName(QStringLiteral("largerTextAction"));
    m_larger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    m_smaller->setObjectName(QStringLiteral("smallerTextAction"));
    m_smaller->setShortcut(QKeySequence::ZoomOut);
    m_normal->setObjectName(QStringLiteral("normalTextAction"));
    m_normal->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_presentation->setObjectName(QStringLiteral("presentationAction"));
    m_presentation->setCheckable(true);
    m_presentation->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_presentation->setStatusTip(tr("Text, lines and figures large enough to read from the "
                                    "back of a lecture hall"));
    connect(m_larger, &QAction::triggered, this, [this] { setFactor(m_factor * stepFactor); });
    connect(m_smaller, &QAction::triggered, this, [this] { setFactor(m_factor / stepFactor); });
    connect(m_normal, &QAction::triggered, this, [this] { setFactor(1); });
    connect(m_presentation, &QAction::triggered, this, [this](bool on) {
        if (on) {
            m_beforePresentation = m_factor;
            setFactor(std::max(presentationFactor, m_factor));
        } else {
            setFactor(m_beforePresentation < presentationFactor ? m_beforePresentation : 1);
        }
    });
}

TextZoom::~TextZoom()
{
    // The application's font outlives the window: leave it as it was found.
    if (m_factor != 1)
        QApplication::setFont(m_baseFont);
}

void TextZoom::setFactor(double factor)
{
    factor = std::clamp(factor, minFactor, maxFactor);
    m_presentation->setChecked(factor >= presentationFactor);
    if (std::abs(factor - m_factor) < 1e-9)
        return;
    m_factor = factor;
    QFont font = m_baseFont;
    if (m_baseFont.pointSizeF() > 0)
        font.setPointSizeF(m_baseFont.pointSizeF() * factor);
    else
        font.setPixelSize(int(std::lround(m_baseFont.pixelSize() * factor)));
    QApplication::setFont(font);
    if (m_apply)
        m_apply(factor);
    if (m_saving)
        settings().setValue(zoomKey, factor);
    emit factorChanged(factor);
}

void TextZoom::addToMenu(QMenu *menu) const
{
    menu->addAction(m_presentation);
    menu->addAction(m_larger);
    menu->addAction(m_smaller);
    menu->addAction(m_normal);
}

void TextZoom::restore()
{
    const double saved = settings().value(zoomKey, 1.0).toDouble();
    if (std::isfinite(saved))
        setFactor(saved);
    m_saving = true;
}

} // namespace pelab
