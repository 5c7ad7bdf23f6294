// Finite-difference helpers for the gradient tests (double precision, central differences).
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "util/Rng.h"

namespace gs::test {

// Compares analytic[i] with (f(x + h e_i) - f(x - h e_i)) / 2h on up to `maxChecks` random
// coordinates of x (all when there are fewer). f must read x through the pointer.
inline void expectGradientMatches(double* x, int n, const std::vector<double>& analytic,
                                  const std::function<double()>& f, const char* what, double tol = 1e-6,
                                  double h = 1e-6, int maxChecks = 60) {
  ASSERT_EQ(int(analytic.size()), n) << what;
  Rng pick(99);
  std::vector<int> idx(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) idx[size_t(i)] = i;
  for (int i = n - 1; i > 0; --i) std::swap(idx[size_t(i)], idx[pick.below(uint64_t(i + 1))]);
  if (n > maxChecks) idx.resize(size_t(maxChecks));
  double scale = 1e-8;
  for (double a : analytic) scale = std::max(scale, std::abs(a));
  for (int i : idx) {
    const double keep = x[i];
    x[i] = keep + h;
    const double fp = f();
    x[i] = keep - h;
    const double fm = f();
    x[i] = keep;
    const double numeric = (fp - fm) / (2 * h);
    EXPECT_NEAR(analytic[size_t(i)], numeric, tol * std::max(1.0, scale))
        << what << ": coordinate " << i << " of " << n;
  }
}

}  // namespace gs::test
