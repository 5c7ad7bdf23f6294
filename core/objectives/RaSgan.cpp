// Relativistic average standard GAN, RaSGAN (Jolicoeur-Martineau 2018, eq. 6; official code
// AlexiaJM/RelativisticGAN GAN_losses_iter.py; protocols.md B12). C = raw critic output,
// BCE(u, 1) = softplus(-u), BCE(u, 0) = softplus(u):
//   D: min  ½ mean BCE(C(x) - mean C(G(z)), 1) + ½ mean BCE(C(G(z)) - mean C(x), 0)
//   G: min  ½ mean BCE(C(x) - mean C(G(z)), 0) + ½ mean BCE(C(G(z)) - mean C(x), 1)
// The generator loss reads the critic on the real batch. No parameters.
#include <utility>

#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

std::pair<double, double> bceOne(double u) { return {softplus(-u), -sigmoid(-u)}; }
std::pair<double, double> bceZero(double u) { return {softplus(u), sigmoid(u)}; }

class RaSgan final : public Objective {
 public:
  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"rasgan",
                                 "Relativistic average GAN (RaSGAN)",
                                 "D: BCE(C(x)-E C(G(z)), 1) + BCE(C(G(z))-E C(x), 0)   G: labels swapped",
                                 "Jolicoeur-Martineau 2018; AlexiaJM/RelativisticGAN; protocols.md B12",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Critic};
    return i;
  }

  bool generatorNeedsReal() const override { return true; }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    return loss::relativisticAverage(*in.real, *in.fake, bceOne, bceZero, g);
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    return loss::relativisticAverage(*in.real, *in.fake, bceZero, bceOne, g);
  }
};

}  // namespace

std::unique_ptr<Objective> makeRaSgan() { return std::make_unique<RaSgan>(); }

}  // namespace gs
