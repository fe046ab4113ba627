// SPDX-License-Identifier: MIT
#include "engine/Allocator.h"

#include <cstdlib>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pelab {

void tuneAllocatorForTraining()
{
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        const auto unset = [](const char *name) { return std::getenv(name) == nullptr; };
        if (unset("MALLOC_MMAP_THRESHOLD_"))
            mallopt(M_MMAP_THRESHOLD, 32 << 20);
        if (unset("MALLOC_TRIM_THRESHOLD_"))
            mallopt(M_TRIM_THRESHOLD, 256 << 20);
        if (unset("MALLOC_TOP_PAD_"))
            mallopt(M_TOP_PAD, 64 << 20);
    });
#endif
}

} // namespace pelab
