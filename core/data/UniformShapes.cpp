// Uniform interval and checkerboard: exact densities, direct sampling.
#include "data/UniformShapes.h"

#include <cmath>

namespace gs {

void UniformInterval::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(1, n);
  for (int j = 0; j < n; ++j) out(0, j) = rng.uniform(-half_, half_);
}

double UniformInterval::density(const double* x) const { return std::abs(x[0]) <= half_ ? 0.5 / half_ : 0.0; }

Box UniformInterval::bounds() const {
  Box b;
  b.xmin = -1.25 * half_;
  b.xmax = 1.25 * half_;
  return b;
}

void Checkerboard::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(2, n);
  for (int j = 0; j < n; ++j) {
    // Black cell k in 0..7: row r = k / 2, column c = 2 (k % 2) + (r % 2), so c + r is even.
    const int k = int(rng.below(8));
    const int r = k / 2, c = 2 * (k % 2) + (r % 2);
    out(0, j) = (c - 2 + rng.uniform()) * cell_;
    out(1, j) = (r - 2 + rng.uniform()) * cell_;
  }
}

double Checkerboard::density(const double* x) const {
  const double c = std::floor(x[0] / cell_) + 2, r = std::floor(x[1] / cell_) + 2;
  if (c < 0 || c > 3 || r < 0 || r > 3) return 0.0;
  return (int(c + r) % 2 == 0) ? 1.0 / (8 * cell_ * cell_) : 0.0;
}

Box Checkerboard::bounds() const {
  const double h = 2.5 * cell_;
  return Box{-h, h, -h, h};
}

}  // namespace gs
