// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace pelab {

// Every file dialog the window opens goes through here, so a GUI test can answer it in
// advance (setNextFileName / setNextDirectory) instead of facing a native, modal dialog.
// After KeePassXC's FileDialog. An empty answer means the user cancelled.
class FileDialogs {
public:
    static FileDialogs *instance();

    QString getOpenFileName(QWidget *parent, const QString &caption, const QString &dir = {},
                            const QString &filter = {});
    QString getSaveFileName(QWidget *parent, const QString &caption, const QString &dir = {},
                            const QString &filter = {}, QString *selectedFilter = nullptr);
    QString getExistingDirectory(QWidget *parent, const QString &caption, const QString &dir = {});

    // What to do when an export would replace files: ask, naming them (`names` in `folder`).
    // NewFolder is offered only with `offerNewFolder`. On a platform nobody can answer a
    // dialog on (offscreen), an unanswered question is Cancel: nothing is replaced unasked.
    enum class Existing { Replace, NewFolder, Cancel };
    Existing askAboutExisting(QWidget *parent, const QString &folder, const QStringList &names,
                              bool offerNewFolder);
    void setNextExistingAnswer(Existing answer);

    // The next getOpenFileName / getSaveFileName (resp. getExistingDirectory) returns this
    // without showing anything; an empty string answers as a cancelled dialog.
    void setNextFileName(const QString &fileName);
    void setNextDirectory(const QString &directory);
    // Forgets answers nobody asked for, so one test cannot leak into the next.
    void clearNext();

private:
    FileDialogs() = default;

    std::optional<QString> m_nextFileName;
    std::optional<QString> m_nextDirectory;
    std::optional<Existing> m_nextExisting;
};

} // namespace pelab
