// SPDX-License-Identifier: MIT
#pragma once

// The colormaps live in core, so the exported figures and the window's views share them.
#include "figures/Colormap.h"
