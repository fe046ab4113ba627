// SPDX-License-Identifier: MIT
#include "CostExplorerView.h"

#include "TrainingConfig.h"
#include "figures/CostFigure.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>

namespace pelab {

namespace {

FigureStyle styleFor(const QWidget *widget)
{
    const QColor base = widget->palette().color(QPalette::Base);
    return base.lightness() < 128
               ? FigureStyle::onBackground(base, widget->palette().color(QPalette::Text))
               : FigureStyle::standard();
}

QString bytesText(double bytes)
{
    const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 5) {
        bytes /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2")
        .arg(bytes, 0, 'f', unit == 0 ? 0 : 1)
        .arg(QLatin1String(units[unit]));
}

} // namespace

CostExplorerView::CostExplorerView(QWidget *parent)
    : QWidget(parent)
    , m_length(new QSpinBox)
    , m_prediction(new QLabel)
{
    setObjectName(QStringLiteral("costExplorer"));
    setMouseTracking(true);
    setMinimumSize(480, 320);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("Length L"));
    label->setBuddy(m_length);
    m_length->setObjectName(QStringLiteral("costLength"));
    m_length->setRange(2, 1 << 24);
    m_length->setValue(8192);
    m_length->setGroupSeparatorShown(true);
    m_length->setToolTip(tr("Any sequence length: the memory one attention head would need for "
                            "its forward and backward, predicted from the fit before anything "
                            "runs."));
    m_prediction->setObjectName(QStringLiteral("costPrediction"));
    m_prediction->setWordWrap(true);
    row->addWidget(label);
    row->addWidget(m_length);
    row->addWidget(m_prediction, 1);
    layout->addLayout(row);
    layout->addStretch(1);
    connect(m_length, &QSpinBox::valueChanged, this, [this] {
        updatePrediction();
        update();
    });
    updatePrediction();
}

void CostExplorerView::setResults(const CostResults &results)
{
    m_results = results;
    updatePrediction();
    update();
}

void CostExplorerView::updatePrediction()
{
    const std::int64_t length = m_length->value();
    const auto bytes = m_results.predictedBytes(length);
    if (!bytes) {
        m_prediction->setText(tr("Run the lesson to measure attention; then any length's memory "
                                 "is predicted here before it runs."));
        return;
    }
    const double budget = memoryBudgetBytes();
    m_prediction->setText(
        tr("One head at L = %1 would need %2 (%3 \u00d7 L^%4 fitted); %5.")
            .arg(
                QLocale().toString(qlonglong(length)), bytesText(*bytes),
                QString::number(m_results.memory->coefficient, 'g', 3),
                QString::number(m_results.memory->exponent, 'f', 2),
                *bytes <= budget
                    ? tr("this machine's memory budget (%1) has room for it").arg(bytesText(budget))
                    : tr("more than this machine's memory budget (%1): it would "
                         "not run here")
                          .arg(bytesText(budget))));
}

QRect CostExplorerView::figureRect() const
{
    const int top = m_length->geometry().bottom() + 6;
    return QRect(0, top, width(), std::max(0, height() - top));
}

QImage CostExplorerView::renderImage(double pixelRatio) const
{
    const QRect rect = figureRect();
    QImage image(rect.size() * pixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(pixelRatio);
    const FigureStyle style = styleFor(this);
    image.fill(style.background);
    QPainter painter(&image);
    drawCostFigure(painter, QRectF(QPointF(0, 0), QSizeF(rect.size())), m_results, style,
                   m_length->value());
    return image;
}

void CostExplorerView::paintEvent(QPaintEvent *)
{
    const QRect rect = figureRect();
    if (rect.isEmpty())
        return;
    const FigureStyle style = styleFor(this);
    QPainter painter(this);
    painter.fillRect(rect, style.background);
    painter.translate(rect.topLeft());
    m_hovers.clear();
    drawCostFigure(painter, QRectF(QPointF(0, 0), QSizeF(rect.size())), m_results, style,
                   m_length->value(), &m_hovers);
}

QString CostExplorerView::hoverTextAt(const QPoint &pos) const
{
    return m_hovers.textAt(QPointF(pos - figureRect().topLeft()));
}

void CostExplorerView::mouseMoveEvent(QMouseEvent *event)
{
    const QString text = hoverTextAt(event->position().toPoint());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

} // namespace pelab
