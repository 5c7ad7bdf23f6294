// Hinge loss (Lim & Ye 2017; Miyato et al. 2018; BigGAN-PyTorch losses.py; protocols.md B11).
//   D: min  mean relu(1 - D(x)) + mean relu(1 + D(G(z)))      G: min  -mean D(G(z))
// At a kink (D = ±1) the subgradient 0 is used.
#include <algorithm>

#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

class Hinge final : public Objective {
 public:
  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"hinge",
                                 "Hinge GAN",
                                 "D: E max(0, 1-D(x)) + E max(0, 1+D(G(z)))   G: -E D(G(z))",
                                 "Lim & Ye 2017; BigGAN-PyTorch losses.py; protocols.md B11",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Critic};
    return i;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    const auto& r = *in.real;
    const auto& f = *in.fake;
    const double n = double(r.size()), m = double(f.size());
    double loss = 0;
    for (Eigen::Index i = 0; i < r.size(); ++i) {
      const double h = 1.0 - r[i];
      loss += std::max(h, 0.0) / n;
      g.dReal[i] = h > 0 ? -1.0 / n : 0.0;
    }
    for (Eigen::Index i = 0; i < f.size(); ++i) {
      const double h = 1.0 + f[i];
      loss += std::max(h, 0.0) / m;
      g.dFake[i] = h > 0 ? 1.0 / m : 0.0;
    }
    return loss;
  }

  // Piecewise linear in the outputs: zero curvature everywhere but at the kinks (where the
  // subgradient above is used, so the second derivative is taken as 0 there too).
  bool criticLossCurvature(const LossInputs& in, Eigen::VectorXd& d2Real, Eigen::VectorXd& d2Fake) const override {
    d2Real.setZero(in.real->size());
    d2Fake.setZero(in.fake->size());
    return true;
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override { return loss::negativeMeanFake(*in.fake, g); }
};

}  // namespace

std::unique_ptr<Objective> makeHinge() { return std::make_unique<Hinge>(); }

}  // namespace gs
