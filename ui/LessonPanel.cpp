// SPDX-License-Identifier: MIT
#include "LessonPanel.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace pelab {

namespace {

QString paragraphs(const QStringList &texts)
{
    QStringList html;
    for (const QString &text : texts)
        html << QStringLiteral("<p>") + text.toHtmlEscaped() + QStringLiteral("</p>");
    return html.join(QString());
}

QLabel *heading(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

LessonPanel::LessonPanel(QWidget *parent)
    : QWidget(parent)
    , m_answerGroup(new QButtonGroup(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    m_title = addLabel(layout, QStringLiteral("lessonTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    m_title->setFont(titleFont);
    m_text = addLabel(layout, QStringLiteral("lessonText"));

    layout->addWidget(heading(tr("Before you run")));
    m_question = addLabel(layout, QStringLiteral("lessonQuestion"));
    m_answers = new QWidget;
    m_answers->setLayout(new QVBoxLayout);
    m_answers->layout()->setContentsMargins(8, 0, 0, 0);
    layout->addWidget(m_answers);

    auto *buttons = new QHBoxLayout;
    m_run = new QPushButton(tr("Run the lesson"));
    m_run->setObjectName(QStringLiteral("lessonRun"));
    m_run->setDefault(true);
    m_run->setToolTip(tr("Trains the lesson's runs side by side with its fixed seed. They show "
                         "in Compare and Runs."));
    m_anotherSeed = new QPushButton(tr("Try another seed"));
    m_anotherSeed->setObjectName(QStringLiteral("lessonAnotherSeed"));
    m_anotherSeed->setToolTip(tr("The same runs with a different seed: the effect should not be "
                                 "luck."));
    buttons->addWidget(m_run);
    buttons->addWidget(m_anotherSeed);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_progress = addLabel(layout, QStringLiteral("lessonProgress"));
    m_progress->hide();

    layout->addWidget(heading(tr("What to look for")));
    m_lookFor = addLabel(layout, QStringLiteral("lessonLookFor"));
    m_lookFor->setCursor(Qt::PointingHandCursor);
    m_lookFor->setToolTip(tr("Click to show this view"));
    connect(m_lookFor, &QLabel::linkActivated, this, &LessonPanel::lookForActivated);

    m_measuredHeading = heading(tr("Measured in this run"));
    layout->addWidget(m_measuredHeading);
    m_measured = addLabel(layout, QStringLiteral("lessonMeasured"));
    m_caveat = addLabel(layout, QStringLiteral("lessonCaveat"));
    m_export = new QPushButton(tr("Export summary (PDF)\u2026"));
    m_export->setObjectName(QStringLiteral("lessonExport"));
    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(m_export);
    exportRow->addStretch();
    layout->addLayout(exportRow);
    layout->addStretch();

    connect(m_run, &QPushButton::clicked, this, &LessonPanel::runRequested);
    connect(m_anotherSeed, &QPushButton::clicked, this, &LessonPanel::anotherSeedRequested);
    connect(m_export, &QPushButton::clicked, this, &LessonPanel::exportRequested);
    clearOutcome();
}

QLabel *LessonPanel::addLabel(QVBoxLayout *layout, const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    layout->addWidget(label);
    return label;
}

void LessonPanel::setLesson(const Lesson &lesson)
{
    m_title->setText(lesson.heading().toHtmlEscaped());
    m_text->setText(paragraphs(lesson.text));
    m_question->setText(lesson.question.toHtmlEscaped());
    for (QAbstractButton *button : m_answerGroup->buttons()) {
        m_answerGroup->removeButton(button);
        delete button;
    }
    for (int i = 0; i < lesson.answers.size(); ++i) {
        auto *choice = new QRadioButton(lesson.answers[i]);
        choice->setObjectName(QStringLiteral("lessonAnswer%1").arg(i));
        m_answerGroup->addButton(choice, i);
        m_answers->layout()->addWidget(choice);
    }
    m_answers->setVisible(!lesson.answers.isEmpty());
    // Measuring cost draws no random numbers that matter: one seed is all there is.
    m_anotherSeed->setVisible(!lesson.cost);
    // A link, so the keyboard and screen readers reach it as well as the mouse.
    m_lookFor->setText(QStringLiteral("<a href=\"view\" style=\"text-decoration:none\">") +
                       lesson.lookFor.toHtmlEscaped() + QStringLiteral("</a>"));
    m_caveat->setText(
        lesson.caveat.isEmpty()
            ? QString()
            : tr("<i>What this run does not show:</i> %1").arg(lesson.caveat.toHtmlEscaped()));
    clearOutcome();
    setProgress({});
}

void LessonPanel::setProgress(const QString &text)
{
    m_progress->setText(text.toHtmlEscaped());
    m_progress->setVisible(!text.isEmpty());
}

void LessonPanel::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_anotherSeed->setEnabled(!running);
    m_run->setText(running ? tr("Running\u2026") : tr("Run the lesson"));
}

void LessonPanel::showOutcome(const LessonOutcome &outcome, std::int64_t seed)
{
    QString html;
    for (const QString &sentence : outcome.sentences)
        html += QStringLiteral("<p>") + sentence.toHtmlEscaped() + QStringLiteral("</p>");
    if (!outcome.effects.empty()) {
        html += QStringLiteral("<table cellspacing=\"2\">");
        for (const EffectResult &effect : outcome.effects) {
            const bool shown = effect.shown.value_or(false);
            const QString mark = !effect.shown ? tr("not measured")
                                 : shown       ? tr("shown")
                                               : tr("NOT shown");
            html += QStringLiteral("<tr><td style=\"color:%1; padding-right:6px\"><b>%2</b></td>"
                                   "<td>%3<br><small>%4</small></td></tr>")
                        .arg(shown ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828"),
                             mark.toHtmlEscaped(), effect.says.toHtmlEscaped(),
                             effect.measured.toHtmlEscaped());
        }
        html += QStringLiteral("</table>");
    }
    if (const QString picked = answer(); !picked.isEmpty())
        html += tr("<p>Your answer before running: <i>%1</i></p>").arg(picked.toHtmlEscaped());
    html += tr("<p><small>Seed %1.</small></p>").arg(seed);
    m_measured->setText(html);
    m_measuredHeading->show();
    m_measured->show();
    m_caveat->setVisible(!m_caveat->text().isEmpty());
    m_export->show();
}

void LessonPanel::clearOutcome()
{
    m_measured->clear();
    m_measuredHeading->hide();
    m_measured->hide();
    m_caveat->hide();
    m_export->hide();
}

QString LessonPanel::answer() const
{
    const QAbstractButton *checked = m_answerGroup->checkedButton();
    return checked ? checked->text() : QString();
}

} // namespace pelab
