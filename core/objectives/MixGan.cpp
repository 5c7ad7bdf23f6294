// MIX+GAN (Arora, Ge, Liang, Ma, Zhang 2017; PrincetonML/MIX-plus-GANs train_mixgan.py;
// protocols.md B10): T generators and T discriminators with softmax mixture weights; every
// pair (G_i, D_j) plays the non-saturating game (protocols.md B1) and its loss is weighted by
// w_G[i]·w_D[j]. The trainer runs the pairs, learns the weights and adds the entropy
// regulariser  entropy_weight · Σ_j (-1/T) log(w[j] + 1e-6)  to each side; this objective
// supplies the per-pair losses and the two numbers.
// Defaults: components = 5 (ng = nd = 5), entropy_weight = 0.1 (mix_entloss_weight).
#include "objectives/LossTerms.h"
#include "objectives/Objectives.h"

namespace gs {

namespace {

class MixGan final : public Objective {
 public:
  MixGan() {
    components_ = declare({"components", 5, 1, 10, "number of generator/discriminator pairs T", true, false, true});
    entropy_ = declare({"entropy_weight", 0.1, 0.0, 10.0,
                        "weight of the entropy regulariser that keeps mixture weights spread", false, false});
  }

  const ObjectiveInfo& info() const override {
    static const ObjectiveInfo i{"mixgan",
                                 "MIX+GAN",
                                 "Σ_ij w_G[i] w_D[j] · non-saturating(G_i, D_j) + entropy "
                                 "regulariser on w",
                                 "Arora et al. 2017; PrincetonML/MIX-plus-GANs; protocols.md B10",
                                 CriticKind::Scalar,
                                 ReconstructionNorm::L2,
                                 OutputKind::Logit};
    return i;
  }

  double criticLoss(const LossInputs& in, LossGrads& g) override { return loss::logisticCritic(*in.real, *in.fake, g); }

  double generatorLoss(const LossInputs& in, LossGrads& g) override {
    return loss::nonSaturatingGenerator(*in.fake, g);
  }

  int components() const override { return int(p(components_)); }
  double mixtureEntropyWeight() const override { return p(entropy_); }

 private:
  int components_, entropy_;
};

}  // namespace

std::unique_ptr<Objective> makeMixGan() { return std::make_unique<MixGan>(); }

}  // namespace gs
