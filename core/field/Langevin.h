// Langevin particles on a learned energy E: x <- x - η ∇E(x) + sqrt(2η) ε (a sampler of
// p ∝ exp(-E)), kept inside the view box. The particles persist between calls so the class
// sees them drift toward the low-energy regions as training goes on.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <functional>

#include "data/Distribution.h"
#include "util/Rng.h"

namespace gs {

class LangevinSampler {
 public:
  // ∇_x E at each column of x (dim x n).
  using EnergyGradient = std::function<void(const Eigen::MatrixXd& x, Eigen::MatrixXd& grad)>;

  explicit LangevinSampler(uint64_t seed = 4242) : rng_(seed) {}
  // The next advance() starts fresh particles, uniform in the box.
  void restart() { particles_.resize(0, 0); }
  // `steps` updates with η = 2e-4 · extent², extent = the box's longer side.
  void advance(const Box& box, int dim, int particles, int steps, const EnergyGradient& gradE);
  const Eigen::MatrixXd& particles() const { return particles_; }

 private:
  Rng rng_;
  Eigen::MatrixXd particles_;
  Eigen::MatrixXd grad_;
};

}  // namespace gs
