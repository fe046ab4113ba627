// SPDX-License-Identifier: MIT
#include "BuiltinLessons.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace pelab {

const std::vector<Lesson> &builtinLessons()
{
    static const std::vector<Lesson> lessons = [] {
        std::vector<Lesson> list;
        const QDir dir(QStringLiteral(":/lessons"));
        for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            const LessonLoadResult loaded = loadLessonFile(dir.filePath(name));
            // A broken built-in lesson is a bug the tests catch; the menu leaves it out.
            if (loaded.lesson)
                list.push_back(*loaded.lesson);
            else
                qWarning("pelab: built-in lesson %s: %s", qUtf8Printable(name),
                         qUtf8Printable(loaded.errors.join(QLatin1Char('\n'))));
        }
        std::stable_sort(list.begin(), list.end(),
                         [](const Lesson &a, const Lesson &b) { return a.order < b.order; });
        return list;
    }();
    return lessons;
}

LessonLoadResult findLesson(const QString &nameOrPath)
{
    for (const Lesson &lesson : builtinLessons())
        if (nameOrPath == lesson.id || (!lesson.number.isEmpty() && nameOrPath == lesson.number))
            return {lesson, {}};
    if (QFileInfo::exists(nameOrPath))
        return loadLessonFile(nameOrPath);
    QStringList names;
    for (const Lesson &lesson : builtinLessons())
        names << lesson.id;
    return {std::nullopt,
            {QStringLiteral("\"%1\" is neither a lesson nor a lesson file; the lessons are %2 "
                            "(or their numbers)")
                 .arg(nameOrPath, names.join(QStringLiteral(", ")))}};
}

} // namespace pelab
