// D* from two KDEs with a shared Silverman bandwidth (see OptimalDiscriminator.h).
#include "metrics/OptimalDiscriminator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "metrics/Kde.h"

namespace gs {

namespace {

double quantile(std::vector<double>& v, double q) {
  const size_t k = size_t(q * double(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
  return v[k];
}

}  // namespace

double silvermanBandwidth(const Eigen::MatrixXd& samples, double floor) {
  const auto n = samples.cols(), d = samples.rows();
  if (n < 2) return floor;
  const Eigen::VectorXd mean = samples.rowwise().mean();
  const double sigma = std::sqrt((samples.colwise() - mean).squaredNorm() / double(d * (n - 1)));
  double h;
  if (d == 1) {
    std::vector<double> v(samples.data(), samples.data() + n);
    const double iqr = quantile(v, 0.75) - quantile(v, 0.25);
    const double spread = iqr > 0 ? std::min(sigma, iqr / 1.34) : sigma;
    h = 0.9 * spread * std::pow(double(n), -0.2);
  } else {
    h = sigma * std::pow(4.0 / double(d + 2), 1.0 / double(d + 4)) * std::pow(double(n), -1.0 / double(d + 4));
  }
  return std::isfinite(h) ? std::max(h, floor) : floor;
}

OptimalDiscriminatorGrid optimalDiscriminatorGrid(const Eigen::MatrixXd& real, const Eigen::MatrixXd& fake,
                                                  const Box& box, int nx, int ny, double noiseStd) {
  OptimalDiscriminatorGrid out;
  const double extent = std::max(box.xmax - box.xmin, real.rows() > 1 ? box.ymax - box.ymin : 0.0);
  const double h0 = silvermanBandwidth(fake, 0.01 * extent);
  out.bandwidth = noiseStd > 0 ? std::sqrt(h0 * h0 + noiseStd * noiseStd) : h0;
  const double h = out.bandwidth;
  const std::vector<double> p = kdeGrid(real, box, nx, ny, h), q = kdeGrid(fake, box, nx, ny, h);
  // A KDE value times n (2π h²)^(d/2) is the kernel-weighted count of samples near x.
  const double unit = std::pow(2 * M_PI * h * h, 0.5 * double(real.rows()));
  const double np = double(real.cols()) * unit, nq = double(fake.cols()) * unit;
  out.values.resize(p.size());
  for (size_t k = 0; k < p.size(); ++k) {
    const bool enough = p[k] * np + q[k] * nq >= kOptimalDiscriminatorMinCount;
    out.values[k] = enough ? p[k] / (p[k] + q[k]) : std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

}  // namespace gs
