// Energy-based GAN (Zhao, Mathieu, LeCun 2017; protocols.md B6), auto-encoder critic.
//   E(x) = mean_k (AE(x)_k - x_k)²  (per-sample reconstruction MSE = the raw critic output)
//   D: min  mean E(x) + mean [m - E(G(z))]⁺
//   G: min  mean E(G(z)) + w_pt·PT(S),  S = encoder codes of the fake batch (N columns),
//      PT(S) = 1/(N(N-1)) Σ_{i≠j} (S_iᵀS_j / (||S_i|| ||S_j||))²   (pulling-away term, generator
//      side only as in the paper; its exact gradient goes to the codes via dFakeCodes).
// Defaults: w_pt = 0.1 (EBGAN-PT experiments). The paper grid-searches m per dataset and gives
// no 2-D value; m = 1 is used here: with toy data of unit scale an untrained auto-encoder has
// energies of order 1, so the margin is neither inactive (m -> 0) nor unreachable.
// At the hinge kink the subgradient 0 is used; a zero code contributes 0 to PT.
#include <algorithm>
#include <cmath>

#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

class Ebgan final : public Objective {
 public:
  Ebgan() {
    margin_ = declare({"margin", 1.0, 0.0, 100.0, "hinge margin m: D pushes fake energies up to m", false, false});
    pt_ = declare(
        {"pt_weight", 0.1, 0.0, 10.0, "weight of the pulling-away term on the fake encoder codes", false, false});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"ebgan",
                                 "Energy-based GAN",
                                 "D: E(x) + [m - E(G(z))]⁺   G: E(G(z)) + w·PT(codes)",
                                 "Zhao, Mathieu, LeCun 2017; protocols.md B6",
                                 CriticKind::AutoEncoder,
                                 ReconstructionNorm::L2,
                                 OutputKind::Energy};
    return i;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    g.useFakeCodes = false;
    return loss::energyMarginCritic(*in.real, *in.fake, p(margin_), g);
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    double loss = loss::meanFakeEnergy(*in.fake, g);
    g.useFakeCodes = p(pt_) > 0 && in.fakeCodes && in.fakeCodes->cols() > 1;
    if (g.useFakeCodes) {
      loss += p(pt_) * pullingAway(*in.fakeCodes, &g.dFakeCodes);
      g.dFakeCodes *= p(pt_);
    }
    return loss;
  }

  // PT(S) and, when grad != nullptr, dPT/dS (same shape as S).
  double pullingAway(const Eigen::MatrixXd& S, Eigen::MatrixXd* grad) {
    const Eigen::Index N = S.cols();
    if (grad) grad->setZero(S.rows(), N);
    if (N < 2) return 0.0;
    norm_.resize(N);
    unit_.resize(S.rows(), N);
    for (Eigen::Index i = 0; i < N; ++i) {
      norm_[i] = S.col(i).norm();
      if (norm_[i] > 0)
        unit_.col(i) = S.col(i) / norm_[i];
      else
        unit_.col(i).setZero();
    }
    cos_.noalias() = unit_.transpose() * unit_;
    cos_.diagonal().setZero();
    const double scale = 1.0 / (double(N) * double(N - 1));
    const double pt = scale * cos_.squaredNorm();
    if (grad) {
      // d/dS_k = 4/(N(N-1)) Σ_{j≠k} C_kj (u_j - C_kj u_k) / ||S_k||.
      pull_.noalias() = unit_ * cos_;
      for (Eigen::Index k = 0; k < N; ++k) {
        if (norm_[k] <= 0) continue;
        grad->col(k) = (4.0 * scale / norm_[k]) * (pull_.col(k) - cos_.col(k).squaredNorm() * unit_.col(k));
      }
    }
    return pt;
  }

 private:
  int margin_, pt_;
  Eigen::VectorXd norm_;
  Eigen::MatrixXd unit_, cos_, pull_;  // reused buffers
};

}  // namespace

std::unique_ptr<Objective> makeEbgan() { return std::make_unique<Ebgan>(); }

}  // namespace gs
