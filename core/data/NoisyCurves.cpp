// Curve-plus-noise datasets: line, circle, spiral, swissroll, moons.
#include "data/NoisyCurves.h"

#include <algorithm>
#include <cmath>

#include "data/GaussianMixture.h"

namespace gs {
namespace {

double normalPdf(double z, double s) { return std::exp(-0.5 * z * z / (s * s)) / (std::sqrt(2 * M_PI) * s); }

Box squareBox(double lox, double loy, double hix, double hiy, double margin) {
  Eigen::Vector2d lo(lox, loy), hi(hix, hiy);
  return boxAround(lo, hi, margin);
}

}  // namespace

void LineSegment::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(2, n);
  for (int j = 0; j < n; ++j) {
    const double x = rng.uniform(-half_, half_);
    out(0, j) = x;
    out(1, j) = slope_ * x + rng.normal(0.0, noise_);
  }
}

double LineSegment::density(const double* x) const {
  if (std::abs(x[0]) > half_) return 0.0;
  return normalPdf(x[1] - slope_ * x[0], noise_) / (2 * half_);
}

Box LineSegment::bounds() const {
  const double h = std::abs(slope_) * half_;
  return squareBox(-half_, -h, half_, h, std::max(half_ / 3, 4.5 * noise_));
}

void NoisyCircle::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(2, n);
  for (int j = 0; j < n; ++j) {
    const double a = 2 * M_PI * rng.uniform();
    const double r = rng.normal(radius_, noise_);
    out(0, j) = r * std::cos(a);
    out(1, j) = r * std::sin(a);
  }
}

double NoisyCircle::density(const double* x) const {
  const double rho = std::hypot(x[0], x[1]);
  if (rho < 1e-12) return 0.0;  // a single point: any value is a valid version of the density
  return (normalPdf(rho - radius_, noise_) + normalPdf(rho + radius_, noise_)) / (2 * M_PI * rho);
}

Box NoisyCircle::bounds() const {
  return squareBox(-radius_, -radius_, radius_, radius_, std::max(0.5 * radius_, 4.5 * noise_));
}

void Spiral::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(2, n);
  for (int j = 0; j < n; ++j) {
    const double t = std::sqrt(rng.uniform());
    const double a = 3 * M_PI * t + (rng.below(2) ? M_PI : 0.0);
    const double r = (0.15 + 1.65 * t) * scale_;
    out(0, j) = r * std::cos(a) + rng.normal(0.0, noise_);
    out(1, j) = r * std::sin(a) + rng.normal(0.0, noise_);
  }
}

Box Spiral::bounds() const {
  const double r = 1.8 * scale_;
  return squareBox(-r, -r, r, r, std::max(0.3 * scale_, 4.5 * noise_));
}

void SwissRoll::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(2, n);
  const double k = scale_ / 7.5;
  for (int j = 0; j < n; ++j) {
    const double t = 1.5 * M_PI * (1 + 2 * rng.uniform());
    out(0, j) = k * t * std::cos(t) + rng.normal(0.0, noise_);
    out(1, j) = k * t * std::sin(t) + rng.normal(0.0, noise_);
  }
}

Box SwissRoll::bounds() const {
  // Extremes of (t cos t, t sin t) / 7.5 for t in [1.5 pi, 4.5 pi].
  const double k = scale_;
  return squareBox(-1.26 * k, -1.47 * k, 1.68 * k, 1.89 * k, std::max(0.25 * scale_, 4.5 * noise_));
}

void TwoMoons::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(2, n);
  for (int j = 0; j < n; ++j) {
    const double a = M_PI * rng.uniform();
    const bool upper = rng.below(2) == 0;
    const double x = upper ? std::cos(a) : 1 - std::cos(a);
    const double y = upper ? std::sin(a) : 0.5 - std::sin(a);
    out(0, j) = (x - 0.5) * scale_ + rng.normal(0.0, noise_);
    out(1, j) = (y - 0.25) * scale_ + rng.normal(0.0, noise_);
  }
}

Box TwoMoons::bounds() const {
  const double k = scale_;
  return squareBox(-1.5 * k, -0.75 * k, 1.5 * k, 0.75 * k, std::max(0.3 * scale_, 4.5 * noise_));
}

}  // namespace gs
