// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace pelab {

// Block summaries (min, max, smallest positive, non-finite count) of a growing series, so
// the extrema of any index range cost O(block size) instead of O(range): a redraw of a
// million steps then reads a few thousand summaries instead of every value.
class ExtremaIndex {
public:
    struct Extrema {
        std::ptrdiff_t minIndex = -1; // of the first finite minimum; -1 if no finite value
        std::ptrdiff_t maxIndex = -1;
        // The values at those indices, kept here so merging never reads the series itself.
        double min = std::numeric_limits<double>::infinity();
        double max = -std::numeric_limits<double>::infinity();
        double minPositive = std::numeric_limits<double>::infinity();
        std::int64_t nonFinite = 0;
    };

    void clear();
    // Summarises values appended since the last call (values.size() only grows).
    void update(std::span<const double> values);
    // Same as clear() + update(): after the values were all rewritten.
    void rebuild(std::span<const double> values);
    // Extrema of values[begin, end); `values` is the series this index summarises.
    Extrema query(std::span<const double> values, std::size_t begin, std::size_t end) const;

private:
    // Each level's blocks are 16 of the level below: any range is covered by at most 15
    // pieces per level on each side, so a pixel column of any width costs ~100 merges.
    static constexpr unsigned kFanOutBits = 4; // 16; powers of two keep indexing to shifts
    static constexpr std::size_t kLevels = 4;

    static constexpr unsigned blockBits(std::size_t level)
    {
        return kFanOutBits * unsigned(level + 1);
    }
    static constexpr std::size_t blockMask(std::size_t level)
    {
        return (std::size_t(1) << blockBits(level)) - 1;
    }
    Extrema &blockAt(std::size_t level, std::size_t index);

    std::array<std::vector<Extrema>, kLevels> m_levels; // block sizes 16, 256, 4096, 65536
    std::size_t m_summarised = 0;
};

} // namespace pelab
