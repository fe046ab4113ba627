// SPDX-License-Identifier: MIT
#include "LessonSummary.h"

#include "config/ConfigFields.h"

#include <QBuffer>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

namespace pelab {

namespace {

QString html(const Lesson &lesson, const LessonOutcome &outcome,
             const std::vector<TrainingConfig> &configs, bool withFigure)
{
    QString h = QStringLiteral("<h2>%1</h2>").arg(lesson.heading().toHtmlEscaped());
    for (const QString &p : lesson.text)
        h += QStringLiteral("<p>%1</p>").arg(p.toHtmlEscaped());
    if (!lesson.question.isEmpty())
        h += QStringLiteral("<p><b>Question.</b> %1</p>").arg(lesson.question.toHtmlEscaped());
    if (withFigure)
        h += QStringLiteral("<p align=\"center\"><img src=\"figure\" width=\"560\"></p>");
    h += QStringLiteral("<h3>Measured in this run</h3>");
    for (const QString &sentence : outcome.sentences)
        h += QStringLiteral("<p>%1</p>").arg(sentence.toHtmlEscaped());
    h += QStringLiteral("<ul>");
    for (const EffectResult &effect : outcome.effects)
        h += QStringLiteral("<li><b>%1</b>: %2 <small>(%3)</small></li>")
                 .arg(!effect.shown   ? QStringLiteral("not measured")
                      : *effect.shown ? QStringLiteral("shown")
                                      : QStringLiteral("NOT shown"),
                      effect.says.toHtmlEscaped(), effect.measured.toHtmlEscaped());
    h += QStringLiteral("</ul>");
    if (!lesson.caveat.isEmpty())
        h += QStringLiteral("<p><i>What this run does not show:</i> %1</p>")
                 .arg(lesson.caveat.toHtmlEscaped());
    h += QStringLiteral("<h3>Settings</h3><p><small>");
    for (std::size_t i = 0; i < lesson.runs.size() && i < configs.size(); ++i)
        h += QStringLiteral("<b>%1</b>: pelab train %2<br>")
                 .arg(lesson.runs[i].name.toHtmlEscaped(),
                      trainFlags(configs[i]).join(QLatin1Char(' ')).toHtmlEscaped());
    h += QStringLiteral("</small></p>");
    return h;
}

} // namespace

QByteArray lessonSummaryPdf(const Lesson &lesson, const LessonOutcome &outcome,
                            const std::vector<TrainingConfig> &configs, const QImage &figure)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setResolution(144);
    writer.setTitle(lesson.title);
    writer.setCreator(QStringLiteral("PE Lab"));

    QTextDocument document;
    document.setDefaultFont(QFont(QStringLiteral("DejaVu Sans"), 9));
    if (!figure.isNull())
        document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("figure")), figure);
    document.setHtml(html(lesson, outcome, configs, !figure.isNull()));
    const QRectF page = writer.pageLayout().paintRectPixels(writer.resolution());
    document.setTextWidth(page.width());
    QPainter painter(&writer);
    // One page: a long lesson is scaled down to fit rather than cut.
    const double height = document.size().height();
    if (height > page.height()) {
        const double scale = page.height() / height;
        painter.scale(scale, scale);
        document.setTextWidth(page.width() / scale);
    }
    document.drawContents(&painter);
    painter.end();
    return bytes;
}

} // namespace pelab
