// SPDX-License-Identifier: MIT
// Helpers for the tests that drive the window with a transformer-family run.
#pragma once

#include "FigureView.h"
#include "MainWindow.h"
#include "Presets.h"
#include "Trainer.h"
#include "UiTestSupport.h"

#include <QDockWidget>
#include <QSignalSpy>

#include <memory>

namespace pelab::test {

// A family run that takes a second or two: 2 layers, 2 heads, shift by 2, with a validation
// set and an evaluation at twice the training length.
TrainingConfig smallFamily()
{
    // The Copy with attention preset, shrunk to a second or two of training.
    TrainingConfig c = findPreset(QStringLiteral("copy-attention"))->config;
    c.width = 16;
    c.seqLen = 12;
    c.vocab = 8;
    c.samples = 256;
    c.valSamples = 64;
    c.evalLengths = {12, 24};
    c.evalSamples = 64;
    c.evalEvery = 0; // validate at epoch ends, the last step included
    c.epochs = 3;
    return c;
}

QDockWidget *dockOf(QWidget *view)
{
    for (QWidget *w = view; w; w = w->parentWidget())
        if (auto *dock = qobject_cast<QDockWidget *>(w))
            return dock;
    return nullptr;
}

// The first hover text found scanning the figure in steps of 3 pixels (empty: none).
QString firstHoverText(const FigureView &view)
{
    const QRect r = view.figureRect();
    for (int y = r.top(); y < r.bottom(); y += 3)
        for (int x = r.left(); x < r.right(); x += 3)
            if (QString text = view.hoverTextAt(QPoint(x, y)); !text.isEmpty())
                return text;
    return {};
}

// The real window, shown, on first launch's layout; it never saves settings.
inline std::unique_ptr<MainWindow> makeFamilyWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->setSaveSettingsOnClose(false);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("window not exposed");
    return window;
}

// Starts the panel's run and waits for it to finish; false if it did not within 2 minutes.
inline bool runToEnd(MainWindow &window)
{
    QSignalSpy finished(window.trainer(), &Trainer::finished);
    action(&window, "startAction")->trigger();
    return finished.wait(120000);
}

} // namespace pelab::test
