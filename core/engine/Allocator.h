// SPDX-License-Identifier: MIT
// glibc malloc settings for training: keep freed memory for the next step instead of
// returning it to the kernel and faulting it back in.
#pragma once

#include <cstddef>

namespace pelab {

// By default glibc serves each block over 128 KiB (raised dynamically up to 32 MiB) with
// mmap and trims the heap top whenever 128 KiB or more is free there, so a training step,
// which frees and reallocates the same activations every time, pays hundreds of page faults
// (zeroing the pages) per step. This sets M_MMAP_THRESHOLD to 32 MiB (glibc's maximum),
// M_TRIM_THRESHOLD to 256 MiB and M_TOP_PAD to 64 MiB, once per process, unless the
// environment already sets one (MALLOC_*_). Speed only: no computed value changes.
//
// Blocks over 32 MiB are mmap'ed whatever the settings: a long sequence's activations (at
// L = 1,000,000 a batch's tensor is 128 MB) would be faulted in page by page at every step,
// which made such a step two seconds of mostly kernel time. So it also installs a CPU
// allocator for LibTorch that keeps freed blocks of 32 MiB and more (up to 1 GiB in all) for
// the next allocation of the same size, and hands everything smaller to LibTorch's own.
void tuneAllocatorForTraining();

// Large blocks the allocator keeps now, in bytes (for tests and benchmarks), and a way to
// give them back (the end of a run).
std::size_t cachedLargeBytes();
void releaseCachedLargeBlocks();

} // namespace pelab
