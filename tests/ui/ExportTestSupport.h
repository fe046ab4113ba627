// SPDX-License-Identifier: MIT
// Helpers for the export tests: a window with a real trainer and its ExportController, short
// runs, reading back what was written, and finding the right-click menu.
#pragma once

#include "ExportController.h"
#include "FileDialogs.h"
#include "RunRecorder.h"
#include "Trainer.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMainWindow>
#include <QMenu>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace pelab::test {

inline TrainingConfig smallRun()
{
    TrainingConfig config;
    config.samples = 320; // 10 steps an epoch
    config.epochs = 3;
    return config;
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QStringList filesIn(const QString &folder)
{
    QStringList names = QDir(folder).entryList(QDir::Files | QDir::Hidden);
    names.sort();
    return names;
}

// Every file and folder under `root`, so "nothing left behind" is checkable.
inline QStringList tree(const QString &root)
{
    QStringList entries;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        entries << it.next();
    entries.sort();
    return entries;
}

// The export's right-click menu, while it is open.
inline QMenu *visibleContextMenu()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        auto *menu = qobject_cast<QMenu *>(widget);
        if (menu && menu->isVisible() && menu->objectName() == QLatin1String("figureContextMenu"))
            return menu;
    }
    return nullptr;
}

// A window with a trainer and the export wired to it, and a folder to export into; the
// FileDialogs seam starts and ends without answers left over.
struct ExportFixture {
    ExportFixture()
        : window(std::make_unique<QMainWindow>())
        , trainer(new Trainer(window.get()))
        , exporter(new ExportController(trainer, window.get()))
    {
        window->resize(900, 600);
        FileDialogs::instance()->clearNext();
    }
    ~ExportFixture() { FileDialogs::instance()->clearNext(); }

    bool runToEnd(const TrainingConfig &config = smallRun())
    {
        QSignalSpy finished(trainer, &Trainer::finished);
        return trainer->start(config) && finished.wait(30000);
    }

    // A run of 30 epochs stopped after 4 steps, its learning rate set to 0.1 before the 4th.
    bool runAndStop()
    {
        TrainingConfig config = smallRun();
        config.epochs = 30;
        if (!trainer->start(config, true))
            return false;
        for (int i = 1; i <= 4; ++i) {
            if (i == 4)
                trainer->setLearningRate(0.1);
            trainer->step();
            if (!QTest::qWaitFor([&] { return exporter->recorder()->stepsDone() == i; }))
                return false;
        }
        QSignalSpy stopped(trainer, &Trainer::stopped);
        trainer->stop();
        return stopped.wait(5000);
    }

    std::unique_ptr<QMainWindow> window;
    Trainer *trainer;
    ExportController *exporter;
    QTemporaryDir dir;
};

} // namespace pelab::test
