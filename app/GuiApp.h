// SPDX-License-Identifier: MIT
#pragma once

namespace pelab {
struct CommandLine;

// `pelab [--preset ...]`: the window, with the automation flags. Without a display it says
// so in one line and trains headless instead. Returns the exit code.
int runGui(const CommandLine &command, int argc, char **argv);

// False when no windowing system can be reached: no X or Wayland display and no platform
// chosen with QT_QPA_PLATFORM (which could be offscreen, vnc...).
bool displayAvailable();

} // namespace pelab
