// Wasserstein-1: 1D quantile-function formula and its sliced average (protocols.md D).
#include "metrics/Wasserstein.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gs {
namespace {

std::vector<double> sortedProjection(const Eigen::MatrixXd& s, const Eigen::VectorXd& dir) {
  std::vector<double> v(size_t(s.cols()));
  for (Eigen::Index j = 0; j < s.cols(); ++j) v[size_t(j)] = s.col(j).dot(dir);
  std::sort(v.begin(), v.end());
  return v;
}

void check(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows() || a.rows() < 1) throw std::invalid_argument("wasserstein: dimensions differ");
  if (a.cols() < 1 || b.cols() < 1) throw std::invalid_argument("wasserstein: empty sample set");
}

}  // namespace

double wasserstein1Sorted(const std::vector<double>& a, const std::vector<double>& b) {
  const size_t n = a.size(), m = b.size();
  if (!n || !m) throw std::invalid_argument("wasserstein1Sorted: empty sample set");
  // Walk the merged breakpoints i/n and j/m of the two quantile functions; compare
  // (i+1)/n with (j+1)/m in integers to keep coinciding breakpoints exact.
  size_t i = 0, j = 0;
  double t = 0, sum = 0;
  while (i < n && j < m) {
    const size_t ta = (i + 1) * m, tb = (j + 1) * n;  // both over n*m
    const double next = double(std::min(ta, tb)) / double(n * m);
    sum += (next - t) * std::abs(a[i] - b[j]);
    t = next;
    if (ta <= tb) ++i;
    if (tb <= ta) ++j;
  }
  return sum;
}

double wasserstein1Exact1d(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  check(a, b);
  if (a.rows() != 1) throw std::invalid_argument("wasserstein1Exact1d: samples must be 1D");
  const Eigen::VectorXd one = Eigen::VectorXd::Ones(1);
  return wasserstein1Sorted(sortedProjection(a, one), sortedProjection(b, one));
}

double slicedWasserstein1(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, int directions, Rng& rng) {
  check(a, b);
  if (a.rows() == 1) return wasserstein1Exact1d(a, b);
  if (directions < 1) throw std::invalid_argument("slicedWasserstein1: directions must be >= 1");
  const auto d = a.rows();
  const double offset = rng.uniform();
  double sum = 0;
  Eigen::VectorXd dir(d);
  for (int k = 0; k < directions; ++k) {
    if (d == 2) {
      const double angle = M_PI * (k + offset) / directions;
      dir << std::cos(angle), std::sin(angle);
    } else {
      for (Eigen::Index i = 0; i < d; ++i) dir[i] = rng.normal();
      dir.normalize();
    }
    sum += wasserstein1Sorted(sortedProjection(a, dir), sortedProjection(b, dir));
  }
  return sum / directions;
}

}  // namespace gs
