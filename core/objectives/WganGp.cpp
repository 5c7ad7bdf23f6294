// WGAN with gradient penalty (Gulrajani et al. 2017; protocols.md B3, A4).
//   D (critic): min  mean D(G(z)) - mean D(x) + λ·mean((||∇D(x̂)||₂ - 1)²)
//               x̂ = α x + (1-α) G(z), α ~ U[0,1] per sample (the trainer adds the penalty)
//   G: min  -mean D(G(z))
// Default λ = 0.1 from the reference toy script gan_toy.py (LAMBDA = .1, "smaller lambda makes
// things faster for toy tasks"); the paper's default for images is λ = 10. Suggested
// optimiser (gan_toy.py): Adam 1e-4, β1 0.5, β2 0.9, 5 critic steps per generator step.
#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

class WganGp final : public Objective {
 public:
  WganGp() {
    lambda_ =
        declare({"lambda", 0.1, 0.0, 100.0, "gradient-penalty weight (gan_toy.py: 0.1; paper: 10)", false, false});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{
        "wgan-gp",
        "WGAN-GP",
        "D: E D(G(z)) - E D(x) + λ E(||∇D(x̂)|| - 1)²   G: -E D(G(z))",
        "Gulrajani et al. 2017; igul222/improved_wgan_training gan_toy.py; protocols.md A4, B3",
        CriticKind::Scalar,
        ReconstructionNorm::L2,
        OutputKind::Critic};
    return i;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    return loss::wassersteinCritic(*in.real, *in.fake, g);
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override { return loss::negativeMeanFake(*in.fake, g); }

  Penalty penalty() const override { return {PenaltyType::GradientPenalty, p(lambda_)}; }

 private:
  int lambda_;
};

}  // namespace

std::unique_ptr<Objective> makeWganGp() { return std::make_unique<WganGp>(); }

}  // namespace gs
