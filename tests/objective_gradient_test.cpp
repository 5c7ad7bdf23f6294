// Finite-difference checks, in double, of every registered objective: the gradients each loss
// writes (raw outputs, and codes or samples where it uses them) against central differences
// of the loss it returns. Inputs it does not report a gradient for must not change the loss
// (the trainer would miss that path). Near a hinge or a change of nearest neighbour the
// central difference straddles a kink; there a one-sided difference must match instead.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "objectives/Objective.h"
#include "objectives/Registry.h"
#include "util/Rng.h"

namespace gs {
namespace {

struct Batch {
  Eigen::VectorXd real, fake;
  Eigen::MatrixXd realX, fakeX, realCodes, fakeCodes;

  LossInputs inputs() const { return {&real, &fake, &realX, &fakeX, &realCodes, &fakeCodes}; }
};

Batch randomBatch(const Objective& o, Rng& rng, int n, int m) {
  Batch b;
  b.real.resize(n);
  b.fake.resize(m);
  const bool reconstruction = o.info().critic == CriticKind::AutoEncoder;
  for (int i = 0; i < n; ++i) b.real[i] = reconstruction ? rng.uniform(0.05, 2.5) : 1.5 * rng.normal();
  for (int i = 0; i < m; ++i) b.fake[i] = reconstruction ? rng.uniform(0.05, 2.5) : 1.5 * rng.normal();
  b.realX.resize(2, n);
  b.fakeX.resize(2, m);
  for (int i = 0; i < n; ++i) b.realX.col(i) << rng.uniform(-1, 1), rng.uniform(-1, 1);
  for (int i = 0; i < m; ++i) b.fakeX.col(i) << rng.uniform(-1, 1), rng.uniform(-1, 1);
  b.realCodes.resize(3, n);
  b.fakeCodes.resize(3, m);
  for (int i = 0; i < n; ++i) b.realCodes.col(i) << rng.normal(), rng.normal(), rng.normal();
  for (int i = 0; i < m; ++i) b.fakeCodes.col(i) << rng.normal(), rng.normal(), rng.normal();
  return b;
}

// Calls a loss the way the trainer does; NaN-filled outputs catch entries left unwritten.
double evaluate(Objective& o, const Batch& b, bool critic, LossGrads& g) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  g.dReal.setConstant(b.real.size(), nan);
  g.dFake.setConstant(b.fake.size(), nan);
  g.useFakeCodes = g.useFakeX = false;
  const LossInputs in = b.inputs();
  return critic ? o.criticLoss(in, g) : o.generatorLoss(in, g);
}

int kinks = 0;  // coordinates that fell next to a kink (reported, expected to be rare)

bool close(double a, double b, double rel) {
  return std::abs(a - b) <= rel * std::max({std::abs(a), std::abs(b), 1e-3});
}

// Compares `analytic` with differences of the loss along one scalar input. Returns false
// with a message on a mismatch.
bool checkCoordinate(const std::function<double(double)>& lossAt, double x0, double analytic, std::string& why) {
  const double h = 1e-6;
  const double f0 = lossAt(x0), fp = lossAt(x0 + h), fm = lossAt(x0 - h);
  const double central = (fp - fm) / (2 * h);
  if (close(analytic, central, 1e-6)) return true;
  // A kink inside [x0 - h, x0 + h]: the derivative at x0 is the one on its own side. The
  // loss must stay continuous there (slopes jump by O(1), a jump in value by O(1/h)).
  const double forward = (fp - f0) / h, backward = (f0 - fm) / h;
  if (std::abs(forward - backward) < 1.0 && (close(analytic, forward, 1e-4) || close(analytic, backward, 1e-4))) {
    ++kinks;
    return true;
  }
  why = "analytic " + std::to_string(analytic) + " vs central " + std::to_string(central) + " (forward " +
        std::to_string(forward) + ", backward " + std::to_string(backward) + ")";
  return false;
}

void checkObjective(Objective& o, const std::string& label, uint64_t seed, int n, int m) {
  Rng rng(seed);
  const Batch b0 = randomBatch(o, rng, n, m);
  for (bool critic : {true, false}) {
    const std::string side = label + (critic ? " D loss" : " G loss");
    LossGrads g;
    evaluate(o, b0, critic, g);
    const bool realUsed = critic || o.generatorNeedsReal();
    for (int i = 0; i < m; ++i) ASSERT_TRUE(std::isfinite(g.dFake[i])) << side << " dFake[" << i << "]";
    if (realUsed) {
      for (int i = 0; i < n; ++i) ASSERT_TRUE(std::isfinite(g.dReal[i])) << side << " dReal[" << i << "]";
    }
    if (g.useFakeCodes) {
      ASSERT_EQ(g.dFakeCodes.rows(), b0.fakeCodes.rows()) << side;
      ASSERT_EQ(g.dFakeCodes.cols(), b0.fakeCodes.cols()) << side;
    }
    if (g.useFakeX) {
      ASSERT_EQ(g.dFakeX.rows(), b0.fakeX.rows()) << side;
      ASSERT_EQ(g.dFakeX.cols(), b0.fakeX.cols()) << side;
    }

    // Perturbs one scalar of a copy of the batch.
    auto along = [&](const std::function<double&(Batch&)>& slot) {
      return [&, slot](double v) {
        Batch b = b0;
        slot(b) = v;
        LossGrads scratch;
        return evaluate(o, b, critic, scratch);
      };
    };
    std::string why;
    for (int i = 0; i < m; ++i) {
      auto f = along([i](Batch& b) -> double& { return b.fake[i]; });
      EXPECT_TRUE(checkCoordinate(f, b0.fake[i], g.dFake[i], why)) << side << " fake[" << i << "]: " << why;
    }
    for (int i = 0; i < n; ++i) {
      auto f = along([i](Batch& b) -> double& { return b.real[i]; });
      EXPECT_TRUE(checkCoordinate(f, b0.real[i], realUsed ? g.dReal[i] : 0.0, why))
          << side << " real[" << i << "]: " << why;
    }
    for (int i = 0; i < m; ++i)
      for (int k = 0; k < b0.fakeCodes.rows(); ++k) {
        auto f = along([i, k](Batch& b) -> double& { return b.fakeCodes(k, i); });
        const double a = g.useFakeCodes ? g.dFakeCodes(k, i) : 0.0;
        EXPECT_TRUE(checkCoordinate(f, b0.fakeCodes(k, i), a, why))
            << side << " fakeCodes(" << k << "," << i << "): " << why;
      }
    // D losses may read the samples (LS-GAN's margin) without a gradient: samples are not
    // critic parameters. Generator losses must report every path through the fake samples.
    if (!critic)
      for (int i = 0; i < m; ++i)
        for (int k = 0; k < b0.fakeX.rows(); ++k) {
          auto f = along([i, k](Batch& b) -> double& { return b.fakeX(k, i); });
          const double a = g.useFakeX ? g.dFakeX(k, i) : 0.0;
          EXPECT_TRUE(checkCoordinate(f, b0.fakeX(k, i), a, why)) << side << " fakeX(" << k << "," << i << "): " << why;
        }
  }
}

// Puts stateful objectives somewhere other than their initial state (BEGAN's k_0 = 0 hides
// the fake term of its D loss).
void prime(Objective& o) {
  if (o.info().name == "began") {
    o.setParam("lambda_k", 0.3);
    Eigen::VectorXd r = Eigen::VectorXd::Constant(4, 2.0), f = Eigen::VectorXd::Constant(4, 0.2);
    LossInputs in;
    in.real = &r;
    in.fake = &f;
    o.afterCriticStep(in);
  }
}

struct Variant {
  std::string name;
  std::vector<std::pair<std::string, double>> params;
};

void PrintTo(const Variant& v, std::ostream* os) {
  *os << v.name;
  for (auto& [k, x] : v.params) *os << " " << k << "=" << x;
}

class ObjectiveGradient : public ::testing::TestWithParam<Variant> {};

TEST_P(ObjectiveGradient, MatchesFiniteDifferences) {
  const Variant& v = GetParam();
  auto o = makeObjective(v.name);
  for (auto& [k, x] : v.params) o->setParam(k, x);
  prime(*o);
  std::string label = v.name;
  for (auto& [k, x] : v.params) label += " " + k + "=" + std::to_string(x);
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    checkObjective(*o, label, seed, 7, 6);  // unequal batches exercise the pairing rules
    checkObjective(*o, label, 100 + seed, 5, 5);
  }
  checkObjective(*o, label + " (single fake)", 77, 3, 1);
  RecordProperty("kinks", kinks);
  EXPECT_LT(kinks, 20) << "too many coordinates next to kinks: the check would be weak";
  kinks = 0;
}

std::vector<Variant> variants() {
  std::vector<Variant> v;
  // Score matching has no loss on D's outputs: the trainer differentiates the critic's input
  // derivatives (score_matching_test, trainer_gradient_test check those).
  for (auto& name : objectiveNames())
    if (makeObjective(name)->scoreMatching() == ScoreMatching::None) v.push_back({name, {}});
  v.push_back({"ebm-cd", {{"alpha", 0.0}}});
  v.push_back({"ebm-cd", {{"alpha", 2.5}}});
  v.push_back({"lsgan", {{"a", -1}, {"b", 1}, {"c", 0}}});
  v.push_back({"loss-sensitive", {{"relu", 1}, {"gamma", 0.3}}});
  v.push_back({"loss-sensitive", {{"gamma", 0.5}, {"lambda", 0.2}}});
  v.push_back({"ebgan", {{"margin", 1.5}, {"pt_weight", 1.0}}});
  v.push_back({"magan", {{"margin", 1.2}}});
  v.push_back({"calibrated-ebgan", {{"margin", 0.5}}});
  v.push_back({"calibrated-ebgan", {{"knn", 1}, {"entropy_weight", 2}}});
  v.push_back({"calibrated-ebgan", {{"knn", 50}}});
  v.push_back({"calibrated-ebgan", {{"regulariser", 1}}});  // l2: ∫ p_g² by a leave-one-out KDE
  v.push_back({"calibrated-ebgan", {{"regulariser", 1}, {"l2_bandwidth", 0.05}, {"entropy_weight", 0.7}}});
  v.push_back({"calibrated-ebgan", {{"regulariser", 2}}});  // none
  return v;
}

INSTANTIATE_TEST_SUITE_P(All, ObjectiveGradient, ::testing::ValuesIn(variants()),
                         [](const ::testing::TestParamInfo<Variant>& info) {
                           std::string s = info.param.name + "_" + std::to_string(info.index);
                           for (auto& c : s)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return s;
                         });

TEST(ObjectiveGradient, EveryRegisteredObjectiveIsCovered) {
  // The list above starts with every registry name, so a new objective is checked as soon as
  // it is registered; this guards against the registry being empty.
  EXPECT_GE(objectiveNames().size(), 12u);
}

}  // namespace
}  // namespace gs
