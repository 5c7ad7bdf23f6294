// Minimax GAN with the saturating generator loss (Goodfellow et al. 2014, eq. 1;
// protocols.md B1).
//   D: min  E_p[softplus(-D(x))] + E_q[softplus(D(G(z)))]      (same as non-saturating)
//   G: min  E_z[log(1 - σ(D(G(z))))] = -E_z[softplus(D(G(z)))]
// The G gradient -σ(D(G(z))) vanishes where D confidently rejects the fakes: the saturation
// the paper warns about, kept here on purpose for teaching. The Unrolled-GAN notebook trains
// this form (protocols.md A3).
#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

class Minimax final : public Objective {
 public:
  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"minimax",
                                 "Minimax GAN (saturating)",
                                 "D: -E log D(x) - E log(1-D(G(z)))   G: E log(1-D(G(z)))",
                                 "Goodfellow et al. 2014 eq. 1; protocols.md B1",
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
    const auto& f = *in.fake;
    const double m = double(f.size());
    double loss = 0;
    for (Eigen::Index i = 0; i < f.size(); ++i) {
      loss -= softplus(f[i]) / m;
      g.dFake[i] = -sigmoid(f[i]) / m;
    }
    return loss;
  }
};

}  // namespace

std::unique_ptr<Objective> makeMinimax() { return std::make_unique<Minimax>(); }

}  // namespace gs
