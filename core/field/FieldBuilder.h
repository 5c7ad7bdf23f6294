// Builds the pictures of a Snapshot from a model: the display samples and the push on them,
// the critic's field on a grid, data and generator densities, D* = p/(p+q), the gradient
// arrows, the generator's image of a latent grid and Langevin particles on energies.
// Thread-free: Session's view thread owns one; tests drive one on a Trainer directly.
#pragma once
#include <Eigen/Core>

#include "config/Config.h"
#include "field/Langevin.h"
#include "train/Metrics.h"
#include "train/Snapshot.h"
#include "train/Trainer.h"

namespace gs {

class FieldBuilder {
 public:
  static constexpr int kDisplaySamples = 512;
  static constexpr int kLangevinParticles = 400;
  // D* compares two KDEs; the 512 display samples leave it too noisy to read "1/2" off it.
  static constexpr int kDStarSamples = 2048;

  // New data, latent prior or seed: fresh fixed sample sets (drawn once so dots move smoothly).
  void resetSamples(const Trainer<float>& t, const Config& c);
  // Particles start again (new data, new run, or the objective stopped being an energy).
  void restartLangevin() { langevin_.restart(); }
  // Fills s.real, fake, fakeComponent, push, the fields, gradient arrows, manifold and
  // Langevin particles. Needs s.dim, s.box and s.objective set; call resetSamples first.
  void build(Trainer<float>& t, const Config& c, Snapshot& s);
  const Eigen::MatrixXd& displayReal() const { return display_.real; }

 private:
  EvalSet display_, dStarSet_;
  Eigen::MatrixXd dStarFake_;
  LangevinSampler langevin_;
};

}  // namespace gs
