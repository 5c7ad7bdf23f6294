// The data distributions ganscope trains on: a common interface for sampling, the exact
// density where one exists, mixture modes for coverage metrics, and a suggested view box.
#pragma once
#include <Eigen/Core>
#include <memory>
#include <string>
#include <vector>

#include "util/Rng.h"

namespace gs {

// One mixture component (or a representative "mode" of a structured set): used by the
// 3-sigma mode-coverage metrics (VEEGAN / PacGAN, protocols.md D).
struct Mode {
  Eigen::VectorXd centre;
  Eigen::VectorXd stddev;  // per-coordinate standard deviation
  double weight = 1.0;
};

struct Box {
  double xmin = -3, xmax = 3, ymin = -3, ymax = 3;  // for 1D data only x is used
};

class Distribution {
 public:
  virtual ~Distribution() = default;
  virtual std::string name() const = 0;
  virtual int dim() const = 0;  // 1 or 2
  // Fills out (dim x n) with n independent samples.
  virtual void sample(Rng& rng, Eigen::MatrixXd& out, int n) const = 0;
  // Exact density p(x), when known (hasDensity()).
  virtual bool hasDensity() const { return false; }
  virtual double density(const double* x) const {
    (void)x;
    return 0.0;
  }
  // Mixture components; empty when the distribution has no discrete modes.
  virtual std::vector<Mode> modes() const { return {}; }
  // A box that contains the support with a margin, for views and grid metrics.
  virtual Box bounds() const = 0;
};

}  // namespace gs
