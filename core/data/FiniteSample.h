// A fixed, finite training set drawn once from a distribution (data.sample_size): batches pick
// its points with replacement, so a network can learn the sample rather than the law. The
// exact density, modes and view box stay the underlying distribution's, so metrics still say
// how far a generator is from the law the sample came from. The MIX+GAN paper's point (Arora
// et al. 2017) is told with it: a discriminator can separate two finite samples of one
// distribution, and the gap shrinks as the samples grow.
#pragma once
#include <cstdint>
#include <memory>

#include "data/Distribution.h"

namespace gs {

class FiniteSample final : public Distribution {
 public:
  // n >= 1 points from base, drawn with Rng(seed).
  FiniteSample(std::unique_ptr<Distribution> base, int n, uint64_t seed);

  std::string name() const override { return base_->name(); }
  int dim() const override { return base_->dim(); }
  void sample(Rng& rng, Eigen::MatrixXd& out, int n) const override;
  bool hasDensity() const override { return base_->hasDensity(); }
  double density(const double* x) const override { return base_->density(x); }
  std::vector<Mode> modes() const override { return base_->modes(); }
  Box bounds() const override { return base_->bounds(); }

  const Eigen::MatrixXd& points() const { return points_; }

 private:
  std::unique_ptr<Distribution> base_;
  Eigen::MatrixXd points_;  // dim x n
};

}  // namespace gs
