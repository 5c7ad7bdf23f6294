// A finite point set (drawn by hand or loaded from CSV) used as data: sampling picks a point
// with replacement and adds a small Gaussian jitter, so the law is an equal-weight Gaussian
// mixture centred on the points and its density is exact.
#pragma once
#include <string>
#include <vector>

#include "data/Distribution.h"

namespace gs {

class EmpiricalPoints : public Distribution {
 public:
  // points: (dim x n), dim 1 or 2, n >= 1; jitter > 0 is the per-coordinate std.
  EmpiricalPoints(std::string name, Eigen::MatrixXd points, double jitter);

  std::string name() const override { return name_; }
  int dim() const override { return int(points_.rows()); }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  bool hasDensity() const override { return true; }
  // p(x) = (1/n) sum_i prod_d N(x_d; p_id, jitter^2), skipping points more than 8 jitters
  // away in x (their terms are below e^-32 relative).
  double density(const double* x) const override;
  Box bounds() const override { return box_; }

  const Eigen::MatrixXd& points() const { return points_; }
  double jitter() const { return jitter_; }

 private:
  std::string name_;
  Eigen::MatrixXd points_;  // columns sorted by x, for the density window
  double jitter_;
  Box box_;
};

// Default jitter for a point set: 1% of its largest extent (fallback when all points coincide).
double defaultJitter(const Eigen::MatrixXd& points, double fallback);

}  // namespace gs
