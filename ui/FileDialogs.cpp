// SPDX-License-Identifier: MIT
#include "FileDialogs.h"

#include <QFileDialog>

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
}

} // namespace pelab
