// SPDX-License-Identifier: MIT
#pragma once

namespace pelab {
struct CommandLine;

// `pelab train --vary FIELD=V1,V2,...`: trains one run per value side by side, prints each
// run's lines under its name and a summary, and writes DIR/<run>/ and DIR/comparison/.
int runVariantsCommand(const CommandLine &command);
} // namespace pelab
