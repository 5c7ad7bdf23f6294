// Least-squares GAN (Mao et al. 2017; protocols.md B4).
//   D: min  ½ mean (D(x) - b)² + ½ mean (D(G(z)) - a)²      G: min  ½ mean (D(G(z)) - c)²
// Defaults (a, b, c) = (0, 1, 1): the 0-1 coding of the paper's experiments and of the
// official toy script xudonmao/LSGAN mixture_gaussian/ls.py (real -> 1, fake -> 0, G: fake -> 1).
// (a, b, c) = (-1, 1, 0) gives the Pearson χ² form. The critic output is linear; the raw value
// is the regression target and is displayed as is.
#include "objectives/Objectives.h"

namespace gs {

namespace {

class LeastSquares final : public Objective {
 public:
  LeastSquares() {
    a_ = declare({"a", 0.0, -10.0, 10.0, "target of D on fake samples", false, false});
    b_ = declare({"b", 1.0, -10.0, 10.0, "target of D on real samples", false, false});
    c_ = declare({"c", 1.0, -10.0, 10.0, "value G wants D to give its samples", false, false});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"lsgan",
                                 "Least-squares GAN",
                                 "D: ½E(D(x)-b)² + ½E(D(G(z))-a)²   G: ½E(D(G(z))-c)²",
                                 "Mao et al. 2017; xudonmao/LSGAN; protocols.md B4",
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
      const double e = r[i] - p(b_);
      loss += 0.5 * e * e / n;
      g.dReal[i] = e / n;
    }
    for (Eigen::Index i = 0; i < f.size(); ++i) {
      const double e = f[i] - p(a_);
      loss += 0.5 * e * e / m;
      g.dFake[i] = e / m;
    }
    return loss;
  }

  // ½ mean (D - t)² has second derivative 1/n (resp. 1/m) whatever the targets.
  bool criticLossCurvature(const LossInputs& in, Eigen::VectorXd& d2Real, Eigen::VectorXd& d2Fake) const override {
    d2Real.setConstant(in.real->size(), 1.0 / double(in.real->size()));
    d2Fake.setConstant(in.fake->size(), 1.0 / double(in.fake->size()));
    return true;
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    const auto& f = *in.fake;
    const double m = double(f.size());
    double loss = 0;
    for (Eigen::Index i = 0; i < f.size(); ++i) {
      const double e = f[i] - p(c_);
      loss += 0.5 * e * e / m;
      g.dFake[i] = e / m;
    }
    return loss;
  }

 private:
  int a_, b_, c_;
};

}  // namespace

std::unique_ptr<Objective> makeLeastSquares() { return std::make_unique<LeastSquares>(); }

}  // namespace gs
