// SPDX-License-Identifier: MIT
// Fuzz target: the command-line parser. The input is the argument list, NUL-separated
// (`train\0--lr\00.1`). Parsing must end in a mode, with messages when it refuses and none
// when it goes ahead, and a train command's config must be valid.
#include "CommandLine.h"

#include <QByteArray>
#include <QStringList>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QStringList arguments;
    for (const QByteArray &argument : bytes.split('\0'))
        arguments << QString::fromLocal8Bit(argument);
    if (bytes.isEmpty())
        arguments.clear();
    const pelab::CommandLine command = pelab::parseCommandLine(arguments);
    using Mode = pelab::CommandLine::Mode;
    // A refusal says why; a command that goes ahead carries no errors (--help and
    // --version win over anything else given, errors included).
    if (command.mode == Mode::Error && command.errors.isEmpty())
        std::abort();
    if ((command.mode == Mode::Train || command.mode == Mode::Lesson ||
         command.mode == Mode::Gui) &&
        !command.errors.isEmpty())
        std::abort();
    if (command.mode == Mode::Train && !command.config.isValid())
        std::abort();
    return 0;
}
