// SPDX-License-Identifier: MIT
#pragma once

#include "TrainingConfig.h"
#include "lessons/CostExplorer.h"
#include "lessons/LessonExpression.h"
#include "lessons/LessonSentence.h"

#include <QByteArray>
#include <QStringList>

#include <optional>
#include <vector>

namespace pelab {

// One run of a lesson: its id (what the lesson's measurements name), the name shown, and
// its settings (the lesson's shared settings with the run's own on top).
struct LessonRun {
    QString id;
    QString name;
    TrainingConfig config;
};

// An effect the lesson states, and the check that shows it in a run's numbers.
struct LessonEffect {
    QString says; // "the stack without residual connections stops learning"
    LessonCheck check;
};

// A level the lesson draws on the loss charts: "best possible (entropy rate)".
struct LessonLine {
    QString label;
    LessonExpression value;
};

// A guided lesson, read from a lesson file (JSON; README documents the format): a short
// text, a question to answer before running, the runs that show the effect, the views to
// look at, and the sentences that state what the runs measured.
struct Lesson {
    QString id;     // "vanishing-gradients"
    int order = 0;  // place in the Lessons menu
    QString number; // how it is numbered: "1", "5a" (the order when not given; may be empty)
    QString title;
    QString summary;             // one line for menus and --list
    QStringList text;            // paragraphs: what the problem is and why it happens
    QString question;            // asked before the runs start
    QStringList answers;         // choices for the question (may be empty: an open question)
    QString lookFor;             // what to watch while the runs train
    QStringList views;           // the comparison's views ("loss", "gradients"); the first is shown
    QStringList locked;          // settings the window does not let the learner change
    std::vector<LessonRun> runs; // none for a cost lesson
    // A cost lesson measures attention's cost instead of training runs; its settings (in
    // `settings`) are the model whose step time it measures against the length.
    std::optional<CostSpec> cost;
    TrainingConfig settings;       // the shared settings alone
    std::vector<LessonLine> lines; // levels on the loss charts
    QStringList measured;          // sentence templates with {expression[:format]} fields
    std::vector<LessonEffect> effects;
    QString caveat; // what this small run does not show
    QString source; // the file it came from

    QStringList runIds() const;
    // "Lesson 5a: Attention collapse", or the title alone for an unnumbered lesson.
    QString heading() const;
    // The runs' configs; with `seed`, every run trains with that seed instead.
    std::vector<TrainingConfig> configs(std::optional<std::int64_t> seed = std::nullopt) const;
};

struct LessonLoadResult {
    std::optional<Lesson> lesson;
    QStringList errors; // each "FILE:LINE: what is wrong"
};

// Reads a lesson file's text; `source` names it in messages.
LessonLoadResult parseLesson(const QByteArray &bytes, const QString &source);
LessonLoadResult loadLessonFile(const QString &path);

} // namespace pelab
