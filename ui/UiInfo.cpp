// SPDX-License-Identifier: MIT
#include "UiInfo.h"
namespace pelab {
QString uiInfo() { return QStringLiteral("ui"); }
}
