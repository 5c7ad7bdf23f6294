// Trainer mechanics: determinism, the golden trajectory, live config changes, divergence.
#include <gtest/gtest.h>

#include <cmath>

#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {
namespace {

Config small() {
  Config c;
  c.data.name = "ring8";
  c.objective = "non-saturating";
  c.g.width = c.d.width = 16;
  c.g.depth = c.d.depth = 2;
  c.batch = 32;
  c.seed = 3;
  return c;
}

TEST(Trainer, SameSeedSameRunBitForBit) {
  Trainer<float> a(small()), b(small());
  for (int i = 0; i < 20; ++i) a.iterate(), b.iterate();
  EXPECT_EQ(a.critic().params(), b.critic().params());
  EXPECT_TRUE(
      std::equal(a.generator().params(), a.generator().params() + a.generator().numParams(), b.generator().params()));
  Config other = small();
  other.seed = 4;
  Trainer<float> c(other);
  for (int i = 0; i < 20; ++i) c.iterate();
  EXPECT_NE(a.critic().params(), c.critic().params());
}

// The first D and G losses of a tiny fixed-seed run in double precision (llm.c-style golden
// trajectory). Regenerate only on purpose: GANSCOPE_PRINT_GOLDEN=1 prints fresh values.
TEST(Trainer, GoldenTrajectory) {
  Config c = small();
  c.g.width = c.d.width = 8;
  c.batch = 16;
  c.g.lr = c.d.lr = 1e-2;
  Trainer<double> t(c);
  const double golden[10][2] = {
#include "golden_trajectory.inc"
  };
  for (int i = 0; i < 10; ++i) {
    t.iterate();
    if (std::getenv("GANSCOPE_PRINT_GOLDEN"))
      std::printf("{%.15g, %.15g},\n", t.diagnostics().dLoss, t.diagnostics().gLoss);
    EXPECT_NEAR(t.diagnostics().dLoss, golden[i][0], 1e-9) << "iteration " << i;
    EXPECT_NEAR(t.diagnostics().gLoss, golden[i][1], 1e-9) << "iteration " << i;
  }
}

TEST(Trainer, ApplyConfigKeepsNetworksWhenShapesAllow) {
  Trainer<float> t(small());
  for (int i = 0; i < 5; ++i) t.iterate();
  const Eigen::VectorXf before = t.critic().params();
  Config c = t.config();
  c.d.lr = 5e-4;
  c.objective = "minimax";
  EXPECT_EQ(t.applyConfig(c), "");
  EXPECT_EQ(t.critic().params(), before);
  EXPECT_EQ(t.config().objective, "minimax");
  c.d.width = 32;
  EXPECT_NE(t.applyConfig(c), "");
  EXPECT_EQ(t.critic().shape().width, 32);
}

double objectiveState(const Trainer<float>& t, const std::string& key) {
  std::vector<std::pair<std::string, double>> s;
  t.objective().state(s);
  for (auto& [k, v] : s)
    if (k == key) return v;
  ADD_FAILURE() << "no state " << key;
  return std::nan("");
}

// MAGAN's margin only shrinks during a run. A live change of anything else (a learning rate,
// another of its parameters) must not put it back to its start; setting the margin itself
// does restart the schedule, because that is what the user asked for.
TEST(Trainer, LiveChangesKeepMagansMargin) {
  Config c = small();
  c.objective = "magan";
  c.objectiveParams["margin"] = 5.0;  // far above any real energy: the first epoch lowers it
  c.objectiveParams["epoch_iters"] = 10;
  Trainer<float> t(c);
  for (int i = 0; i < 30; ++i) t.iterate();
  const double m = objectiveState(t, "margin");
  ASSERT_LT(m, 5.0);
  c = t.config();
  c.g.lr *= 0.5;
  t.applyConfig(c);
  EXPECT_EQ(objectiveState(t, "margin"), m);
  c.objectiveParams["epoch_iters"] = 20;
  t.applyConfig(c);
  EXPECT_EQ(objectiveState(t, "margin"), m);
  c.objectiveParams["margin"] = 4.0;
  t.applyConfig(c);
  EXPECT_EQ(objectiveState(t, "margin"), 4.0);
}

// WGAN's critic is inside [-c, c] before its first step: fresh weights, and a critic kept
// from an unclipped objective when the lecturer swaps to WGAN live.
TEST(Trainer, WganCriticStartsInsideTheClippingBox) {
  Config c = small();
  c.objective = "wgan";
  Trainer<float> t(c);
  EXPECT_LE(t.critic().params().cwiseAbs().maxCoeff(), 0.01f);
  Trainer<float> u(small());
  for (int i = 0; i < 3; ++i) u.iterate();
  ASSERT_GT(u.critic().params().cwiseAbs().maxCoeff(), 0.1f);
  Config w = u.config();
  w.objective = "wgan";
  w.objectiveParams["clip"] = 0.05;
  u.applyConfig(w);
  EXPECT_LE(u.critic().params().cwiseAbs().maxCoeff(), 0.05f);
}

// The WGAN paper's schedule (main.py): 100 critic steps while gen_iterations < 25 and at
// every 500th, d_steps otherwise.
TEST(Trainer, CriticWarmupFollowsTheWganSchedule) {
  Config c = small();
  c.objective = "wgan";
  c.dSteps = 5;
  c.batch = 8;
  c.g.width = c.d.width = 4;
  EXPECT_EQ(Trainer<float>(c).criticStepsThisIteration(), 5);
  c.criticWarmup = true;
  Trainer<float> t(c);
  std::vector<int> steps;
  for (int i = 0; i <= 501; ++i) {
    steps.push_back(t.criticStepsThisIteration());
    t.iterate();
  }
  EXPECT_EQ(steps[0], 100);
  EXPECT_EQ(steps[24], 100);
  EXPECT_EQ(steps[25], 5);
  EXPECT_EQ(steps[499], 5);
  EXPECT_EQ(steps[500], 100);
  EXPECT_EQ(steps[501], 5);
}

TEST(Trainer, SwapToAutoEncoderObjectiveSaysFreshDiscriminator) {
  Trainer<float> t(small());
  Config c = t.config();
  c.objective = "ebgan";
  const std::string msg = t.applyConfig(c);
  EXPECT_NE(msg.find("fresh discriminator"), std::string::npos) << msg;
  EXPECT_EQ(t.critic().shape().kind, CriticKind::AutoEncoder);
  t.iterate();
  EXPECT_FALSE(t.diverged());
}

TEST(Trainer, BadConfigChangeLeavesRunUntouched) {
  Trainer<float> t(small());
  t.iterate();
  Config c = t.config();
  c.objective = "no-such-objective";
  EXPECT_THROW(t.applyConfig(c), ConfigError);
  EXPECT_EQ(t.config().objective, "non-saturating");
  c = t.config();
  c.objectiveParams["no_such_param"] = 1;
  EXPECT_THROW(t.applyConfig(c), ConfigError);
  t.iterate();
  EXPECT_EQ(t.step(), 2);
}

TEST(Trainer, DivergenceIsDetectedAndResetRecovers) {
  Config c = small();
  c.d.lr = c.g.lr = 1e30;
  c.d.optimizer = c.g.optimizer = "sgd";
  Trainer<float> t(c);
  for (int i = 0; i < 50 && !t.diverged(); ++i) t.iterate();
  ASSERT_TRUE(t.diverged());
  EXPECT_NE(t.divergenceMessage().find("diverged at iteration"), std::string::npos);
  const long long at = t.step();
  t.iterate();  // a no-op, never a crash
  EXPECT_EQ(t.step(), at);
  Config ok = small();
  t.applyConfig(ok);
  t.reset();
  EXPECT_FALSE(t.diverged());
  t.iterate();
  EXPECT_EQ(t.step(), 1);
}

}  // namespace
}  // namespace gs
