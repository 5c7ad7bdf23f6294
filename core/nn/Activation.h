// Pointwise activations with first and second derivatives (the second is needed by the
// double backward pass of gradient penalties: WGAN-GP, R1). activate, activateDeriv and
// activateDeriv2 are GS_HD: the CUDA backend's kernels call these same definitions.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "util/HostDevice.h"

namespace gs {

enum class Activation { Identity, ReLU, LeakyReLU, Tanh, ELU, Softplus };

constexpr double kLeakySlope = 0.2;

Activation activationFromName(const std::string& name);  // throws ConfigError
std::string activationName(Activation a);
std::vector<std::string> activationNames();

template <class S>
GS_HD inline S activate(Activation a, S x) {
  switch (a) {
    case Activation::Identity:
      return x;
    case Activation::ReLU:
      return x > S(0) ? x : S(0);
    case Activation::LeakyReLU:
      return x > S(0) ? x : S(kLeakySlope) * x;
    case Activation::Tanh:
      return std::tanh(x);
    case Activation::ELU:
      return x > S(0) ? x : std::expm1(x);
    case Activation::Softplus:
      return x > S(20) ? x : std::log1p(std::exp(x));
  }
  return x;
}

template <class S>
GS_HD inline S activateDeriv(Activation a, S x) {
  switch (a) {
    case Activation::Identity:
      return S(1);
    case Activation::ReLU:
      return x > S(0) ? S(1) : S(0);
    case Activation::LeakyReLU:
      return x > S(0) ? S(1) : S(kLeakySlope);
    case Activation::Tanh: {
      S t = std::tanh(x);
      return S(1) - t * t;
    }
    case Activation::ELU:
      return x > S(0) ? S(1) : std::exp(x);
    case Activation::Softplus:
      return S(1) / (S(1) + std::exp(-x));
  }
  return S(1);
}

template <class S>
GS_HD inline S activateDeriv2(Activation a, S x) {
  switch (a) {
    case Activation::Identity:
    case Activation::ReLU:
    case Activation::LeakyReLU:
      return S(0);
    case Activation::Tanh: {
      S t = std::tanh(x);
      return S(-2) * t * (S(1) - t * t);
    }
    case Activation::ELU:
      return x > S(0) ? S(0) : std::exp(x);
    case Activation::Softplus: {
      S s = S(1) / (S(1) + std::exp(-x));
      return s * (S(1) - s);
    }
  }
  return S(0);
}

// σ''' for the reverse pass of exact score matching (nn/ScoreMatching.cpp): the Hyvärinen loss
// holds σ'' through the Laplacian, so its parameter gradient holds σ'''.
template <class S>
inline S activateDeriv3(Activation a, S x) {
  switch (a) {
    case Activation::Identity:
    case Activation::ReLU:
    case Activation::LeakyReLU:
      return S(0);
    case Activation::Tanh: {
      S t = std::tanh(x);  // d/dx[-2t(1 - t²)] = (1 - t²)(6t² - 2)
      return (S(1) - t * t) * (S(6) * t * t - S(2));
    }
    case Activation::ELU:
      return x > S(0) ? S(0) : std::exp(x);
    case Activation::Softplus: {
      S s = S(1) / (S(1) + std::exp(-x));  // d/dx[s(1 - s)] = s(1 - s)(1 - 2s)
      return s * (S(1) - s) * (S(1) - S(2) * s);
    }
  }
  return S(0);
}

}  // namespace gs
