// Boundary Equilibrium GAN (Berthelot, Schumm, Metz 2017; carpedm20/BEGAN-tensorflow;
// protocols.md B8). Auto-encoder critic with the L1 norm: L(v) = mean_k |AE(v)_k - v_k| is the
// raw critic output.
//   D: min  mean L(x) - k_t·mean L(G(z))        G: min  mean L(G(z))
//   after every critic step (batch means of that step):
//     k_{t+1} = clip(k_t + λ_k (γ·L(x) - L(G(z))), 0, 1),   k_0 = 0
//     M_global = L(x) + |γ·L(x) - L(G(z))|   (convergence measure)
// Defaults γ = 0.5, λ_k = 0.001 (carpedm20 config.py; paper). The reference code updates k
// once per iteration (one D and one G step); here it is once per critic step, the same thing
// with the default single critic step.
#include <algorithm>
#include <cmath>

#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"
#include "util/ByteStream.h"

namespace gs {

namespace {

class Began final : public Objective {
 public:
  Began() {
    gamma_ = declare(
        {"gamma", 0.5, 0.0, 1.0, "diversity ratio γ = E L(G(z)) / E L(x) the equilibrium aims for", false, false});
    lambdaK_ = declare({"lambda_k", 0.001, 0.0, 1.0, "learning rate of k_t", false, true});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"began",
                                 "BEGAN",
                                 "D: L(x) - k_t L(G(z))   G: L(G(z))   k += λ_k(γL(x) - L(G(z)))",
                                 "Berthelot et al. 2017; carpedm20/BEGAN-tensorflow; "
                                 "protocols.md B8",
                                 CriticKind::AutoEncoder,
                                 ReconstructionNorm::L1,
                                 OutputKind::Energy};
    return i;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    const auto& r = *in.real;
    const auto& f = *in.fake;
    g.dReal.setConstant(1.0 / double(r.size()));
    g.dFake.setConstant(-k_ / double(f.size()));
    return r.mean() - k_ * f.mean();
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override { return loss::meanFakeEnergy(*in.fake, g); }

  void afterCriticStep(const LossInputs& in) override {
    const double lr = in.real->mean(), lf = in.fake->mean();
    const double balance = p(gamma_) * lr - lf;
    k_ = std::clamp(k_ + p(lambdaK_) * balance, 0.0, 1.0);
    mGlobal_ = lr + std::abs(balance);
  }

  void state(std::vector<std::pair<std::string, double>>& out) const override {
    out.emplace_back("k_t", k_);
    out.emplace_back("m_global", mGlobal_);
  }

  void resetState() override {
    k_ = 0;
    mGlobal_ = 0;
  }

  void saveState(ByteWriter& w) const override {
    w.f64(k_);
    w.f64(mGlobal_);
  }

  void loadState(ByteReader& r) override {
    const double k = r.f64(), m = r.f64();
    k_ = k;
    mGlobal_ = m;
  }

 private:
  int gamma_, lambdaK_;
  double k_ = 0, mGlobal_ = 0;
};

}  // namespace

std::unique_ptr<Objective> makeBegan() { return std::make_unique<Began>(); }

}  // namespace gs
