// Relativistic average least-squares GAN, RaLSGAN (Jolicoeur-Martineau 2018, eq. 7; official
// code AlexiaJM/RelativisticGAN GAN_losses_iter.py; protocols.md B12). C = raw critic output:
//   D: min  ½ mean (C(x) - mean C(G(z)) - 1)² + ½ mean (C(G(z)) - mean C(x) + 1)²
//   G: min  ½ mean (C(x) - mean C(G(z)) + 1)² + ½ mean (C(G(z)) - mean C(x) - 1)²
// The generator loss reads the critic on the real batch. No parameters.
#include <utility>

#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

std::pair<double, double> towardPlusOne(double u) { return {(u - 1) * (u - 1), 2 * (u - 1)}; }
std::pair<double, double> towardMinusOne(double u) { return {(u + 1) * (u + 1), 2 * (u + 1)}; }

class RaLsgan final : public Objective {
 public:
  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"ralsgan",
                                 "Relativistic average LSGAN (RaLSGAN)",
                                 "D: E(C(x)-E C(G(z))-1)² + E(C(G(z))-E C(x)+1)²   G: targets swapped",
                                 "Jolicoeur-Martineau 2018; AlexiaJM/RelativisticGAN; protocols.md B12",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Critic};
    return i;
  }

  bool generatorNeedsReal() const override { return true; }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    return loss::relativisticAverage(*in.real, *in.fake, towardPlusOne, towardMinusOne, g);
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    return loss::relativisticAverage(*in.real, *in.fake, towardMinusOne, towardPlusOne, g);
  }
};

}  // namespace

std::unique_ptr<Objective> makeRaLsgan() { return std::make_unique<RaLsgan>(); }

}  // namespace gs
