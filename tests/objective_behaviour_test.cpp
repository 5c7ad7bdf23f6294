// Behaviours of the objectives beyond their gradients: hand-computed loss values, the
// stateful schedules (BEGAN's k_t, MAGAN's margin), the pulling-away term, LS-GAN's margin and
// the entropy estimate of the calibrated EBGAN.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "objectives/Objective.h"
#include "objectives/Registry.h"
#include "util/Rng.h"

namespace gs {
namespace {

Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd out(Eigen::Index(v.size()));
  Eigen::Index i = 0;
  for (double x : v) out[i++] = x;
  return out;
}

// Owns a batch and calls losses the way the trainer does.
struct Call {
  Call(Eigen::VectorXd r, Eigen::VectorXd f) : real(std::move(r)), fake(std::move(f)) {}
  Eigen::VectorXd real, fake;
  Eigen::MatrixXd realX, fakeX, realCodes, fakeCodes;
  LossGrads g;

  LossInputs in() const {
    LossInputs i;
    i.real = &real;
    i.fake = &fake;
    if (realX.size()) i.realX = &realX;
    if (fakeX.size()) i.fakeX = &fakeX;
    if (realCodes.size()) i.realCodes = &realCodes;
    if (fakeCodes.size()) i.fakeCodes = &fakeCodes;
    return i;
  }
  void size() {
    g.dReal.setZero(real.size());
    g.dFake.setZero(fake.size());
    g.useFakeCodes = g.useFakeX = false;
  }
  double d(Objective& o) {
    size();
    return o.criticLoss(in(), g);
  }
  double gen(Objective& o) {
    size();
    return o.generatorLoss(in(), g);
  }
};

double stateOf(const Objective& o, const std::string& key) {
  std::vector<std::pair<std::string, double>> s;
  o.state(s);
  for (auto& [k, v] : s)
    if (k == key) return v;
  ADD_FAILURE() << o.info().name << " has no state '" << key << "'";
  return std::nan("");
}

// ---- original GAN ----

TEST(ObjectiveBehaviour, MinimaxSharesTheDiscriminatorAndSaturates) {
  auto mm = makeObjective("minimax"), ns = makeObjective("non-saturating");
  Call a{vec({0.3, -1.2, 2.0}), vec({-0.5, 1.1})}, b = a;
  EXPECT_DOUBLE_EQ(a.d(*mm), b.d(*ns));
  EXPECT_TRUE(a.g.dReal.isApprox(b.g.dReal));
  EXPECT_TRUE(a.g.dFake.isApprox(b.g.dFake));
  // G: E log(1 - σ(D)) = -E softplus(D); gradient -σ(D)/m vanishes where D rejects (D << 0).
  const double g = a.gen(*mm);
  EXPECT_NEAR(g, -(std::log1p(std::exp(-0.5)) + std::log1p(std::exp(1.1))) / 2, 1e-12);
  Call rejected{vec({0.0}), vec({-30.0})};
  rejected.gen(*mm);
  EXPECT_LT(std::abs(rejected.g.dFake[0]), 1e-12);
  rejected.gen(*ns);
  EXPECT_NEAR(rejected.g.dFake[0], -1.0, 1e-12);  // non-saturating keeps a unit push
}

TEST(ObjectiveBehaviour, LogisticDiscriminatorOptimumIsDensityRatio) {
  // Per point, p·softplus(-r) + q·softplus(r) is minimised where σ(r) = p/(p+q) (B1, C1).
  auto o = makeObjective("non-saturating");
  for (auto [p, q] : {std::pair{0.3, 0.7}, std::pair{2.0, 0.5}, std::pair{1.0, 1.0}}) {
    const double rStar = std::log(p / q);
    Call c{vec({rStar}), vec({rStar})};
    c.d(*o);
    EXPECT_NEAR(p * c.g.dReal[0] + q * c.g.dFake[0], 0.0, 1e-12);
    EXPECT_NEAR(sigmoid(rStar), p / (p + q), 1e-12);
  }
  // At D = 1/2 everywhere the D loss is 2 log 2 (= log 4, C1).
  Call flat{vec({0, 0, 0}), vec({0, 0})};
  EXPECT_NEAR(flat.d(*o), 2 * std::log(2.0), 1e-12);
}

// ---- Wasserstein ----

TEST(ObjectiveBehaviour, WganClipsAndWganGpPenalises) {
  auto w = makeObjective("wgan");
  EXPECT_DOUBLE_EQ(w->weightClip(), 0.01);
  w->setParam("clip", 0.05);
  EXPECT_DOUBLE_EQ(w->weightClip(), 0.05);
  EXPECT_EQ(w->penalty().type, PenaltyType::None);

  auto gp = makeObjective("wgan-gp");
  EXPECT_DOUBLE_EQ(gp->weightClip(), 0.0);
  EXPECT_EQ(gp->penalty().type, PenaltyType::GradientPenalty);
  EXPECT_DOUBLE_EQ(gp->penalty().weight, 0.1);
  gp->setParam("lambda", 10);
  EXPECT_DOUBLE_EQ(gp->penalty().weight, 10.0);

  for (auto* o : {w.get(), gp.get()}) {
    Call c{vec({1.0, 3.0}), vec({-1.0, 0.0, 4.0})};
    EXPECT_NEAR(c.d(*o), 1.0 - 2.0, 1e-12);
    EXPECT_NEAR(c.gen(*o), -1.0, 1e-12);
  }
}

// ---- least squares, hinge ----

TEST(ObjectiveBehaviour, LeastSquaresHandValues) {
  auto o = makeObjective("lsgan");
  Call c{vec({1.0, 0.0}), vec({0.5})};
  EXPECT_NEAR(c.d(*o), 0.5 * (0 + 1) / 2 + 0.5 * 0.25, 1e-12);
  EXPECT_NEAR(c.gen(*o), 0.5 * 0.25, 1e-12);
  o->setParam("a", -1);
  o->setParam("c", 0);
  EXPECT_NEAR(c.d(*o), 0.5 * (0 + 1) / 2 + 0.5 * 2.25, 1e-12);
  EXPECT_NEAR(c.gen(*o), 0.5 * 0.25, 1e-12);
}

TEST(ObjectiveBehaviour, HingeHandValues) {
  auto o = makeObjective("hinge");
  Call c{vec({2.0, 0.5}), vec({-3.0, 0.0})};
  EXPECT_NEAR(c.d(*o), (0 + 0.5) / 2.0 + (0 + 1) / 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(c.g.dReal[0], 0.0);
  EXPECT_DOUBLE_EQ(c.g.dFake[0], 0.0);
  EXPECT_NEAR(c.gen(*o), 1.5, 1e-12);
}

// ---- loss-sensitive ----

TEST(ObjectiveBehaviour, LossSensitiveMarginIsPairwiseL1) {
  auto o = makeObjective("loss-sensitive");
  o->setParam("relu", 1);  // L = relu(raw) makes the hand values exact
  Call c{vec({0.5, 0.2, 0.7}), vec({0.1, 3.0})};
  c.realX.resize(2, 3);
  c.realX << 0, 1, 9,  //
      0, 1, 9;
  c.fakeX.resize(2, 2);
  c.fakeX << 2, 1,  //
      -1, 1.5;
  // Pair 0: Δ = |0-2| + |0+1| = 3 (L2 would be √5), hinge 3 + 0.5 - 0.1 = 3.4.
  // Pair 1: Δ = 0 + 0.5 = 0.5, hinge 0.5 + 0.2 - 3 < 0. The third real has no partner.
  EXPECT_NEAR(c.d(*o), 3.4 / 2, 1e-12);
  EXPECT_DOUBLE_EQ(c.g.dReal[2], 0.0);
  o->setParam("lambda", 2);
  EXPECT_NEAR(c.d(*o), (6 + 0.4) / 2 + 0, 1e-12);
  o->setParam("gamma", 1);
  EXPECT_NEAR(c.d(*o), 6.4 / 2 + (0.5 + 0.2 + 0.7) / 3, 1e-12);
  // Pairs are by index: swapping the fakes changes the margins.
  o->setParam("gamma", 0);
  Call s = c;
  std::swap(s.fake[0], s.fake[1]);
  s.fakeX.col(0).swap(s.fakeX.col(1));
  EXPECT_GT(std::abs(s.d(*o) - c.d(*o)), 0.1);
  // The Lipschitz regulariser is a gradient penalty; gp = 0 is the official loss alone.
  EXPECT_EQ(o->penalty().type, PenaltyType::GradientPenalty);
  EXPECT_DOUBLE_EQ(o->penalty().weight, 0.1);
  o->setParam("gp", 0);
  EXPECT_EQ(o->penalty().type, PenaltyType::None);
  // G: mean L(G(z)); the raw value is shown as the non-negative loss L.
  EXPECT_NEAR(c.gen(*o), (0.1 + 3.0) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(o->displayValue(-2.0), 0.0);
  o->setParam("relu", 0);
  EXPECT_NEAR(o->displayValue(-2.0), std::log1p(std::exp(-2.0)), 1e-12);
}

// ---- EBGAN ----

TEST(ObjectiveBehaviour, EbganHingeAndPullingAwayTerm) {
  auto o = makeObjective("ebgan");
  Call c{vec({0.2, 0.4}), vec({0.5, 1.5})};
  EXPECT_NEAR(c.d(*o), 0.3 + (0.5 + 0) / 2, 1e-12);  // margin 1

  o->setParam("pt_weight", 1.0);
  Call pt{vec({0.0}), vec({0.0, 0.0, 0.0})};
  pt.fakeCodes = Eigen::MatrixXd::Identity(3, 3) * 2.0;  // orthogonal codes
  EXPECT_NEAR(pt.gen(*o), 0.0, 1e-12);
  EXPECT_TRUE(pt.g.useFakeCodes);
  pt.fakeCodes.resize(2, 3);
  pt.fakeCodes << 1, 2, -3,  //
      1, 2, -3;              // identical directions (signs do not matter: cos² = 1)
  EXPECT_NEAR(pt.gen(*o), 1.0, 1e-12);
  pt.fakeCodes.resize(2, 2);
  pt.fakeCodes << 1, 1,  //
      0, 1;              // 45°: cos² = 1/2 for both ordered pairs
  EXPECT_NEAR(pt.gen(*o), 0.5, 1e-12);
  o->setParam("pt_weight", 0.1);
  EXPECT_NEAR(pt.gen(*o), 0.05, 1e-12);
  o->setParam("pt_weight", 0.0);
  EXPECT_NEAR(pt.gen(*o), 0.0, 1e-12);
  EXPECT_FALSE(pt.g.useFakeCodes);
}

// ---- MAGAN ----

TEST(ObjectiveBehaviour, MaganMarginStartsAtRealEnergyAndFollowsTheRule) {
  auto o = makeObjective("magan");
  o->setParam("epoch_iters", 2);
  EXPECT_DOUBLE_EQ(stateOf(*o, "margin"), 1.0);
  // One iteration: the generator step's E(G(z)) = f, the critic step's E(x) = r.
  auto step = [&](double r, double f) {
    Call c{vec({r, r}), vec({f, f})};
    o->afterGeneratorStep(c.in());
    o->afterCriticStep(c.in());
  };
  // Epoch 1: mean real energy 0.6 < 1 becomes the margin; S_fake = 2.
  step(0.5, 1.0);
  EXPECT_DOUBLE_EQ(stateOf(*o, "margin"), 1.0);  // only at epoch ends
  step(0.7, 1.0);
  EXPECT_NEAR(stateOf(*o, "margin"), 0.6, 1e-12);
  // The D loss uses the current margin.
  Call c{vec({0.1}), vec({0.5})};
  EXPECT_NEAR(c.d(*o), 0.1 + 0.1, 1e-12);
  // Epoch 2: S_fake fell (1.8 < 2): no update even though S_real is small.
  step(0.1, 0.9);
  step(0.1, 0.9);
  EXPECT_NEAR(stateOf(*o, "margin"), 0.6, 1e-12);
  // Epoch 3: S_fake rose (2.2 > 1.8), S_real = 0.8 < S_fake, 0.4 < 0.6: m = 0.4.
  step(0.3, 1.1);
  step(0.5, 1.1);
  EXPECT_NEAR(stateOf(*o, "margin"), 0.4, 1e-12);
  // Epoch 4: S_fake rose but S_real/epoch = 0.45 > m: no update (never grows).
  step(0.45, 1.2);
  step(0.45, 1.2);
  EXPECT_NEAR(stateOf(*o, "margin"), 0.4, 1e-12);
  // Epoch 5: S_fake rose (2.6 > 2.4) but S_real = 3 >= S_fake: no update.
  step(1.5, 1.3);
  step(1.5, 1.3);
  EXPECT_NEAR(stateOf(*o, "margin"), 0.4, 1e-12);
  step(0.2, 0.2);
  step(0.2, 0.21);  // S_real 0.4 < S_fake 0.41, 0.2 < m, but S_fake fell
  EXPECT_NEAR(stateOf(*o, "margin"), 0.4, 1e-12);
  o->resetState();
  EXPECT_DOUBLE_EQ(stateOf(*o, "margin"), 1.0);
}

// The schedule compares per-step means, so a live change of the epoch length is no "rise":
// F = 1.0 over 2 steps, then 0.9 over 4 steps (sum 3.6 > 2, mean 0.9 < 1): no update.
TEST(ObjectiveBehaviour, MaganComparesMeansAcrossEpochLengths) {
  auto o = makeObjective("magan");
  o->setParam("epoch_iters", 2);
  auto step = [&](double r, double f) {
    Call c{vec({r, r}), vec({f, f})};
    o->afterGeneratorStep(c.in());
    o->afterCriticStep(c.in());
  };
  step(0.8, 1.0);
  step(0.8, 1.0);
  ASSERT_NEAR(stateOf(*o, "margin"), 0.8, 1e-12);  // first epoch: m = R
  o->setParam("epoch_iters", 4);
  for (int i = 0; i < 4; ++i) step(0.3, 0.9);
  EXPECT_NEAR(stateOf(*o, "margin"), 0.8, 1e-12);
  for (int i = 0; i < 4; ++i) step(0.3, 0.95);  // a real rise of the mean: m = R
  EXPECT_NEAR(stateOf(*o, "margin"), 0.3, 1e-12);
}

TEST(ObjectiveBehaviour, MaganMarginNeverGrows) {
  Rng rng(7);
  for (int run = 0; run < 20; ++run) {
    auto o = makeObjective("magan");
    o->setParam("margin", rng.uniform(0.1, 5));
    o->setParam("epoch_iters", double(1 + rng.below(6)));
    double prev = stateOf(*o, "margin");
    const double first = prev;
    for (int s = 0; s < 2000; ++s) {
      Eigen::VectorXd r(4), f(4);
      for (int i = 0; i < 4; ++i) {
        r[i] = rng.uniform(0, 3) * std::exp(-s / 700.0);
        f[i] = rng.uniform(0, 3);
      }
      Call c{r, f};
      o->afterGeneratorStep(c.in());
      o->afterCriticStep(c.in());
      const double m = stateOf(*o, "margin");
      ASSERT_LE(m, prev) << "run " << run << " step " << s;
      ASSERT_GE(m, 0.0);
      prev = m;
    }
    EXPECT_LT(prev, first) << "the schedule should have shrunk the margin (run " << run << ")";
  }
}

// ---- BEGAN ----

TEST(ObjectiveBehaviour, BeganEquilibriumUpdate) {
  auto o = makeObjective("began");
  EXPECT_DOUBLE_EQ(stateOf(*o, "k_t"), 0.0);
  Call c{vec({0.4, 0.6}), vec({0.1, 0.1, 0.1})};
  // k_0 = 0: D loss is L(x) alone.
  EXPECT_NEAR(c.d(*o), 0.5, 1e-12);
  o->afterCriticStep(c.in());
  // balance = 0.5·0.5 - 0.1 = 0.15; k = 0.001·0.15; M = 0.5 + 0.15.
  EXPECT_NEAR(stateOf(*o, "k_t"), 1.5e-4, 1e-15);
  EXPECT_NEAR(stateOf(*o, "m_global"), 0.65, 1e-12);
  EXPECT_NEAR(c.d(*o), 0.5 - 1.5e-4 * 0.1, 1e-12);
  EXPECT_NEAR(c.gen(*o), 0.1, 1e-12);
  o->resetState();
  EXPECT_DOUBLE_EQ(stateOf(*o, "k_t"), 0.0);
}

TEST(ObjectiveBehaviour, BeganKStaysInUnitInterval) {
  auto o = makeObjective("began");
  o->setParam("lambda_k", 1.0);
  Rng rng(3);
  bool hitOne = false, hitZero = false;
  for (int s = 0; s < 500; ++s) {
    // Alternate long stretches of huge real energies (k -> up) and huge fake energies.
    const bool up = (s / 50) % 2 == 0;
    Eigen::VectorXd r(3), f(3);
    for (int i = 0; i < 3; ++i) {
      r[i] = up ? rng.uniform(10, 1000) : rng.uniform(0, 0.1);
      f[i] = up ? rng.uniform(0, 0.1) : rng.uniform(10, 1000);
    }
    Call c{r, f};
    o->afterCriticStep(c.in());
    const double k = stateOf(*o, "k_t");
    ASSERT_GE(k, 0.0);
    ASSERT_LE(k, 1.0);
    hitOne |= k == 1.0;
    hitZero |= k == 0.0 && s > 0;
  }
  EXPECT_TRUE(hitOne);
  EXPECT_TRUE(hitZero);
}

// ---- calibrated EBGAN ----

TEST(ObjectiveBehaviour, CalibratedEbganDiscriminatorMarginClamp) {
  auto o = makeObjective("calibrated-ebgan");
  o->setParam("margin", 1.0);
  Call c{vec({0.0, 1.0}), vec({0.0, 3.0})};
  // E_T = 0.5: fake 0 gives 0.5; fake 3 gives max(-2.5, -1) = -1.
  EXPECT_NEAR(c.d(*o), (0.5 - 1.0) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(c.g.dFake[1], 0.0);
  EXPECT_NEAR(c.g.dReal[0], 1.0 / 4, 1e-12);
}

Eigen::MatrixXd randomPoints(Rng& rng, int n, double scale) {
  Eigen::MatrixXd X(2, n);
  for (int i = 0; i < n; ++i) X.col(i) << scale * rng.normal(), scale * rng.normal();
  return X;
}

TEST(ObjectiveBehaviour, CalibratedEbganEntropyIsAKozachenkoLeonenkoEstimate) {
  // Scaling a batch by s adds d·log s to the nearest-neighbour entropy, so the G loss drops
  // by w·d·log s (the energies held fixed).
  auto o = makeObjective("calibrated-ebgan");
  const double w = o->param("entropy_weight");
  Rng rng(11);
  Call c{vec({0.0}), Eigen::VectorXd::Zero(40)};
  c.fakeX = randomPoints(rng, 40, 1.0);
  const double base = c.gen(*o);
  EXPECT_TRUE(c.g.useFakeX);
  c.fakeX *= 3.0;
  EXPECT_NEAR(c.gen(*o) - base, -w * 2 * std::log(3.0), 1e-6);
  // A wider Gaussian has the higher estimate, by about d·log(σ ratio).
  Call wide = c;
  wide.fakeX = randomPoints(rng, 400, 2.0);
  wide.fake = Eigen::VectorXd::Zero(400);
  Call narrow = wide;
  narrow.fakeX = randomPoints(rng, 400, 0.5);
  const double diff = narrow.gen(*o) - wide.gen(*o);  // = w·(H_wide - H_narrow)
  EXPECT_NEAR(diff / w, 2 * std::log(4.0), 0.3);
  // Without the entropy weight the generator sees only the energies.
  o->setParam("entropy_weight", 0);
  EXPECT_NEAR(c.gen(*o), 0.0, 1e-12);
  EXPECT_FALSE(c.g.useFakeX);
}

TEST(ObjectiveBehaviour, CalibratedEbganEntropyPushesCrowdedSamplesApart) {
  auto o = makeObjective("calibrated-ebgan");
  o->setParam("knn", 1);
  Rng rng(5);
  Call c{vec({0.0}), Eigen::VectorXd::Zero(30)};
  c.fakeX = randomPoints(rng, 30, 1.0);
  c.fakeX.col(1) = c.fakeX.col(0) + Eigen::Vector2d(1e-3, 0);  // a crowded pair
  const double before = c.gen(*o);
  const double gap0 = (c.fakeX.col(0) - c.fakeX.col(1)).norm();
  // A small gradient-descent step on the samples lowers the loss and separates the pair.
  Eigen::MatrixXd moved = c.fakeX - 1e-5 * c.g.dFakeX;
  EXPECT_GT((moved.col(0) - moved.col(1)).norm(), gap0);
  c.fakeX = moved;
  EXPECT_LT(c.gen(*o), before);
}

// ---- MIX+GAN, relativistic ----

TEST(ObjectiveBehaviour, MixGanComponentsAndBaseLosses) {
  auto mix = makeObjective("mixgan"), ns = makeObjective("non-saturating");
  EXPECT_EQ(mix->components(), 5);
  EXPECT_DOUBLE_EQ(mix->mixtureEntropyWeight(), 0.1);
  EXPECT_EQ(ns->components(), 1);
  EXPECT_DOUBLE_EQ(ns->mixtureEntropyWeight(), 0.0);
  Call a{vec({0.3, -1.0}), vec({0.7})}, b = a;
  EXPECT_DOUBLE_EQ(a.d(*mix), b.d(*ns));
  EXPECT_DOUBLE_EQ(a.gen(*mix), b.gen(*ns));
  mix->setParam("components", 2);
  mix->setParam("entropy_weight", 0.5);
  EXPECT_EQ(mix->components(), 2);
  EXPECT_DOUBLE_EQ(mix->mixtureEntropyWeight(), 0.5);
}

TEST(ObjectiveBehaviour, RelativisticHandValues) {
  auto ras = makeObjective("rasgan"), rals = makeObjective("ralsgan");
  EXPECT_TRUE(ras->generatorNeedsReal());
  EXPECT_TRUE(rals->generatorNeedsReal());
  Call same{vec({0.4, 0.4}), vec({0.4})};
  EXPECT_NEAR(same.d(*ras), std::log(2.0), 1e-12);
  EXPECT_NEAR(same.gen(*ras), std::log(2.0), 1e-12);
  EXPECT_NEAR(same.d(*rals), 1.0, 1e-12);  // ½(1) + ½(1)
  Call c{vec({2.0, 0.0}), vec({-1.0})};    // mean r = 1, mean f = -1
  // D: ½·mean((3-1)², (1-1)²) + ½·(-2+1)² = 1 + 0.5.
  EXPECT_NEAR(c.d(*rals), 1.5, 1e-12);
  // G: ½·mean((3+1)², (1+1)²) + ½·(-2-1)² = 5 + 4.5.
  EXPECT_NEAR(c.gen(*rals), 9.5, 1e-12);
}

}  // namespace
}  // namespace gs
