// SPDX-License-Identifier: MIT
#pragma once

#include "FigureData.h"
#include "FigureHover.h"
#include "FigureStyle.h"

#include <QRectF>

#include <optional>
#include <vector>

class QPainter;

namespace pelab {

// The newest probe's attention maps of one probe sequence, [layers, heads, L, L], with its
// tokens (token tasks). Not owned: they point into the run's record.
struct AttentionMaps {
    std::int64_t layers = 0;
    std::int64_t heads = 0;
    std::int64_t length = 0;
    const double *values = nullptr;
    int sequence = 0;                 // which probe sequence these are
    int count = 1;                    // how many a view can pick from
    std::vector<std::int64_t> tokens; // its input tokens, empty for regression
    double at(std::int64_t layer, std::int64_t head, std::int64_t query, std::int64_t key) const
    {
        return values[std::size_t(((layer * heads + head) * length + query) * length + key)];
    }
};

// Sequence `sequence` of the probe batch when the record has it, else the first.
std::optional<AttentionMaps> pickedAttention(const RunRecord &run, int sequence);

// Where each position looks: the newest probe's attention probabilities for the probe sequence
// data.probeSequence, one query x key panel per layer (rows) and head (columns), on one colour
// scale from 0 to the largest probability, so a colour means the same in every panel. Token
// tasks label the panels' outer axes with the sequence's tokens when they fit.
void drawAttentionFigure(QPainter &painter, const QRectF &rect, const FigureData &data,
                         const FigureStyle &style, HoverMap *hovers = nullptr);

} // namespace pelab
