// SPDX-License-Identifier: MIT
#pragma once

namespace pelab {
struct CommandLine;

// `pelab train`: prints the seed's epoch lines, writes --out files. Returns the exit code.
int runTrainCommand(const CommandLine &command);
} // namespace pelab
