// What the preset notes rely on, checked fast: the speed_limit key, the LS-GAN margin curve,
// D* = 1/2 when p = q, and MIX+GAN's per-sample generator index.
#include <gtest/gtest.h>
#include "SmallConfig.h"

#include <chrono>
#include <cmath>
#include <set>
#include <thread>

#include "config/Config.h"
#include "data/Datasets.h"
#include "metrics/OptimalDiscriminator.h"
#include "train/Session.h"
#include "train/Trainer.h"
#include "util/Error.h"
#include "util/Rng.h"

namespace gs {
namespace {

using json = nlohmann::json;

std::string parseError(const json& j) {
  try {
    configFromJson(j);
  } catch (const ConfigError& e) { return e.what(); }
  return "";
}

TEST(SpeedLimitKey, ParsesValidatesAndRoundTrips) {
  EXPECT_EQ(configFromJson(json::object()).speedLimit, 0.0);
  const Config c = configFromJson(json::parse(R"({"speed_limit": 40})"));
  EXPECT_EQ(c.speedLimit, 40.0);
  EXPECT_EQ(configToJson(c)["speed_limit"], 40.0);
  EXPECT_EQ(configFromJson(configToJson(c)).speedLimit, 40.0);
  for (const char* bad : {R"({"speed_limit": -1})", R"({"speed_limit": "fast"})", R"({"speed_limit": 2e6})"}) {
    const std::string msg = parseError(json::parse(bad));
    EXPECT_NE(msg.find("speed_limit"), std::string::npos) << bad << " -> '" << msg << "'";
  }
  json j = configToJson(Config{});
  applySetting(j, "speed_limit=25");
  EXPECT_EQ(configFromJson(j).speedLimit, 25.0);
}

TEST(SpeedLimitKey, EveryPresetParses) {
  for (const PresetInfo& p : listPresets()) {
    EXPECT_TRUE(p.error.empty()) << p.name << ": " << p.error;
    const Config c = configFromJson(loadPreset(p.name));
    EXPECT_GE(c.speedLimit, 0.0) << p.name;
  }
  EXPECT_GT(configFromJson(loadPreset("minimax-1d")).speedLimit, 0.0) << "the slow start needs a teaching pace";
}

Config tiny(const std::string& objective, const std::string& data = "ring8") {
  Config c = smallConfig(data, objective);
  c.fieldResolution = 24;
  if (data == "gauss1d") c.latentDim = 1;
  return c;
}

TEST(SpeedLimitKey, SessionAppliesAndPublishesIt) {
  Config c = tiny("non-saturating");
  c.speedLimit = 20;
  Session s(c);
  const auto t0 = std::chrono::steady_clock::now();
  s.setRunning(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // On a loaded machine (or under ThreadSanitizer) the first snapshots can come late: wait for
  // one past step 5, and bound the step by the time that has really passed.
  auto snap = s.waitFor(5, 0, 60.0);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(snap->config.speedLimit, 20.0);
  // 20 it/s is about 30 iterations in 1.5 s; unlimited this model runs thousands.
  EXPECT_LE(snap->step, 20 * elapsed + 30) << "the config's speed limit was not applied (" << elapsed << " s)";
  EXPECT_GE(snap->step, 5);

  s.setSpeedLimit(0);  // the window's control overrides it and the config follows
  auto later = s.waitFor(snap->step + 300, snap->version, 20.0);
  EXPECT_GE(later->step, snap->step + 300);
  EXPECT_EQ(later->config.speedLimit, 0.0);
  EXPECT_EQ(s.config().speedLimit, 0.0);

  c.speedLimit = 7;  // a config with a limit, set live, brings it back
  s.setConfig(c);
  auto paced = s.waitFor(0, later->version + 2, 5.0);
  for (int i = 0; i < 20 && paced->config.speedLimit != 7.0; ++i) paced = s.waitFor(0, paced->version, 1.0);
  EXPECT_EQ(paced->config.speedLimit, 7.0);
  s.setRunning(false);
}

TEST(LossSensitiveMargin, PublishedAsObjectiveState) {
  Trainer<double> t(tiny("loss-sensitive"));
  for (int i = 0; i < 3; ++i) t.iterate();
  double margin = std::nan(""), active = std::nan("");
  for (auto& [k, v] : t.diagnostics().state) {
    if (k == "margin_mean") margin = v;
    if (k == "margin_active") active = v;
  }
  // Δ = λ·||x - G(z)||₁ recomputed from an independent batch: same order as the published mean.
  ASSERT_TRUE(std::isfinite(margin)) << "no margin_mean series";
  EXPECT_GT(margin, 0.0);
  EXPECT_GE(active, 0.0);
  EXPECT_LE(active, 1.0);
  Eigen::MatrixXd z, x, real;
  Rng rng(3);
  t.sampleLatent(rng, z, 512);
  t.generate(z, Eigen::VectorXd::Zero(512), x);
  t.data().sample(rng, real, 512);
  const double expected = (real - x).cwiseAbs().colwise().sum().mean() * t.objective().param("lambda");
  EXPECT_NEAR(margin, expected, 0.25 * expected);

  t.objective().setParam("lambda", 0.0);
  t.iterate();
  for (auto& [k, v] : t.diagnostics().state)
    if (k == "margin_mean") EXPECT_EQ(v, 0.0);
}

TEST(LossSensitiveMargin, ReachesTheSessionHistory) {
  Session s(tiny("loss-sensitive"));
  s.setRunning(true);
  auto snap = s.waitFor(40, 0, 30.0);
  for (int i = 0; i < 50 && !(snap->history && snap->history->find("margin_mean")); ++i)
    snap = s.waitFor(0, snap->version, 1.0);
  s.setRunning(false);
  ASSERT_TRUE(snap->history);
  EXPECT_TRUE(snap->history->find("margin_mean"));
  EXPECT_TRUE(snap->history->find("loss_gap"));
}

// D* is 1/2 wherever it is shown when both batches come from one distribution, also in the
// tails (a ratio of exact p to a smoothed q̂ drifts there), and it is shown over the bulk.
TEST(OptimalDiscriminator, HalfWherePEqualsQ) {
  for (const char* name : {"gauss1d", "mix2-1d", "ring8"}) {
    DataParams dp;
    dp.name = name;
    auto data = makeDistribution(dp);
    for (uint64_t seed : {1, 2, 3}) {
      Rng rng(seed);
      Eigen::MatrixXd a, b;
      data->sample(rng, a, 2048);
      data->sample(rng, b, 2048);
      const Box box = data->bounds();
      const int nx = data->dim() == 1 ? 512 : 64, ny = data->dim() == 1 ? 1 : 64;
      const OptimalDiscriminatorGrid g = optimalDiscriminatorGrid(a, b, box, nx, ny);
      EXPECT_GT(g.bandwidth, 0.0);
      int shown = 0;
      double worst = 0;
      for (double v : g.values)
        if (std::isfinite(v)) ++shown, worst = std::max(worst, std::abs(v - 0.5));
      EXPECT_LT(worst, 0.15) << name << " seed " << seed;
      // Shown over a real part of the box: for gauss1d, more than ±2σ of [-4σ, 4σ]-ish bounds.
      EXPECT_GT(shown, int(g.values.size()) / (data->dim() == 1 ? 4 : 50)) << name;
    }
  }
}

TEST(OptimalDiscriminator, ConfidentWhereOnlyOneSideHasMass) {
  Eigen::MatrixXd a(1, 2048), b(1, 2048);
  Rng rng(4);
  for (int i = 0; i < 2048; ++i) a(0, i) = -2 + 0.2 * rng.normal(), b(0, i) = 2 + 0.2 * rng.normal();
  Box box;
  box.xmin = -4, box.xmax = 4;
  const OptimalDiscriminatorGrid g = optimalDiscriminatorGrid(a, b, box, 401, 1);
  EXPECT_NEAR(g.values[100], 1.0, 1e-3);   // x = -2: only data
  EXPECT_NEAR(g.values[300], 0.0, 1e-3);   // x = +2: only fakes
  EXPECT_TRUE(std::isnan(g.values[0]));    // x = -4: nothing
  EXPECT_TRUE(std::isnan(g.values[200]));  // x = 0: nothing
}

// Instance noise σ: D sees inputs blurred by N(0, σ²), so its optimum is the ratio of the
// blurred densities. Two separated Gaussians N(∓1, s²) blurred become N(∓1, s² + σ²): between
// them D* is no longer a confident 1 or 0 but the smooth ratio of the wider Gaussians (here
// the KDE adds its own h² on both sides too).
TEST(OptimalDiscriminator, InstanceNoiseBlursBothDensities) {
  const int n = 4000;
  const double s = 0.2, sigma = 0.5;
  Eigen::MatrixXd a(1, n), b(1, n);
  Rng rng(6);
  for (int i = 0; i < n; ++i) a(0, i) = -1 + s * rng.normal(), b(0, i) = 1 + s * rng.normal();
  Box box;
  box.xmin = -4, box.xmax = 4;
  const OptimalDiscriminatorGrid plain = optimalDiscriminatorGrid(a, b, box, 401, 1);
  const OptimalDiscriminatorGrid noisy = optimalDiscriminatorGrid(a, b, box, 401, 1, sigma);
  EXPECT_NEAR(noisy.bandwidth, std::sqrt(plain.bandwidth * plain.bandwidth + sigma * sigma), 1e-12);
  const double v = s * s + noisy.bandwidth * noisy.bandwidth;
  int checked = 0;
  for (int k = 0; k <= 400; ++k) {
    const double x = -4 + 8.0 * k / 400;
    if (std::abs(x) > 1.5 || !std::isfinite(noisy.values[size_t(k)])) continue;
    const double p = std::exp(-(x + 1) * (x + 1) / (2 * v)), q = std::exp(-(x - 1) * (x - 1) / (2 * v));
    EXPECT_NEAR(noisy.values[size_t(k)], p / (p + q), 0.05) << "x = " << x;
    ++checked;
  }
  EXPECT_GT(checked, 100);
  // At x = -0.5 the un-blurred estimate is a near-certain 1; blurred it is the soft ratio
  // (0.97 there, 0.79 at x = -0.2).
  EXPECT_GT(plain.values[175], 0.99);
  EXPECT_NEAR(noisy.values[190], 0.79, 0.05);
}

TEST(OptimalDiscriminator, SilvermanRule) {
  Eigen::MatrixXd x(1, 1000);
  Rng rng(5);
  for (int i = 0; i < 1000; ++i) x(0, i) = 3 * rng.normal();
  // 0.9 · σ · n^(-1/5) with σ = 3 (the IQR/1.34 of a Gaussian is σ too).
  EXPECT_NEAR(silvermanBandwidth(x, 1e-3), 0.9 * 3 * std::pow(1000.0, -0.2), 0.05);
  EXPECT_EQ(silvermanBandwidth(Eigen::MatrixXd::Zero(1, 100), 0.07), 0.07);
}

TEST(MixtureComponents, SnapshotCarriesEachFakesGenerator) {
  Config c = tiny("mixgan");
  c.objectiveParams["components"] = 3;
  Session s(c);
  auto snap = s.latest();
  ASSERT_EQ(snap->fakeComponent.size(), size_t(snap->fake.cols()));
  std::set<int> seen(snap->fakeComponent.begin(), snap->fakeComponent.end());
  EXPECT_EQ(seen.size(), 3u);  // equal initial weights: every generator draws some
  for (int g : seen) EXPECT_TRUE(g >= 0 && g < 3);

  // The index is the generator that drew the sample: regenerate with that generator alone.
  Trainer<double> t(c);
  Eigen::MatrixXd z, x;
  Rng rng(6);
  t.sampleLatent(rng, z, 64);
  Eigen::VectorXd u(64);
  for (int i = 0; i < 64; ++i) u[i] = rng.uniform();
  std::vector<int> comp;
  t.generate(z, u, x, &comp);
  for (int i = 0; i < 64; ++i) {
    const Eigen::MatrixXd zi = z.col(i);
    Eigen::MatrixXd out, w1, w2;
    t.generator(comp[size_t(i)]).evaluate(zi, out, w1, w2);
    EXPECT_NEAR((out - x.col(i)).norm(), 0.0, 1e-9);
  }

  Session plain(tiny("non-saturating"));
  // Hold the snapshot: in a range-for the temporary shared_ptr would die before the loop
  // (TSan saw the view thread free it mid-read).
  const auto plainSnap = plain.latest();
  for (int g : plainSnap->fakeComponent) EXPECT_EQ(g, 0);
}

}  // namespace
}  // namespace gs
