// SPDX-License-Identifier: MIT
// Fuzz target: the config.json reader (pelab train --config, the window's Open config). Any
// bytes must give a config or a list of messages, never a crash, a hang or a config that
// fails its own validation.
#include "ConfigJson.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const pelab::ConfigLoadResult result =
        pelab::configFromJsonBytes(bytes, QStringLiteral("fuzz.json"));
    if (result.config) {
        // What was accepted is valid, and writes back to a file that reads as the same config.
        if (!result.config->isValid())
            std::abort();
        const pelab::ConfigLoadResult again = pelab::configFromJsonBytes(
            pelab::configToJsonBytes(*result.config), QStringLiteral("again.json"));
        if (!again.config ||
            pelab::configToJsonBytes(*again.config) != pelab::configToJsonBytes(*result.config))
            std::abort();
    } else if (result.errors.isEmpty()) {
        std::abort(); // refused without saying why
    }
    return 0;
}
