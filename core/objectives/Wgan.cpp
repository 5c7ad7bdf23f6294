// Wasserstein GAN with weight clipping (Arjovsky, Chintala, Bottou 2017; protocols.md B2, A4).
//   D (critic): min  mean D(G(z)) - mean D(x)        G: min  -mean D(G(z))
//   after every critic step every critic parameter is clamped to [-clip, clip].
// Default clip = 0.01 (martinarjovsky/WassersteinGAN main.py and gan_toy.py). The original
// code clamps before each critic step and gan_toy.py after it; the trainer clamps after, which
// leaves the critic inside the box whenever it is evaluated. Suggested optimiser: RMSProp 5e-5.
#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

class Wgan final : public Objective {
 public:
  Wgan() {
    clip_ = declare(
        {"clip", 0.01, 1e-4, 1.0, "critic weights are clamped to [-clip, clip] after every critic step", false, true});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"wgan",
                                 "WGAN (weight clipping)",
                                 "D: E D(G(z)) - E D(x), |w| <= c   G: -E D(G(z))",
                                 "Arjovsky et al. 2017 (WassersteinGAN main.py); protocols.md B2",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Critic};
    return i;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override {
    return loss::wassersteinCritic(*in.real, *in.fake, g);
  }

  double generatorLoss(const LossInputs& in, LossGrads& g) override { return loss::negativeMeanFake(*in.fake, g); }

  double weightClip() const override { return p(clip_); }

 private:
  int clip_;
};

}  // namespace

std::unique_ptr<Objective> makeWgan() { return std::make_unique<Wgan>(); }

}  // namespace gs
