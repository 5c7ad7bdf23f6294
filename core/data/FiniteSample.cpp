// A fixed training set drawn once (see FiniteSample.h).
#include "data/FiniteSample.h"

namespace gs {

FiniteSample::FiniteSample(std::unique_ptr<Distribution> base, int n, uint64_t seed) : base_(std::move(base)) {
  Rng rng(seed);
  base_->sample(rng, points_, n);
}

void FiniteSample::sample(Rng& rng, Eigen::MatrixXd& out, int n) const {
  out.resize(points_.rows(), n);
  for (int k = 0; k < n; ++k) out.col(k) = points_.col(Eigen::Index(rng.below(uint64_t(points_.cols()))));
}

}  // namespace gs
