// SPDX-License-Identifier: MIT
#include "engine/Allocator.h"

#include <c10/core/CPUAllocator.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pelab {

namespace {

constexpr std::size_t largeBlock = std::size_t(32) << 20;
constexpr std::size_t maxCached = std::size_t(1) << 30;
constexpr std::size_t alignment = 64;                 // c10's CPU alignment
constexpr std::size_t granule = std::size_t(2) << 20; // sizes round up to 2 MiB

// Every large block the allocator made, and the freed ones by size: a step's allocations of
// one shape reuse each other's memory.
struct LargeBlocks {
    std::mutex mutex;
    std::unordered_map<void *, std::size_t> sizes; // live and cached
    std::multimap<std::size_t, void *> free;
    std::size_t freeBytes = 0;
    c10::DeleterFnPtr smallDeleter = nullptr; // LibTorch's own, for raw deallocations
};

LargeBlocks &largeBlocks()
{
    static auto *blocks = new LargeBlocks; // never destroyed: tensors may outlive statics
    return *blocks;
}

// LibTorch's memory profiler hears of every allocation its own allocator makes; the large
// blocks served here are reported the same way (what a memory measurement counts).
void reportToProfiler(void *block, std::int64_t bytes)
{
    if (c10::memoryProfilingEnabled())
        c10::reportMemoryUsageToProfiler(block, bytes, 0, 0, c10::Device(c10::DeviceType::CPU));
}

void releaseLarge(void *block)
{
    LargeBlocks &blocks = largeBlocks();
    {
        const std::lock_guard lock(blocks.mutex);
        const auto it = blocks.sizes.find(block);
        if (it != blocks.sizes.end())
            reportToProfiler(block, -std::int64_t(it->second));
        if (it != blocks.sizes.end() && blocks.freeBytes + it->second <= maxCached) {
            blocks.free.emplace(it->second, block);
            blocks.freeBytes += it->second;
            return;
        }
        if (it != blocks.sizes.end())
            blocks.sizes.erase(it);
    }
    std::free(block);
}

// raw_deallocate's deleter serves both sizes: ours are known by address.
void rawDelete(void *pointer)
{
    LargeBlocks &blocks = largeBlocks();
    c10::DeleterFnPtr small = nullptr;
    {
        const std::lock_guard lock(blocks.mutex);
        if (blocks.sizes.count(pointer) == 0) // C++17: the fuzz build compiles this file so
            small = blocks.smallDeleter;
    }
    if (small)
        small(pointer);
    else
        releaseLarge(pointer);
}

class CachingCpuAllocator final : public c10::Allocator {
public:
    explicit CachingCpuAllocator(c10::Allocator *base)
        : m_base(base)
    {
        largeBlocks().smallDeleter = base->raw_deleter();
    }

    c10::DataPtr allocate(std::size_t n) const override
    {
        if (n < largeBlock)
            return m_base->allocate(n);
        const std::size_t size = (n + granule - 1) & ~(granule - 1);
        void *block = nullptr;
        LargeBlocks &blocks = largeBlocks();
        {
            const std::lock_guard lock(blocks.mutex);
            if (const auto it = blocks.free.find(size); it != blocks.free.end()) {
                block = it->second;
                blocks.free.erase(it);
                blocks.freeBytes -= size;
            }
        }
        if (!block) {
            block = std::aligned_alloc(alignment, size);
            if (!block)
                throw std::bad_alloc();
            const std::lock_guard lock(blocks.mutex);
            blocks.sizes.emplace(block, size);
        }
        reportToProfiler(block, std::int64_t(size));
        return {block, block, &releaseLarge, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &rawDelete; }

private:
    c10::Allocator *m_base;
};

} // namespace

std::size_t cachedLargeBytes()
{
    LargeBlocks &blocks = largeBlocks();
    const std::lock_guard lock(blocks.mutex);
    return blocks.freeBytes;
}

void releaseCachedLargeBlocks()
{
    LargeBlocks &blocks = largeBlocks();
    std::multimap<std::size_t, void *> free;
    {
        const std::lock_guard lock(blocks.mutex);
        free.swap(blocks.free);
        blocks.freeBytes = 0;
        for (const auto &[size, block] : free)
            blocks.sizes.erase(block);
    }
    for (const auto &[size, block] : free)
        std::free(block);
}

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
    static std::once_flag installed;
    std::call_once(installed, [] {
        static CachingCpuAllocator allocator(c10::GetDefaultCPUAllocator());
        c10::SetCPUAllocator(&allocator, /*priority=*/1);
    });
}

} // namespace pelab
