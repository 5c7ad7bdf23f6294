// Loss-Sensitive GAN (Guo-Jun Qi 2017; official code guojunq/lsgan lsgan.lua; protocols.md B5).
//   L(x) = φ(D(x)) >= 0 is the "loss" of a sample (low = real).
//   D: min  mean_i [Δ_i + L(x_i) - L(G(z_i))]⁺ + γ·mean L(x),   Δ_i = λ·||x_i - G(z_i)||₁,
//      pairs by batch index, i < min(n, m); no gradient through Δ (it does not depend on D).
//   G: min  mean L(G(z)).
// φ: the official code ends the loss network with a ReLU. On 2-D toy data that kills
// training: the generator is drawn to where L = 0 (raw <= 0), where neither network gets a
// gradient from that sample (ganscope run, ring8, 1500 iterations: every generated sample at
// raw <= 0, G loss exactly 0, samples stuck off the data). Default here is φ = softplus
// (smooth, positive); param relu = 1 restores the official ReLU to show the dead zone.
// Lipschitz: the paper's analysis assumes L is Lipschitz (weight decay or a gradient penalty
// in GLS-GAN, protocols.md B5); the official code's weight decay defaults to 0. Without it,
// on toy data, the critic drives every raw output far below 0 and the softplus saturates
// too (same run with softplus: L ≈ 0 everywhere, samples drift away). So a gradient penalty
// λ_gp·mean((||∇D(x̂)|| - 1)²) at interpolates is on by default (param gp = 0.1, the
// WGAN-GP toy weight); gp = 0 gives the official unregularised loss.
// Defaults: γ = 0 (official: "can be ignored" for the unconditional model). λ = 1, not the
// official 0.0002: that value scales the L1 distance between 64x64x3 images in [-1, 1]
// (||x - G(z)||₁ ~ 10³-10⁴, so Δ ~ 1); between 2-D toy points ||x - G(z)||₁ ~ 1, so λ = 1
// keeps the margin at the same order as the loss values. At a hinge kink the subgradient 0
// is used.
// Curves (objective state, from the latest critic batch): margin_mean = mean_i Δ_i, the gap
// the loss asks for; loss_gap = mean_i L(G(z_i)) - L(x_i), the gap the critic achieves;
// margin_active = fraction of pairs whose hinge is still positive (the critic is still
// pushing them apart). As fakes approach the data, margin_mean falls with ||x - G(z)||₁.
#include <algorithm>

#include "objectives/Objectives.h"
#include "util/ByteStream.h"

namespace gs {

namespace {

class LossSensitive final : public Objective {
 public:
  LossSensitive() {
    lambda_ = declare({"lambda", 1.0, 0.0, 100.0,
                       "margin scale: Δ = λ·||x - G(z)||₁ (official 0.0002 is for 64x64 images)", false, false});
    gamma_ = declare({"gamma", 0.0, 0.0, 100.0, "weight of mean L(x) in the D loss", false, false});
    gp_ = declare(
        {"gp", 0.1, 0.0, 100.0, "gradient-penalty weight keeping L Lipschitz (0 = the official code)", false, false});
    relu_ = declare({"relu", 0.0, 0.0, 1.0,
                     "1: L = relu(D) as the official code (dead where D <= 0); 0: L = softplus(D)", true, false});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"loss-sensitive",
                                 "Loss-Sensitive GAN",
                                 "D: E[λ||x-G(z)||₁ + L(x) - L(G(z))]⁺ + γE L(x)   G: E L(G(z))",
                                 "Qi 2017; guojunq/lsgan lsgan.lua; protocols.md B5",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Energy};
    return i;
  }

  bool needsSamples() const override { return true; }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    const auto& r = *in.real;
    const auto& f = *in.fake;
    const auto& X = *in.realX;
    const auto& Y = *in.fakeX;
    const Eigen::Index pairs = std::min(r.size(), f.size());
    const double n = double(r.size());
    double loss = 0;
    for (Eigen::Index i = 0; i < r.size(); ++i) {
      loss += p(gamma_) * L(r[i]) / n;
      g.dReal[i] = p(gamma_) * dL(r[i]) / n;
    }
    g.dFake.setZero();
    double sumDelta = 0, sumGap = 0;
    int active = 0;
    for (Eigen::Index i = 0; i < pairs; ++i) {
      const double delta = p(lambda_) * (X.col(i) - Y.col(i)).cwiseAbs().sum();
      const double h = delta + L(r[i]) - L(f[i]);
      sumDelta += delta;
      sumGap += L(f[i]) - L(r[i]);
      active += h > 0;
      if (h <= 0) continue;
      loss += h / double(pairs);
      g.dReal[i] += dL(r[i]) / double(pairs);
      g.dFake[i] = -dL(f[i]) / double(pairs);
    }
    if (pairs > 0) {
      marginMean_ = sumDelta / double(pairs);
      lossGap_ = sumGap / double(pairs);
      marginActive_ = double(active) / double(pairs);
    }
    return loss;
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    const auto& f = *in.fake;
    const double m = double(f.size());
    double loss = 0;
    for (Eigen::Index i = 0; i < f.size(); ++i) {
      loss += L(f[i]) / m;
      g.dFake[i] = dL(f[i]) / m;
    }
    return loss;
  }

  double displayValue(double raw) const override { return L(raw); }

  Penalty penalty() const override { return p(gp_) > 0 ? Penalty{PenaltyType::GradientPenalty, p(gp_)} : Penalty{}; }

  void state(std::vector<std::pair<std::string, double>>& out) const override {
    out.emplace_back("margin_mean", marginMean_);
    out.emplace_back("loss_gap", lossGap_);
    out.emplace_back("margin_active", marginActive_);
  }

  void resetState() override { marginMean_ = lossGap_ = marginActive_ = 0; }

  void saveState(ByteWriter& w) const override {
    w.f64(marginMean_);
    w.f64(lossGap_);
    w.f64(marginActive_);
  }

  void loadState(ByteReader& r) override {
    const double mean = r.f64(), gap = r.f64(), active = r.f64();
    marginMean_ = mean;
    lossGap_ = gap;
    marginActive_ = active;
  }

 private:
  bool relu() const { return p(relu_) > 0.5; }
  double L(double raw) const { return relu() ? std::max(raw, 0.0) : softplus(raw); }
  double dL(double raw) const { return relu() ? (raw > 0 ? 1.0 : 0.0) : sigmoid(raw); }

  int lambda_, gamma_, gp_, relu_;
  double marginMean_ = 0, lossGap_ = 0, marginActive_ = 0;
};

}  // namespace

std::unique_ptr<Objective> makeLossSensitive() { return std::make_unique<LossSensitive>(); }

}  // namespace gs
