// Langevin sampling on an energy (see Langevin.h).
#include "field/Langevin.h"

#include <algorithm>
#include <cmath>

namespace gs {

void LangevinSampler::advance(const Box& box, int dim, int particles, int steps, const EnergyGradient& gradE) {
  if (particles_.cols() == 0 || particles_.rows() != dim) {
    particles_.resize(dim, particles);
    for (int k = 0; k < particles; ++k) {
      particles_(0, k) = rng_.uniform(box.xmin, box.xmax);
      if (dim > 1) particles_(1, k) = rng_.uniform(box.ymin, box.ymax);
    }
  }
  const double extent = std::max(box.xmax - box.xmin, dim > 1 ? box.ymax - box.ymin : 0.0);
  const double eta = 2e-4 * extent * extent;
  for (int it = 0; it < steps; ++it) {
    gradE(particles_, grad_);
    for (Eigen::Index k = 0; k < particles_.cols(); ++k)
      for (int i = 0; i < dim; ++i) {
        double g = grad_(i, k);
        if (!std::isfinite(g)) g = 0;  // an untrained energy can be flat or wild: no NaN particles
        particles_(i, k) += -eta * std::clamp(g, -1e3, 1e3) + std::sqrt(2 * eta) * rng_.normal();
      }
    // Keep particles in view: stop them at the box.
    for (Eigen::Index k = 0; k < particles_.cols(); ++k) {
      particles_(0, k) = std::clamp(particles_(0, k), box.xmin, box.xmax);
      if (dim > 1) particles_(1, k) = std::clamp(particles_(1, k), box.ymin, box.ymax);
    }
  }
}

}  // namespace gs
