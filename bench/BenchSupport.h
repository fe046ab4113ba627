// SPDX-License-Identifier: MIT
// What the window benchmarks share.
#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace pelab::bench {

// Benchmarks of the window run on the offscreen platform when there is no display (and
// never ask for one): call before constructing the QApplication.
inline void useOffscreenWithoutDisplay()
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

} // namespace pelab::bench
