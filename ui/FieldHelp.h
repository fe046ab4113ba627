// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace pelab {

// What the window calls each config.json field, and the tooltip that explains it in plain
// words: what it does and what to expect when changing it.
QString fieldLabel(const QString &field);
QString fieldToolTip(const QString &field);

} // namespace pelab
