// The convergence panel's verdicts on hand-made snapshots.
#include <gtest/gtest.h>

#include <cmath>

#include "train/Snapshot.h"
#include "train/Verdict.h"

namespace gs {
namespace {

Snapshot base(OutputKind kind) {
  Snapshot s;
  s.step = 1000;
  s.objective.output = kind;
  s.diagnostics.dReal = 0.5;
  s.diagnostics.dFake = 0.5;
  auto h = std::make_shared<History>();
  for (int i = 0; i < 300; ++i) h->append(i, {{"d_real", 0.5}, {"d_gap", 0.4}, {"g_loss", 0.7}});
  s.history = h;
  return s;
}

TEST(Verdict, FlatOptimum) {
  Snapshot s = base(OutputKind::Logit);
  s.metrics.dFlatnessMax = 0.05;
  EXPECT_EQ(judgeConvergence(s).headline, "Converging to the flat optimum");
}

TEST(Verdict, SaturatedDiscriminator) {
  Snapshot s = base(OutputKind::Logit);
  s.config.objective = "minimax";
  s.diagnostics.dReal = 0.97;
  s.diagnostics.dFake = 0.02;
  EXPECT_NE(judgeConvergence(s).headline.find("vanishing generator gradient"), std::string::npos);
}

// Under the non-saturating loss the generator's gradient is strongest where D rejects the
// fakes: the verdict must not blame log(1 - D(G(z))).
TEST(Verdict, ConfidentDiscriminatorUnderNonSaturatingLossIsNotCalledVanishing) {
  Snapshot s = base(OutputKind::Logit);
  s.config.objective = "non-saturating";
  s.diagnostics.dReal = 0.97;
  s.diagnostics.dFake = 0.02;
  const Verdict v = judgeConvergence(s);
  EXPECT_EQ(v.headline.find("vanishing"), std::string::npos) << v.headline;
  EXPECT_EQ(v.detail.find("log(1 - D(G(z)))"), std::string::npos) << v.detail;
  EXPECT_EQ(v.headline, "Discriminator is winning");
}

TEST(Verdict, SamplesFarOutsideTheViewAreSaidToDiverge) {
  Snapshot s = base(OutputKind::Logit);
  s.box = Box{-2, 2, -2, 2};
  s.fake = Eigen::MatrixXd::Constant(2, 100, 0.5);
  s.fake.leftCols(70).setConstant(4e11);  // G lr = 0.5: most fakes flew away
  s.diagnostics.dReal = 0.97;
  s.diagnostics.dFake = 0.02;
  EXPECT_NEAR(fractionOutsideView(s), 0.7, 1e-12);
  EXPECT_EQ(judgeConvergence(s).headline, "Diverging: samples outside the view");
  s.fake.leftCols(70).setConstant(3.0);  // just outside the box is still on screen
  EXPECT_EQ(fractionOutsideView(s), 0.0);
}

TEST(Verdict, ModeCollapse) {
  Snapshot s = base(OutputKind::Critic);
  s.metrics.modesCaptured = 2;
  s.metrics.modesTotal = 8;
  s.metrics.highQualityFraction = 0.9;
  const Verdict v = judgeConvergence(s);
  EXPECT_EQ(v.headline, "Mode collapse");
  EXPECT_NE(v.detail.find("2 of 8"), std::string::npos) << v.detail;
}

TEST(Verdict, OscillationOfProbabilities) {
  Snapshot s = base(OutputKind::Logit);
  auto h = std::make_shared<History>();
  for (int i = 0; i < 300; ++i) h->append(i, {{"d_real", 0.5 + 0.3 * std::sin(i * 0.3)}});
  s.history = h;
  EXPECT_EQ(judgeConvergence(s).headline, "Oscillating");
}

TEST(Verdict, SteadyCriticIsNotOscillating) {
  Snapshot s = base(OutputKind::Critic);
  auto h = std::make_shared<History>();
  for (int i = 0; i < 300; ++i)
    h->append(i, {{"d_gap", 0.6 + 0.1 * std::sin(i * 0.3)}, {"g_loss", 0.01 * std::sin(i)}});
  s.history = h;
  EXPECT_EQ(judgeConvergence(s).headline, "Training");
}

TEST(Verdict, Diverged) {
  Snapshot s = base(OutputKind::Logit);
  s.diverged = true;
  s.divergence = "diverged at iteration 12: the discriminator loss is nan";
  const Verdict v = judgeConvergence(s);
  EXPECT_EQ(v.headline, "Diverged");
  EXPECT_EQ(v.detail, s.divergence);
}

}  // namespace
}  // namespace gs
