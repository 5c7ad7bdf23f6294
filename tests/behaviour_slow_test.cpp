// Behaviours the literature predicts, on seeded training runs (label: slow).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "config/Config.h"
#include "metrics/ModeCoverage.h"
#include "train/Metrics.h"
#include "train/Trainer.h"

namespace gs {
namespace {

double normalPdf(double x, double mu, double s) {
  return std::exp(-0.5 * (x - mu) * (x - mu) / (s * s)) / (s * std::sqrt(2 * M_PI));
}

// Goodfellow et al. 2014, Prop. 1: for a fixed G the optimal D is p/(p + q). A linear
// generator G(z) = a z + b with z ~ N(0,1) has q = N(b, a²) exactly.
TEST(Behaviour, FrozenGeneratorDiscriminatorConvergesToDStar) {
  Config c;
  c.data.name = "gauss1d";
  c.objective = "non-saturating";
  c.latentDim = 1;
  c.g.depth = 0;  // a linear map
  c.d.width = 64, c.d.depth = 2, c.d.lr = 2e-3, c.d.beta1 = 0.5, c.d.beta2 = 0.999;
  c.batch = 512;
  c.seed = 5;
  Trainer<float> t(c);
  const double a = 0.6, b = 1.0;
  t.generator().params()[0] = float(a);  // W (1x1), then bias
  t.generator().params()[1] = float(b);
  for (int i = 0; i < 3000; ++i) t.criticStep();

  Eigen::MatrixXd x(1, 61);
  for (int i = 0; i < 61; ++i) x(0, i) = -2.0 + 4.5 * i / 60.0;
  Eigen::VectorXd d;
  t.evaluateCritic(x, d);
  double err = 0, worst = 0;
  for (int i = 0; i < 61; ++i) {
    const double p = t.data().density(&x(0, i)), q = normalPdf(x(0, i), b, a);
    const double e = std::abs(d[i] - p / (p + q));
    err += e / 61;
    worst = std::max(worst, e);
  }
  EXPECT_LT(err, 0.03) << "mean |D - p/(p+q)|";
  EXPECT_LT(worst, 0.12) << "max |D - p/(p+q)|";
}

// Trains a preset (optionally shortened) and returns the final metrics; `each` sees every
// iteration's diagnostics.
Metrics trainPreset(const std::string& name, int steps, uint64_t seed,
                    const std::function<void(const Trainer<float>&)>& each = {}) {
  Config c = configFromJson(loadPreset(name));
  c.seed = seed;
  c.evalSamples = 2500;
  Trainer<float> t(c);
  for (int i = 0; i < steps; ++i) {
    t.iterate();
    if (each) each(t);
    if (t.diverged()) break;
  }
  EXPECT_FALSE(t.diverged()) << name << ": " << t.divergenceMessage();
  const EvalSet set = makeEvalSet(t, c.evalSamples, seed);
  Eigen::MatrixXd fake;
  return evaluateMetrics(t, set, fake);
}

// At the optimum p_g = p_data and D* = 1/2 everywhere (Goodfellow et al. 2014).
TEST(Behaviour, NonSaturating1dFlattensDiscriminator) {
  const Metrics m = trainPreset("flat-1d", 3000, 0);
  EXPECT_LT(m.dFlatnessStd, 0.05);
  EXPECT_LT(m.dFlatnessMax, 0.2);
  EXPECT_LT(m.w1, 0.25);
}

// Gulrajani et al. 2017 / gan_toy.py: the gradient-penalty critic lets G cover the ring.
TEST(Behaviour, WganGpCoversAllEightRingModes) {
  const Metrics m = trainPreset("wgan-gp-ring8", 2500, 0);
  EXPECT_EQ(m.modesCaptured, 8);
  EXPECT_GT(m.highQualityFraction, 0.5);
}

// BEGAN: k_t is clipped to [0, 1] (Berthelot et al. 2017, protocols.md B8).
TEST(Behaviour, BeganKeepsKtInUnitInterval) {
  int seen = 0;
  trainPreset("began-ring8", 600, 0, [&](const Trainer<float>& t) {
    for (auto& [k, v] : t.diagnostics().state)
      if (k == "k_t") {
        ++seen;
        ASSERT_GE(v, 0.0);
        ASSERT_LE(v, 1.0);
      }
  });
  EXPECT_EQ(seen, 600);
}

// MAGAN: the margin is only ever assigned smaller values (protocols.md B7).
TEST(Behaviour, MaganMarginNeverGrows) {
  double last = std::numeric_limits<double>::infinity();
  int shrinks = 0;
  trainPreset("magan-ring8", 800, 0, [&](const Trainer<float>& t) {
    for (auto& [k, v] : t.diagnostics().state)
      if (k == "margin") {
        ASSERT_LE(v, last + 1e-12);
        if (v < last) ++shrinks;
        last = v;
      }
  });
  EXPECT_GT(shrinks, 1);
}

// Dai et al. 2017: with the entropy term the energy keeps the density, E ≈ -log p + c.
TEST(Behaviour, CalibratedEbganEnergyTracksNegativeLogDensity) {
  // The energy jitters with the generator, so judge the mean over the last 500 iterations.
  for (uint64_t seed : {0, 1}) {
    Config c = configFromJson(loadPreset("calibrated-ebgan-mixture"));
    c.seed = seed;
    Trainer<float> t(c);
    const EvalSet set = makeEvalSet(t, 2500, seed);
    Eigen::MatrixXd fake;
    double sum = 0;
    int count = 0;
    for (int i = 1; i <= 2000; ++i) {
      t.iterate();
      if (i > 1500 && i % 100 == 0) sum += evaluateMetrics(t, set, fake).energyNllPearson, ++count;
    }
    ASSERT_FALSE(t.diverged());
    EXPECT_GT(sum / count, 0.75) << "seed " << seed;
  }
}

}  // namespace
}  // namespace gs
