// SPDX-License-Identifier: MIT
#include "ComparisonView.h"

#include "AtomicWrite.h"
#include "FileDialogs.h"
#include "TimeScrubber.h"
#include "figures/SmallMultiples.h"
#include "run/RunSet.h"

#include <QBuffer>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

namespace pelab {

ComparisonView::ComparisonView(const RunSet *runs, QWidget *parent)
    : QWidget(parent)
    , m_runs(runs)
    , m_picker(new QComboBox)
    , m_scrubber(new TimeScrubber)
    , m_saveLapse(new QPushButton(tr("Save time-lapse\u2026")))
    , m_exportFigure(new QPushButton(tr("Export figure\u2026")))
    , m_throttle(new QTimer(this))
{
    setObjectName(QStringLiteral("comparisonView"));
    m_picker->setObjectName(QStringLiteral("comparisonChartPicker"));
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMouseTracking(true);
    setMinimumSize(320, 240);
    auto *label = new QLabel(tr("&Measurement"));
    label->setBuddy(m_picker);
    auto *header = new QHBoxLayout;
    header->addWidget(label);
    header->addWidget(m_picker);
    header->addStretch(1);
    header->addWidget(m_exportFigure);
    header->addWidget(m_saveLapse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 0);
    layout->addLayout(header);
    layout->addWidget(m_scrubber);
    layout->addStretch(1);
    m_throttle->setSingleShot(true);
    m_throttle->setInterval(100); // at most ten redraws a second
    connect(m_throttle, &QTimer::timeout, this, [this] {
        m_stale = true;
        update();
    });
    connect(m_picker, &QComboBox::activated, this,
            [this](int index) { choose(m_picker->itemData(index).toInt()); });
    connect(runs, &RunSet::runsChanged, this, [this] {
        updatePicker();
        invalidate();
    });
    connect(runs, &RunSet::runChanged, this, &ComparisonView::invalidate);
    connect(m_scrubber, &TimeScrubber::stepChanged, this, &ComparisonView::showStep);
    m_exportFigure->setObjectName(QStringLiteral("exportComparisonFigureButton"));
    m_exportFigure->setToolTip(tr("Save this picture as shown, as PNG, SVG or PDF"));
    connect(m_exportFigure, &QPushButton::clicked, this, [this] {
        const QString path = FileDialogs::instance()->getSaveFileName(
            this, tr("Export figure"), QStringLiteral("comparison.png"),
            tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
        if (path.isEmpty())
            return;
        if (const QString error = exportFigure(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot export the figure"), error);
    });
    m_saveLapse->setObjectName(QStringLiteral("saveTimeLapseButton"));
    m_saveLapse->setToolTip(tr("Save the picture at each snapshot step as numbered PNG files"));
    connect(m_saveLapse, &QPushButton::clicked, this, [this] {
        const QString folder = FileDialogs::instance()->getExistingDirectory(
            this, tr("Save the time-lapse frames into a folder"));
        if (folder.isEmpty())
            return;
        if (const QString error = writeTimeLapse(folder, timeLapseSteps()); !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot save the time-lapse"), error);
    });
    updatePicker();
}

namespace {

// The picker's item data: a line chart's enum value, or a small multiple's kind plus this.
constexpr int multiplesBase = 100;

} // namespace

void ComparisonView::updatePicker()
{
    const ComparisonData now = m_runs->comparison();
    std::int64_t last = 0;
    for (const ComparedRun &run : now.runs)
        if (!run.record->losses.empty())
            last = std::max(last, run.record->losses.back().step);
    m_scrubber->setLastStep(last);
    QList<int> wanted;
    for (const ComparisonChart chart : comparisonChartsFor(now))
        wanted << int(chart);
    for (const FigureKind kind : smallMultipleKindsFor(now))
        wanted << multiplesBase + int(kind);
    QList<int> present;
    for (int i = 0; i < m_picker->count(); ++i)
        if (m_picker->itemData(i).isValid())
            present << m_picker->itemData(i).toInt();
    if (present == wanted)
        return;
    const QSignalBlocker blocker(m_picker);
    m_picker->clear();
    for (const int item : wanted) {
        const bool multiples = item >= multiplesBase;
        if (multiples && m_picker->count() > 0 &&
            m_picker->itemData(m_picker->count() - 1).toInt() < multiplesBase)
            m_picker->insertSeparator(m_picker->count());
        m_picker->addItem(multiples ? smallMultiplesName(FigureKind(item - multiplesBase))
                                    : comparisonChartName(ComparisonChart(item)),
                          item);
    }
    const int current = m_multiples ? multiplesBase + int(*m_multiples) : int(m_chart);
    m_picker->setCurrentIndex(std::max(0, m_picker->findData(current)));
}

void ComparisonView::choose(int pickerData)
{
    if (pickerData >= multiplesBase)
        setMultiples(FigureKind(pickerData - multiplesBase));
    else
        setChart(ComparisonChart(pickerData));
}

void ComparisonView::setChart(ComparisonChart chart)
{
    m_chart = chart;
    m_multiples.reset();
    const int index = m_picker->findData(int(chart));
    if (index >= 0)
        m_picker->setCurrentIndex(index);
    m_stale = true;
    update();
}

void ComparisonView::setMultiples(FigureKind kind)
{
    m_multiples = kind;
    const int index = m_picker->findData(multiplesBase + int(kind));
    if (index >= 0)
        m_picker->setCurrentIndex(index);
    m_stale = true;
    update();
}

void ComparisonView::draw(QPainter &painter, const QRectF &rect, const FigureStyle &figureStyle,
                          HoverMap *hovers) const
{
    if (m_multiples)
        drawSmallMultiples(*m_multiples, painter, rect, data(), figureStyle, hovers);
    else
        drawComparisonChart(m_chart, painter, rect, data(), figureStyle, hovers);
}

void ComparisonView::invalidate()
{
    // Which charts have data changes as runs validate and end.
    updatePicker(); // charts get data as runs validate and end
    if (isShown() && !m_throttle->isActive())
        m_throttle->start();
    else if (!isShown())
        m_stale = true;
}

ComparisonData ComparisonView::data() const
{
    ComparisonData now = m_runs->comparison();
    if (!m_step)
        return now;
    m_atStep.clear();
    m_atStep.reserve(now.runs.size()); // data() points into it
    for (ComparedRun &run : now.runs) {
        m_atStep.push_back(recordAtStep(*run.record, *m_step));
        run.record = &m_atStep.back();
    }
    return now;
}

void ComparisonView::showStep(std::optional<std::int64_t> step)
{
    m_step = step;
    if (m_scrubber->step() != step)
        m_scrubber->setStep(step);
    m_stale = true;
    update();
}

QString ComparisonView::exportFigure(const QString &path)
{
    const std::optional<FigureFormat> format = figureFormatFromName(QFileInfo(path).suffix());
    if (!format)
        return tr("%1: the file name must end in .png, .svg or .pdf").arg(path);
    const ComparisonData shown = data();
    const FigureDrawing drawing = m_multiples ? smallMultiplesDrawing(*m_multiples, shown)
                                              : comparisonDrawing(m_chart, shown);
    QString error;
    const QByteArray bytes = renderDrawingBytes(drawing, *format, figureRect().size() * 2, &error,
                                                FigureRendering{style(), 2});
    if (bytes.isEmpty())
        return tr("cannot write %1: %2").arg(path, error);
    return writeFileAtomically(path, bytes);
}

std::vector<std::int64_t> ComparisonView::timeLapseSteps() const
{
    const ComparisonData now = m_runs->comparison();
    std::vector<std::int64_t> steps;
    if (!now.runs.empty())
        for (const RunSnapshot &snapshot : now.runs.front().record->snapshots)
            steps.push_back(snapshot.step);
    return steps;
}

QString ComparisonView::writeTimeLapse(const QString &folder,
                                       const std::vector<std::int64_t> &frames)
{
    if (frames.empty())
        return tr("There is nothing to replay yet: start some runs.");
    const std::optional<std::int64_t> shown = m_step;
    std::vector<std::pair<QString, QByteArray>> files;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        m_step = frames[i];
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        renderImage(2).save(&buffer, "PNG");
        files.emplace_back(QStringLiteral("frame_%1.png").arg(i + 1, 4, 10, QLatin1Char('0')),
                           std::move(bytes));
    }
    m_step = shown;
    return writeFileSet(folder, files);
}

QRect ComparisonView::figureRect() const
{
    const int top = m_scrubber->geometry().bottom() + 4;
    return QRect(0, top, width(), std::max(0, height() - top));
}

FigureStyle ComparisonView::style() const
{
    const QColor window = palette().color(QPalette::Base);
    return window.lightness() < 128
               ? FigureStyle::onBackground(window, palette().color(QPalette::Text))
               : FigureStyle::standard();
}

QImage ComparisonView::renderImage(double pixelRatio) const
{
    const QRect rect = figureRect();
    QImage image(rect.size() * pixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(pixelRatio);
    const FigureStyle figureStyle = style();
    image.fill(figureStyle.background);
    QPainter painter(&image);
    draw(painter, QRectF(QPointF(0, 0), QSizeF(rect.size())), figureStyle, nullptr);
    return image;
}

void ComparisonView::paintEvent(QPaintEvent *)
{
    const QRect rect = figureRect();
    if (rect.isEmpty())
        return;
    const double ratio = devicePixelRatioF();
    if (m_stale || m_cache.size() != rect.size() * ratio) {
        m_cache = QImage(rect.size() * ratio, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(ratio);
        const FigureStyle figureStyle = style();
        m_cache.fill(figureStyle.background);
        m_hovers.clear();
        QPainter painter(&m_cache);
        draw(painter, QRectF(QPointF(0, 0), QSizeF(rect.size())), figureStyle, &m_hovers);
        m_stale = false;
        ++m_renderCount;
    }
    QPainter painter(this);
    painter.drawImage(rect.topLeft(), m_cache);
    if (m_highlighted) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 4));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect.adjusted(2, 2, -2, -2));
    }
}

bool ComparisonView::showNamed(const QString &stem)
{
    for (const ComparisonChart chart : allComparisonCharts())
        if (comparisonChartStem(chart) == stem) {
            setChart(chart);
            return true;
        }
    for (const FigureKind kind : smallMultipleKinds())
        if (figureFileStem(kind) == stem) {
            setMultiples(kind);
            return true;
        }
    return false;
}

void ComparisonView::flashHighlight()
{
    if (!m_highlightTimer) {
        m_highlightTimer = new QTimer(this);
        m_highlightTimer->setSingleShot(true);
        connect(m_highlightTimer, &QTimer::timeout, this, [this] {
            m_highlighted = false;
            update();
        });
    }
    m_highlighted = true;
    m_highlightTimer->start(4000);
    update();
}

QString ComparisonView::hoverTextAt(const QPoint &pos) const
{
    return m_hovers.textAt(QPointF(pos - figureRect().topLeft()));
}

void ComparisonView::mouseMoveEvent(QMouseEvent *event)
{
    const QString text = hoverTextAt(event->position().toPoint());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void ComparisonView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_stale = true;
}

void ComparisonView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_stale = true;
}

} // namespace pelab
