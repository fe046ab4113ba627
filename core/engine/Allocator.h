// SPDX-License-Identifier: MIT
// glibc malloc settings for training: keep freed memory for the next step instead of
// returning it to the kernel and faulting it back in.
#pragma once

namespace pelab {

// By default glibc serves each block over 128 KiB (raised dynamically up to 32 MiB) with
// mmap and trims the heap top whenever 128 KiB or more is free there, so a training step,
// which frees and reallocates the same activations every time, pays hundreds of page faults
// (zeroing the pages) per step. This sets M_MMAP_THRESHOLD to 32 MiB (glibc's maximum),
// M_TRIM_THRESHOLD to 256 MiB and M_TOP_PAD to 64 MiB, once per process, unless the
// environment already sets one (MALLOC_*_). Speed only: no computed value changes.
void tuneAllocatorForTraining();

} // namespace pelab
