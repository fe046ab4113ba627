// SPDX-License-Identifier: MIT
// Precompiled header for pelab_core: the LibTorch headers its engine uses.
#pragma once

#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
