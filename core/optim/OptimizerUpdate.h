// The per-element updates of the optimisers (PyTorch's definitions, see Optimizer.cpp), GS_HD so
// that Optimizer::step's CPU loop and a device kernel run one definition: the CPU tests check
// exactly the arithmetic a kernel would run. The scalars that depend only on the step count
// (Adam's bias corrections) are computed once per step by the caller.
#pragma once
#include <cmath>

#include "util/HostDevice.h"

namespace gs {

// SGD with momentum μ = b1 (PyTorch: buf = μ buf + g; p -= lr buf; plain SGD when μ = 0).
template <class S>
GS_HD inline void sgdUpdate(S& p, S& m, S g, S lr, S b1, S wd) {
  const S gi = g + wd * p;
  m = b1 * m + gi;
  p -= lr * (b1 > S(0) ? m : gi);
}

// Adam with bias correction: stepSize = lr / (1 - β1^t), invSqrtC2 = 1 / sqrt(1 - β2^t).
template <class S>
GS_HD inline void adamUpdate(S& p, S& m, S& v, S g, S stepSize, S b1, S b2, S invSqrtC2, S eps, S wd) {
  const S gi = g + wd * p;
  m = b1 * m + (S(1) - b1) * gi;
  v = b2 * v + (S(1) - b2) * gi * gi;
  p -= stepSize * m / (std::sqrt(v) * invSqrtC2 + eps);
}

// RMSProp: v = αv + (1-α)g², p -= lr g / (sqrt(v) + eps), α = b2.
template <class S>
GS_HD inline void rmspropUpdate(S& p, S& v, S g, S lr, S b2, S eps, S wd) {
  const S gi = g + wd * p;
  v = b2 * v + (S(1) - b2) * gi * gi;
  p -= lr * gi / (std::sqrt(v) + eps);
}

}  // namespace gs
