// A remedy for mode collapse the lecture shows (label: slow): on the collapse preset's ring
// (radius 2, std 0.02) with the non-saturating loss, packing the discriminator's inputs in
// pairs (PacGAN) captures more modes than the same run without it, on the same seeds.
// Measured (2026-12-02, 1500 iterations, modes of 8 over the last 500): plain 6, 5.4, 5.6, 6.2
// (seeds 0-3), packed 8, 7.6, 7.8, 7.6. Unrolling is not asserted here: on this ring (relu
// 3x128, Adam 1e-3) 5 unrolled steps with the exact second-order term kept 3 modes (seeds 0, 1)
// and the first-order surrogate 6, no better than plain; see the unrolled-ring8 preset's note
// for the notebook setting where it helps.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "config/Config.h"
#include "train/Metrics.h"
#include "train/Trainer.h"

namespace gs {
namespace {

constexpr int kSteps = 1500;
const std::vector<uint64_t> kSeeds = {0, 1, 2};

// Modes captured, averaged over the evaluations of the last 500 iterations and over the seeds.
double modes(const std::vector<std::string>& sets) {
  double sum = 0;
  int count = 0;
  for (uint64_t seed : kSeeds) {
    nlohmann::json j = loadPreset("collapse-ring8");
    applySetting(j, "objective.name=non-saturating");
    applySetting(j, "train.seed=" + std::to_string(seed));
    for (auto& s : sets) applySetting(j, s);
    Trainer<float> t(configFromJson(j));
    const EvalSet eval = makeEvalSet(t, 1000, 0);
    Eigen::MatrixXd fake;
    for (int i = 1; i <= kSteps; ++i) {
      t.iterate();
      if (i > kSteps - 500 && i % 100 == 0) {
        sum += evaluateMetrics(t, eval, fake).modesCaptured;
        ++count;
      }
    }
    EXPECT_FALSE(t.diverged());
  }
  return sum / count;
}

TEST(Remedies, PackingCapturesMoreModes) {
  const double plain = modes({});
  const double packed = modes({"train.pack=2"});
  std::printf("modes of 8: plain %.2f, packed %.2f\n", plain, packed);
  EXPECT_GT(packed, plain + 0.5);
  EXPECT_GT(packed, 7.0);
}

}  // namespace
}  // namespace gs
