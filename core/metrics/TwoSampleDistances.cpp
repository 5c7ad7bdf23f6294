// Energy distance and unbiased RBF MMD^2, O(n^2) pairwise sums.
#include "metrics/TwoSampleDistances.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace gs {
namespace {

void check(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows() || a.rows() < 1) throw std::invalid_argument("two-sample distance: dimensions differ");
  if (a.cols() < 2 || b.cols() < 2) throw std::invalid_argument("two-sample distance: need at least 2 samples per set");
}

// Mean of f(||x - y||^2) over pairs; within a set (same = true) over i != j.
// Raw column-major access: this runs on ~10^7 pairs from the GUI.
template <class F>
double meanPairs(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, bool same, F f) {
  const int d = int(x.rows());
  const Eigen::Index n = x.cols(), m = y.cols();
  const double *px = x.data(), *py = y.data();
  double sum = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double* a = px + i * d;
    double row = 0;
    for (Eigen::Index j = same ? i + 1 : 0; j < m; ++j) {
      const double* b = py + j * d;
      double d2 = 0;
      for (int k = 0; k < d; ++k) d2 += (a[k] - b[k]) * (a[k] - b[k]);
      row += f(d2);
    }
    sum += row;
  }
  return same ? 2 * sum / (double(n) * double(n - 1)) : sum / (double(n) * double(m));
}

}  // namespace

double energyDistance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  check(a, b);
  auto dist = [](double d2) { return std::sqrt(d2); };
  return 2 * meanPairs(a, b, false, dist) - meanPairs(a, a, true, dist) - meanPairs(b, b, true, dist);
}

double medianPairwiseDistance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, int maxPoints) {
  const Eigen::Index total = a.cols() + b.cols();
  const Eigen::Index stride = std::max<Eigen::Index>(1, (total + maxPoints - 1) / maxPoints);
  std::vector<Eigen::VectorXd> pts;
  for (Eigen::Index k = 0; k < total; k += stride) pts.push_back(k < a.cols() ? a.col(k) : b.col(k - a.cols()));
  std::vector<double> d;
  d.reserve(pts.size() * (pts.size() - 1) / 2);
  for (size_t i = 0; i < pts.size(); ++i)
    for (size_t j = i + 1; j < pts.size(); ++j) d.push_back((pts[i] - pts[j]).norm());
  if (d.empty()) return 1.0;
  std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
  return d[d.size() / 2] > 0 ? d[d.size() / 2] : 1.0;
}

double mmdSquaredRbf(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double bandwidth) {
  check(a, b);
  const double h = bandwidth > 0 ? bandwidth : medianPairwiseDistance(a, b);
  const double g = 0.5 / (h * h);
  auto k = [g](double d2) { return std::exp(-g * d2); };
  return meanPairs(a, a, true, k) + meanPairs(b, b, true, k) - 2 * meanPairs(a, b, false, k);
}

}  // namespace gs
