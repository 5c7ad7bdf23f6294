// A finite mixture of axis-aligned Gaussians in 1D or 2D: exact density, modes and sampling.
// Backs gauss1d, mix2-1d, mix3-1d, ring8, grid25, gauss2d and biased-mixture (see Datasets.h).
#pragma once
#include <string>
#include <vector>

#include "data/Distribution.h"

namespace gs {

class GaussianMixture : public Distribution {
 public:
  // Weights are normalised here; every component must have the same dimension (1 or 2).
  GaussianMixture(std::string name, std::vector<Mode> components);

  std::string name() const override { return name_; }
  int dim() const override { return dim_; }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  bool hasDensity() const override { return true; }
  double density(const double* x) const override;
  std::vector<Mode> modes() const override { return components_; }
  Box bounds() const override { return box_; }

 private:
  std::string name_;
  int dim_ = 1;
  std::vector<Mode> components_;
  std::vector<double> cumulative_;  // cumulative normalised weights, for sampling
  Box box_;
};

// Index i with cumulative[i-1] <= u < cumulative[i] (u in [0,1)); shared by the samplers.
int pickIndex(const std::vector<double>& cumulative, double u);

// Square (2D) or interval (1D) view around [lo, hi] per axis plus margin on every side.
Box boxAround(const Eigen::VectorXd& lo, const Eigen::VectorXd& hi, double margin);

}  // namespace gs
