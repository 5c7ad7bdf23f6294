// Energy models without a generator on the 10/90 mixture of the presets (label: slow): both
// negative-example finders learn an energy that follows -log p_data, the optimum of maximum
// likelihood and of score matching alike; their Langevin samples cover both modes.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "config/Config.h"
#include "train/Metrics.h"
#include "train/Trainer.h"

namespace gs {
namespace {

struct Result {
  double pearson = 0, modes = 0;
};

// Means over the evaluations at the last three hundredths of the run.
Result train(const std::string& preset, int steps, const std::string& set = "") {
  nlohmann::json j = loadPreset(preset);
  if (!set.empty()) applySetting(j, set);
  Trainer<float> t(configFromJson(j));
  const EvalSet eval = makeEvalSet(t, 1000, 0);
  Result r;
  int count = 0;
  Eigen::MatrixXd fake;
  for (int i = 1; i <= steps; ++i) {
    t.iterate();
    if (i > steps - 300 && i % 100 == 0) {
      const Metrics m = evaluateMetrics(t, eval, fake);
      r.pearson += m.energyTargetPearson;
      r.modes += m.modesCaptured;
      ++count;
    }
  }
  EXPECT_FALSE(t.diverged()) << preset;
  r.pearson /= count, r.modes /= count;
  std::printf("%s %s: Pearson(E, -log p) %.3f, modes %.1f / 2\n", preset.c_str(), set.c_str(), r.pearson, r.modes);
  return r;
}

TEST(EnergyModels, ContrastiveDivergenceEnergyFollowsLogDensity) {
  const Result cd = train("ebm-cd-mixture", 400);
  EXPECT_GT(cd.pearson, 0.8);
  EXPECT_EQ(cd.modes, 2.0);
}

TEST(EnergyModels, ScoreMatchingEnergyFollowsLogDensityExactAndDenoising) {
  const Result exact = train("ebm-score-mixture", 500);
  EXPECT_GT(exact.pearson, 0.9);
  EXPECT_EQ(exact.modes, 2.0);
  const Result denoising = train("ebm-score-mixture", 500, "objective.form=denoising");
  EXPECT_GT(denoising.pearson, 0.8);
}

}  // namespace
}  // namespace gs
