// Full-chain gradient checks in double precision: for every registered objective, the
// critic loss (with its penalties) and the generator loss, differentiated through both
// networks, match central finite differences with the same fixed batch.
#include <gtest/gtest.h>

#include <map>

#include "GradCheck.h"
#include "objectives/Registry.h"
#include "train/Trainer.h"

namespace gs {
namespace {

Config tinyConfig(const std::string& objective, const std::string& act) {
  Config c;
  c.data.name = "ring8";
  c.objective = objective;
  c.latentDim = 3;
  c.g.width = 6, c.g.depth = 2, c.g.activation = act;
  c.d.width = 7, c.d.depth = 2, c.d.activation = act, c.d.codeDim = 3;
  c.batch = 9;
  c.seed = 11;
  return c;
}

void checkObjective(const std::string& name, const std::string& act, double r1 = 0, double noise = 0, int pack = 1,
                    const std::map<std::string, double>& params = {}) {
  Config c = tinyConfig(name, act);
  c.objectiveParams = params;
  c.r1Gamma = r1;
  c.instanceNoise = noise;
  c.pack = pack;
  Trainer<double> t(c);
  // A few real steps first so the check is not at the (special) initial point.
  for (int i = 0; i < 3; ++i) t.iterate();
  ASSERT_FALSE(t.diverged()) << name;
  StepBatch<double> b;
  t.sampleBatch(b, true);
  for (int j = 0; j < t.components(); ++j) {
    t.criticLossAndGrad(b);
    const Eigen::VectorXd g = t.critic(j).grads();
    test::expectGradientMatches(
        t.critic(j).params().data(), t.critic(j).numParams(), std::vector<double>(g.data(), g.data() + g.size()),
        [&] { return t.criticLossAndGrad(b); }, (name + " critic loss").c_str(), 2e-6);
  }
  StepBatch<double> gb;
  t.sampleBatch(gb, false);
  for (int i = 0; i < t.components(); ++i) {
    Mlp<double>& gen = t.generator(i);
    t.generatorLossAndGrad(gb);
    const std::vector<double> g(gen.grads(), gen.grads() + gen.numParams());
    test::expectGradientMatches(
        gen.params(), gen.numParams(), g, [&] { return t.generatorLossAndGrad(gb); },
        (name + " generator loss").c_str(), 2e-6);
  }
}

TEST(TrainerGradient, EveryObjectiveTanh) {
  for (const auto& name : objectiveNames()) {
    SCOPED_TRACE(name);
    checkObjective(name, "tanh");
  }
}

TEST(TrainerGradient, EveryObjectiveSoftplus) {
  for (const auto& name : objectiveNames()) {
    SCOPED_TRACE(name);
    checkObjective(name, "softplus");
  }
}

TEST(TrainerGradient, R1PenaltyAndInstanceNoise) { checkObjective("non-saturating", "elu", 10.0, 0.1); }

// PacGAN: D sees packs of P samples; the generator's gradient is split back over the samples
// of each pack. The gradient penalty interpolates packs, R1 and instance noise act on packs.
TEST(TrainerGradient, PackedDiscriminator) {
  for (const std::string name : {"non-saturating", "minimax", "hinge", "lsgan", "wgan-gp", "rasgan"}) {
    for (int pack : {2, 3}) {
      SCOPED_TRACE(name + " pack " + std::to_string(pack));
      checkObjective(name, "tanh", 0, 0, pack);
    }
  }
  checkObjective("non-saturating", "elu", 10.0, 0.1, 4);
}

// Energy models: exact score matching through the trainer (the default form is denoising),
// with instance noise on the data, and persistent contrastive divergence.
TEST(TrainerGradient, EnergyModelsWithoutGenerator) {
  checkObjective("ebm-score", "softplus", 0, 0, 1, {{"form", 0}});
  checkObjective("ebm-score", "tanh", 0, 0.1, 1, {{"form", 0}});
  checkObjective("ebm-score", "elu", 0, 0, 1, {{"form", 1}, {"sigma", 0.3}});
  checkObjective("ebm-cd", "tanh", 0, 0, 1, {{"chains", 1}, {"buffer", 256}, {"langevin_steps", 3}});
}

// MIX+GAN: the critic loss is Σ_j w_D[j] (Σ_i w_G[i] L_ij + penalty_j) + entropy term, so the
// gradient with respect to D's mixture logits must carry each critic's penalty too.
TEST(TrainerGradient, MixtureWeightsOfPenalisedCritics) {
  Config c = tinyConfig("mixgan", "tanh");
  c.objectiveParams["components"] = 3;
  c.r1Gamma = 5.0;
  Trainer<double> t(c);
  for (int i = 0; i < 3; ++i) t.iterate();
  StepBatch<double> b;
  t.sampleBatch(b, true);
  t.criticLossAndGrad(b);
  Mixture& mix = t.model().mixture();
  const Eigen::VectorXd g = mix.gradD;
  ASSERT_EQ(g.size(), 3);
  test::expectGradientMatches(
      mix.logitsD.data(), int(mix.logitsD.size()), std::vector<double>(g.data(), g.data() + g.size()),
      [&] { return t.criticLossAndGrad(b); }, "mixture logits of D", 2e-6);
}

}  // namespace
}  // namespace gs
