// Non-saturating GAN (Goodfellow et al. 2014, §3; protocols.md B1).
//   D: min  E_p[softplus(-D(x))] + E_q[softplus(D(G(z)))]      (= -E log σ(D) - E log(1-σ(D)))
//   G: min  E_z[softplus(-D(G(z)))]                            (= -E log σ(D(G(z))))
// Defaults: Adam 1e-4 as the PacGAN code (protocols.md A2). PacGAN's β1 is 0.8; ganscope's
// β1 is 0.5 for every objective (the DCGAN / WGAN-GP value), set g.beta1 / d.beta1 = 0.8 to
// match PacGAN exactly.
#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

class NonSaturating final : public Objective {
 public:
  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"non-saturating",
                                 "Non-saturating GAN",
                                 "D: -E log D(x) - E log(1-D(G(z)))   G: -E log D(G(z))",
                                 "Goodfellow et al. 2014; protocols.md B1",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Logit};
    return i;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override { return loss::logisticCritic(*in.real, *in.fake, g); }
  bool criticLossCurvature(const LossInputs& in, Eigen::VectorXd& d2Real, Eigen::VectorXd& d2Fake) const override {
    loss::logisticCriticCurvature(*in.real, *in.fake, d2Real, d2Fake);
    return true;
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    return loss::nonSaturatingGenerator(*in.fake, g);
  }
};

}  // namespace

std::unique_ptr<Objective> makeNonSaturating() { return std::make_unique<NonSaturating>(); }

}  // namespace gs
