// SPDX-License-Identifier: MIT
#pragma once

#include "lessons/Lesson.h"
#include "lessons/LessonOutcome.h"

#include <QWidget>

class QButtonGroup;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace pelab {

// A lesson beside the views: its text, the question to answer before running, the button
// that starts its runs, what to look for, and, once the runs end, what they measured (the
// lesson's sentences with this run's numbers, and whether each effect appeared). Shows;
// the LessonController acts.
class LessonPanel : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget *parent = nullptr);

    void setLesson(const Lesson &lesson);
    // "Training: 2 runs, step 120 of 200" while the runs train; empty hides it.
    void setProgress(const QString &text);
    void setRunning(bool running);
    // The runs ended: their sentences and effects, for the seed they trained with.
    void showOutcome(const LessonOutcome &outcome, std::int64_t seed);
    void clearOutcome();
    // The answer the learner picked before running (empty if none).
    QString answer() const;

    QPushButton *runButton() const { return m_run; }
    QPushButton *anotherSeedButton() const { return m_anotherSeed; }
    QPushButton *exportButton() const { return m_export; }
    QLabel *measuredLabel() const { return m_measured; }
    QLabel *lookForLabel() const { return m_lookFor; }

signals:
    void runRequested();
    void anotherSeedRequested();
    void exportRequested();
    // The learner pointed at "what to look for": show that view.
    void lookForActivated();

private:
    QLabel *addLabel(QVBoxLayout *layout, const QString &objectName);

    QLabel *m_title;
    QLabel *m_text;
    QLabel *m_question;
    QWidget *m_answers;
    QButtonGroup *m_answerGroup;
    QPushButton *m_run;
    QPushButton *m_anotherSeed;
    QLabel *m_progress;
    QLabel *m_lookFor;
    QLabel *m_measuredHeading;
    QLabel *m_measured;
    QLabel *m_caveat;
    QPushButton *m_export;
};

} // namespace pelab
