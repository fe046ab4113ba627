// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QWidget;

namespace pelab {

// Help -> About: PE Lab's version and the Qt, LibTorch and BLAS it runs on (what a bug
// report needs).
QString aboutText();
// Opens without blocking the caller (no nested event loop).
void showAboutDialog(QWidget *parent);

} // namespace pelab
