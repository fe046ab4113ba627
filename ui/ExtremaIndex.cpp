// SPDX-License-Identifier: MIT
#include "ExtremaIndex.h"

#include <cmath>

namespace pelab {

namespace {

// Folds `part` (which lies after everything already in `into`) into `into`; ties keep the
// earlier index, as a left-to-right scan would.
void merge(ExtremaIndex::Extrema &into, const ExtremaIndex::Extrema &part)
{
    if (part.min < into.min) {
        into.min = part.min;
        into.minIndex = part.minIndex;
    }
    if (part.max > into.max) {
        into.max = part.max;
        into.maxIndex = part.maxIndex;
    }
    into.minPositive = std::min(into.minPositive, part.minPositive);
    into.nonFinite += part.nonFinite;
}

void mergeValue(ExtremaIndex::Extrema &into, double y, std::size_t i)
{
    if (!std::isfinite(y)) {
        ++into.nonFinite;
        return;
    }
    if (y < into.min) {
        into.min = y;
        into.minIndex = std::ptrdiff_t(i);
    }
    if (y > into.max) {
        into.max = y;
        into.maxIndex = std::ptrdiff_t(i);
    }
    if (y > 0 && y < into.minPositive)
        into.minPositive = y;
}

} // namespace

void ExtremaIndex::clear()
{
    for (auto &level : m_levels)
        level.clear();
    m_summarised = 0;
}

void ExtremaIndex::rebuild(std::span<const double> values)
{
    clear();
    update(values);
}

void ExtremaIndex::update(std::span<const double> values)
{
    for (std::size_t i = m_summarised; i < values.size(); ++i) {
        // The value goes into its level 0 block; a block that just filled up goes into its
        // parent, and so on up.
        mergeValue(blockAt(0, i), values[i], i);
        for (std::size_t level = 1; level < kLevels; ++level) {
            if (((i + 1) & blockMask(level - 1)) != 0)
                break; // the child block is still filling: its parent waits for it
            merge(blockAt(level, i), m_levels[level - 1][i >> blockBits(level - 1)]);
        }
    }
    m_summarised = values.size();
}

ExtremaIndex::Extrema &ExtremaIndex::blockAt(std::size_t level, std::size_t index)
{
    const std::size_t block = index >> blockBits(level);
    if (m_levels[level].size() <= block)
        m_levels[level].resize(block + 1);
    return m_levels[level][block];
}

ExtremaIndex::Extrema ExtremaIndex::query(std::span<const double> values, std::size_t begin,
                                          std::size_t end) const
{
    Extrema result;
    end = std::min(end, m_summarised);
    std::size_t i = begin;
    while (i < end) {
        // The biggest block that starts here and ends inside the range, else a single value.
        std::size_t level = 0;
        while (level < kLevels && (i & blockMask(level)) == 0 && i + blockMask(level) < end)
            ++level;
        if (level == 0) {
            mergeValue(result, values[i], i);
            ++i;
        } else {
            merge(result, m_levels[level - 1][i >> blockBits(level - 1)]);
            i += blockMask(level - 1) + 1;
        }
    }
    return result;
}

} // namespace pelab
