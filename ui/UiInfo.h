// SPDX-License-Identifier: MIT
#pragma once
#include <QString>
namespace pelab {
QString uiInfo();
}
