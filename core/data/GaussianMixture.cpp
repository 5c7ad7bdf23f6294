// Mixture of axis-aligned Gaussians: p(x) = sum_k w_k prod_i N(x_i; mu_ki, sigma_ki^2).
#include "data/GaussianMixture.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gs {

int pickIndex(const std::vector<double>& cumulative, double u) {
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  const auto i = int(it - cumulative.begin());
  return std::min(i, int(cumulative.size()) - 1);
}

Box boxAround(const Eigen::VectorXd& lo, const Eigen::VectorXd& hi, double margin) {
  Box b;
  if (lo.size() == 1) {
    b.xmin = lo[0] - margin;
    b.xmax = hi[0] + margin;
    return b;
  }
  // Square, so that views and grid metrics have equal x/y resolution.
  const double half = 0.5 * std::max(hi[0] - lo[0], hi[1] - lo[1]) + margin;
  const double cx = 0.5 * (lo[0] + hi[0]), cy = 0.5 * (lo[1] + hi[1]);
  b.xmin = cx - half;
  b.xmax = cx + half;
  b.ymin = cy - half;
  b.ymax = cy + half;
  return b;
}

GaussianMixture::GaussianMixture(std::string name, std::vector<Mode> components)
    : name_(std::move(name)), components_(std::move(components)) {
  if (components_.empty()) throw std::invalid_argument("GaussianMixture: no components");
  dim_ = int(components_[0].centre.size());
  double total = 0;
  for (const auto& c : components_) total += c.weight;
  double acc = 0, maxStd = 0;
  Eigen::VectorXd lo = components_[0].centre, hi = lo;
  for (auto& c : components_) {
    if (c.centre.size() != dim_ || c.stddev.size() != dim_)
      throw std::invalid_argument("GaussianMixture: component dimensions differ");
    c.weight /= total;
    acc += c.weight;
    cumulative_.push_back(acc);
    lo = lo.cwiseMin(c.centre);
    hi = hi.cwiseMax(c.centre);
    maxStd = std::max(maxStd, c.stddev.maxCoeff());
  }
  // Margin: 4.5 sigma keeps all but ~1e-5 of the mass inside; a quarter of the spread
  // of the centres leaves room around narrow modes.
  const double spread = (hi - lo).maxCoeff();
  box_ = boxAround(lo, hi, std::max(4.5 * maxStd, 0.25 * spread));
}

void GaussianMixture::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(dim_, n);
  for (int j = 0; j < n; ++j) {
    const Mode& c = components_[pickIndex(cumulative_, rng.uniform())];
    for (int i = 0; i < dim_; ++i) out(i, j) = rng.normal(c.centre[i], c.stddev[i]);
  }
}

double GaussianMixture::density(const double* x) const {
  double p = 0;
  for (const auto& c : components_) {
    double q = c.weight;
    for (int i = 0; i < dim_; ++i) {
      const double z = (x[i] - c.centre[i]) / c.stddev[i];
      q *= std::exp(-0.5 * z * z) / (std::sqrt(2 * M_PI) * c.stddev[i]);
    }
    p += q;
  }
  return p;
}

}  // namespace gs
