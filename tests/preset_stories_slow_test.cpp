// Every preset note tells a story; these runs check the ones whose numbers the notes quote,
// on the preset's own config and seed (label: slow; each well under 30 s on two cores).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "config/Config.h"
#include "metrics/OptimalDiscriminator.h"
#include "train/Metrics.h"
#include "train/Trainer.h"

namespace gs {
namespace {

double stateOf(const Trainer<float>& t, const std::string& key) {
  for (auto& [k, v] : t.diagnostics().state)
    if (k == key) return v;
  return std::nan("");
}

Metrics metricsAfter(Trainer<float>& t) {
  const EvalSet set = makeEvalSet(t, 2500, t.config().seed);
  Eigen::MatrixXd fake;
  return evaluateMetrics(t, set, fake);
}

// began-ring8: k_t rises early, then sits at (or just above) 0 while M_global falls.
TEST(PresetStories, BeganKtRisesThenRestsNearZero) {
  Trainer<float> t(configFromJson(loadPreset("began-ring8")));
  double early = 0, lateMax = 0, mStart = 0, mLate = 0;
  for (int i = 1; i <= 2500; ++i) {
    t.iterate();
    const double k = stateOf(t, "k_t");
    if (i <= 500) early = std::max(early, k);
    if (i > 1500) lateMax = std::max(lateMax, k);
    if (i <= 50) mStart = std::max(mStart, stateOf(t, "m_global"));
    if (i > 2400) mLate += stateOf(t, "m_global") / 100;
  }
  EXPECT_GT(early, 0.1) << "k_t should rise in the first 500 iterations";
  EXPECT_LT(lateMax, 0.1) << "k_t should stay near 0 late in the run";
  EXPECT_LT(mLate, 0.5 * mStart) << "M_global should fall";
}

// hinge-ring8: the fakes cover the ring, scores stay inside the margins, D loss near 2.
TEST(PresetStories, HingeScoresStayInsideTheMargins) {
  Trainer<float> t(configFromJson(loadPreset("hinge-ring8")));
  double dLoss = 0, dReal = 0;
  for (int i = 1; i <= 1500; ++i) {
    t.iterate();
    if (i > 1300) dLoss += t.diagnostics().dLoss / 200, dReal += t.diagnostics().dReal / 200;
  }
  const Metrics m = metricsAfter(t);
  EXPECT_EQ(m.modesCaptured, 8);
  EXPECT_LT(dReal, 1.0) << "real scores should sit inside the +1 margin";
  EXPECT_GT(dLoss, 1.2) << "the hinge should not go quiet";
}

// line-2d: the generator folds onto the line; the KDE-based JSD is far below log 2.
TEST(PresetStories, LineIsLearnedAndKdeJsdStaysSmall) {
  Trainer<float> t(configFromJson(loadPreset("line-2d")));
  for (int i = 0; i < 2000; ++i) t.iterate();
  const Metrics m = metricsAfter(t);
  EXPECT_LT(m.w1, 0.1);
  EXPECT_LT(m.jsd, 0.1);
  EXPECT_LT(m.dFlatnessMax, 0.25);
}

// flat-1d: once G matches the Gaussian, D* from equal batches is 1/2 wherever it is shown.
TEST(PresetStories, Flat1dOptimalDiscriminatorIsHalf) {
  Trainer<float> t(configFromJson(loadPreset("flat-1d")));
  for (int i = 0; i < 2000; ++i) t.iterate();
  const EvalSet set = makeEvalSet(t, 2048, 11);
  Eigen::MatrixXd fake;
  t.generate(set.z, set.u, fake);
  const OptimalDiscriminatorGrid g = optimalDiscriminatorGrid(set.real, fake, t.data().bounds(), 512, 1);
  double worst = 0;
  int shown = 0;
  for (double v : g.values)
    if (std::isfinite(v)) ++shown, worst = std::max(worst, std::abs(v - 0.5));
  EXPECT_GT(shown, 128);
  EXPECT_LT(worst, 0.2);
}

}  // namespace
}  // namespace gs

namespace gs {
namespace {

// finite-sample-1d: D separates two 16-point samples of N(0, 1) (mean D(real) well above
// D(fake), D loss far under 2 log 2) and cannot separate two 4096-point samples.
TEST(PresetStories, FiniteSamplesAreSeparableAndTheGapShrinksWithTheirSize) {
  auto dLossAfter = [](int n, double& gap) {
    Config c = configFromJson(loadPreset("finite-sample-1d"));
    c.data.sampleSize = n;
    Trainer<float> t(c);
    double loss = 0;
    gap = 0;
    for (int i = 1; i <= 1000; ++i) {
      t.iterate();
      if (i > 900) loss += t.diagnostics().dLoss / 100, gap += (t.diagnostics().dReal - t.diagnostics().dFake) / 100;
    }
    return loss;
  };
  double gapSmall = 0, gapLarge = 0;
  const double small = dLossAfter(16, gapSmall), large = dLossAfter(4096, gapLarge);
  EXPECT_LT(small, 1.1) << "16 points each: D should tell the samples apart";
  EXPECT_GT(gapSmall, 0.25);
  EXPECT_GT(large, 1.33) << "4096 points each: D should be near 2 log 2 = 1.386";
  EXPECT_LT(gapLarge, 0.05);
}

}  // namespace
}  // namespace gs
