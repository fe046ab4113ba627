// SPDX-License-Identifier: MIT
#include "FileDialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPushButton>

#include <utility>

namespace pelab {

FileDialogs *FileDialogs::instance()
{
    static FileDialogs dialogs;
    return &dialogs;
}

QString FileDialogs::getOpenFileName(QWidget *parent, const QString &caption, const QString &dir,
                                     const QString &filter)
{
    if (m_nextFileName)
        return std::exchange(m_nextFileName, std::nullopt).value();
    return QFileDialog::getOpenFileName(parent, caption, dir, filter);
}

QString FileDialogs::getSaveFileName(QWidget *parent, const QString &caption, const QString &dir,
                                     const QString &filter, QString *selectedFilter)
{
    if (m_nextFileName)
        return std::exchange(m_nextFileName, std::nullopt).value();
    return QFileDialog::getSaveFileName(parent, caption, dir, filter, selectedFilter);
}

QString FileDialogs::getExistingDirectory(QWidget *parent, const QString &caption,
                                          const QString &dir)
{
    if (m_nextDirectory)
        return std::exchange(m_nextDirectory, std::nullopt).value();
    return QFileDialog::getExistingDirectory(parent, caption, dir);
}

FileDialogs::Existing FileDialogs::askAboutExisting(QWidget *parent, const QString &folder,
                                                    const QStringList &names, bool offerNewFolder)
{
    if (m_nextExisting)
        return std::exchange(m_nextExisting, std::nullopt).value();
    if (QGuiApplication::platformName() == QLatin1String("offscreen"))
        return Existing::Cancel;
    constexpr int shown = 6;
    QStringList listed = names.mid(0, shown);
    if (names.size() > shown)
        listed << QObject::tr("and %1 more").arg(names.size() - shown);
    QMessageBox box(QMessageBox::Warning, QObject::tr("Replace files?"),
                    QObject::tr("%1 already holds %2.")
                        .arg(QDir::toNativeSeparators(folder), listed.join(QStringLiteral(", "))),
                    QMessageBox::NoButton, parent);
    box.setInformativeText(offerNewFolder
                               ? QObject::tr("Replace them with this run's, or put this run in a "
                                             "new folder inside it?")
                               : QObject::tr("Replace them?"));
    QPushButton *replace = box.addButton(QObject::tr("&Replace"), QMessageBox::DestructiveRole);
    QPushButton *newFolder =
        offerNewFolder ? box.addButton(QObject::tr("&New Folder"), QMessageBox::AcceptRole)
                       : nullptr;
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(newFolder ? newFolder
                                   : qobject_cast<QPushButton *>(box.button(QMessageBox::Cancel)));
    box.exec();
    if (box.clickedButton() == replace)
        return Existing::Replace;
    if (newFolder && box.clickedButton() == newFolder)
        return Existing::NewFolder;
    return Existing::Cancel;
}

void FileDialogs::setNextExistingAnswer(Existing answer)
{
    m_nextExisting = answer;
}

void FileDialogs::setNextFileName(const QString &fileName)
{
    m_nextFileName = fileName;
}

void FileDialogs::setNextDirectory(const QString &directory)
{
    m_nextDirectory = directory;
}

void FileDialogs::clearNext()
{
    m_nextFileName.reset();
    m_nextDirectory.reset();
    m_nextExisting.reset();
}

} // namespace pelab
