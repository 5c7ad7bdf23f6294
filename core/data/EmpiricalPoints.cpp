// Empirical point set with Gaussian jitter: an equal-weight mixture, exact density.
#include "data/EmpiricalPoints.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "data/GaussianMixture.h"

namespace gs {

double defaultJitter(const Eigen::MatrixXd& points, double fallback) {
  const double extent = (points.rowwise().maxCoeff() - points.rowwise().minCoeff()).maxCoeff();
  return extent > 0 ? 0.01 * extent : fallback;
}

EmpiricalPoints::EmpiricalPoints(std::string name, Eigen::MatrixXd points, double jitter)
    : name_(std::move(name)), jitter_(jitter) {
  std::vector<int> order(points.cols());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return points(0, a) < points(0, b); });
  points_.resize(points.rows(), points.cols());
  for (int j = 0; j < int(order.size()); ++j) points_.col(j) = points.col(order[j]);
  const Eigen::VectorXd lo = points_.rowwise().minCoeff(), hi = points_.rowwise().maxCoeff();
  box_ = boxAround(lo, hi, std::max(0.1 * (hi - lo).maxCoeff(), 4.5 * jitter_));
}

void EmpiricalPoints::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(points_.rows(), n);
  for (int j = 0; j < n; ++j) {
    const auto k = Eigen::Index(rng.below(uint64_t(points_.cols())));
    for (int d = 0; d < points_.rows(); ++d) out(d, j) = points_(d, k) + rng.normal(0.0, jitter_);
  }
}

double EmpiricalPoints::density(const double* x) const {
  const double cut = 8 * jitter_;
  const double* xs = points_.data();  // column-major: x of column j at xs[j * rows]
  const int rows = int(points_.rows()), n = int(points_.cols());
  // First column with x >= x[0] - cut, by binary search over the sorted x coordinates.
  int lo = 0, hi = n;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (xs[mid * rows] < x[0] - cut)
      lo = mid + 1;
    else
      hi = mid;
  }
  const double inv2s2 = 0.5 / (jitter_ * jitter_);
  double sum = 0;
  for (int j = lo; j < n && xs[j * rows] <= x[0] + cut; ++j) {
    double d2 = 0;
    for (int d = 0; d < rows; ++d) d2 += (x[d] - points_(d, j)) * (x[d] - points_(d, j));
    sum += std::exp(-d2 * inv2s2);
  }
  const double norm = std::pow(2 * M_PI * jitter_ * jitter_, 0.5 * rows);
  return sum / (n * norm);
}

}  // namespace gs
