// Mode coverage (protocols.md D): nearest mode by normalised distance, 3-sigma high quality,
// modes captured, reverse KL(p_hat || w) (= log K - H(p_hat) for equal weights), JSD to w.
#include <gtest/gtest.h>

#include <cmath>

#include "data/Datasets.h"
#include "metrics/ModeCoverage.h"

namespace gs {
namespace {

Mode mode(double x, double y, double sx, double sy) {
  Mode m;
  m.centre = Eigen::Vector2d(x, y);
  m.stddev = Eigen::Vector2d(sx, sy);
  return m;
}

std::vector<Mode> fourModes() {
  return {mode(1, 0, 0.1, 0.1), mode(0, 1, 0.1, 0.1), mode(-1, 0, 0.1, 0.1), mode(0, -1, 0.1, 0.1)};
}

Eigen::MatrixXd points(const std::vector<Eigen::Vector2d>& v) {
  Eigen::MatrixXd m(2, v.size());
  for (size_t j = 0; j < v.size(); ++j) m.col(Eigen::Index(j)) = v[j];
  return m;
}

TEST(ModeCoverage, AllModesHitEquallyGivesZeroDivergence) {
  std::vector<Eigen::Vector2d> v;
  for (const auto& m : fourModes())
    for (int r = 0; r < 10; ++r) v.push_back(m.centre + Eigen::Vector2d(0.01 * r, -0.005 * r));
  const auto mc = computeModeCoverage(points(v), fourModes());
  EXPECT_EQ(mc.modesCaptured, 4);
  EXPECT_EQ(mc.modesTotal, 4);
  EXPECT_DOUBLE_EQ(mc.highQualityFraction, 1.0);
  EXPECT_NEAR(mc.reverseKl, 0.0, 1e-12);
  EXPECT_NEAR(mc.jsd, 0.0, 1e-12);
  EXPECT_EQ(mc.perModeCounts, (std::vector<int>{10, 10, 10, 10}));
}

TEST(ModeCoverage, SingleModeGivesLogK) {
  const Eigen::MatrixXd s = points({{1, 0}, {1.05, 0}, {0.95, 0.1}});
  const auto mc = computeModeCoverage(s, fourModes());
  EXPECT_EQ(mc.modesCaptured, 1);
  EXPECT_EQ(mc.perModeCounts, (std::vector<int>{3, 0, 0, 0}));
  EXPECT_NEAR(mc.reverseKl, std::log(4.0), 1e-12);
  // p = (1,0,0,0), u = 1/4, m = (5/8, 1/8, 1/8, 1/8).
  const double jsd = 0.5 * std::log(8.0 / 5) + 0.5 * (0.25 * std::log(0.4) + 0.75 * std::log(2.0));
  EXPECT_NEAR(mc.jsd, jsd, 1e-12);
  EXPECT_LT(mc.jsd, std::log(2.0));
}

TEST(ModeCoverage, NoHighQualitySampleGivesNaNReverseKlAndLog2Jsd) {
  const auto mc = computeModeCoverage(points({{10, 10}, {0, 0}, {0.5, 0.5}}), fourModes());
  EXPECT_EQ(mc.modesCaptured, 0);
  EXPECT_EQ(mc.highQualityFraction, 0.0);
  EXPECT_TRUE(std::isnan(mc.reverseKl));
  EXPECT_DOUBLE_EQ(mc.jsd, std::log(2.0));
  const auto empty = computeModeCoverage(Eigen::MatrixXd(2, 0), fourModes());
  EXPECT_EQ(empty.highQualityFraction, 0.0);
  EXPECT_EQ(empty.modesTotal, 4);
}

TEST(ModeCoverage, ThresholdIsThreeNormalisedSigmas) {
  // Offsets 0.29 (2.9 sigma) count, 0.31 (3.1 sigma) do not; two of each.
  const Eigen::MatrixXd s = points({{1.29, 0}, {0, 1.29}, {-1.31, 0}, {0, -1.31}});
  const auto mc = computeModeCoverage(s, fourModes());
  EXPECT_DOUBLE_EQ(mc.highQualityFraction, 0.5);
  EXPECT_EQ(mc.modesCaptured, 2);
  EXPECT_EQ(mc.perModeCounts, (std::vector<int>{1, 1, 0, 0}));
  EXPECT_NEAR(mc.reverseKl, std::log(2.0), 1e-12);  // log 4 - H(1/2, 1/2)
  EXPECT_EQ(computeModeCoverage(s, fourModes(), 4.0).modesCaptured, 4);
}

TEST(ModeCoverage, UsesPerCoordinateSigmaForNearestAndQuality) {
  // Mode A: wide in y; mode B: narrow. (0, 2.5) is Euclidean-nearer to B but normalised-nearer to A.
  const std::vector<Mode> modes = {mode(0, 0, 0.1, 1.0), mode(0, 3, 0.1, 0.1)};
  const auto mc = computeModeCoverage(points({{0, 2.5}, {0.25, 0}, {0.35, 0}}), modes);
  EXPECT_EQ(mc.perModeCounts, (std::vector<int>{2, 0}));  // (0.35, 0) is 3.5 sigma away in x
  EXPECT_NEAR(mc.highQualityFraction, 2.0 / 3, 1e-12);
}

TEST(ModeCoverage, SamplesFromRing8CoverAllModes) {
  DataParams p;
  p.name = "ring8";
  const auto d = makeDistribution(p);
  Rng rng(2333);
  Eigen::MatrixXd s;
  d->sample(rng, s, 2500);
  const auto mc = computeModeCoverage(s, d->modes());
  EXPECT_EQ(mc.modesCaptured, 8);
  // P(||z|| < 3) for a 2D standard normal = 1 - exp(-4.5) = 0.9889.
  EXPECT_NEAR(mc.highQualityFraction, 1 - std::exp(-4.5), 0.008);
  EXPECT_LT(mc.reverseKl, 0.02);
  EXPECT_LT(mc.jsd, 0.005);
}

TEST(ModeCoverage, JsdStaysWithinBounds) {
  Rng rng(4);
  for (int t = 0; t < 50; ++t) {
    std::vector<Eigen::Vector2d> v;
    const auto modes = fourModes();
    const int n = 1 + int(rng.below(30));
    for (int j = 0; j < n; ++j) v.push_back(modes[rng.below(1 + rng.below(4))].centre);
    const auto mc = computeModeCoverage(points(v), modes);
    EXPECT_GE(mc.jsd, 0.0);
    EXPECT_LE(mc.jsd, std::log(2.0));
    EXPECT_GE(mc.reverseKl, -1e-12);
    EXPECT_LE(mc.reverseKl, std::log(4.0) + 1e-12);
  }
}

// Unequal weights (the 10/90 biased mixture): a generator that matches the mixture has the
// mode histogram of the weights, so its divergence from the target is zero, and one that
// covers both modes equally is penalised by KL((1/2, 1/2) || (0.1, 0.9)).
TEST(ModeCoverage, MatchingAnUnequalMixtureScoresZero) {
  std::vector<Mode> modes(2);
  modes[0].centre = Eigen::Vector2d(-1, 0), modes[0].stddev = Eigen::Vector2d(0.1, 0.1), modes[0].weight = 0.1;
  modes[1].centre = Eigen::Vector2d(1, 0), modes[1].stddev = Eigen::Vector2d(0.1, 0.1), modes[1].weight = 0.9;
  std::vector<Eigen::Vector2d> matched, even;
  for (int i = 0; i < 10; ++i) matched.push_back(modes[0].centre);
  for (int i = 0; i < 90; ++i) matched.push_back(modes[1].centre);
  for (int i = 0; i < 50; ++i) even.push_back(modes[0].centre), even.push_back(modes[1].centre);
  const auto a = computeModeCoverage(points(matched), modes);
  EXPECT_NEAR(a.reverseKl, 0.0, 1e-12);
  EXPECT_NEAR(a.jsd, 0.0, 1e-12);
  const auto b = computeModeCoverage(points(even), modes);
  EXPECT_NEAR(b.reverseKl, 0.5 * std::log(0.5 / 0.1) + 0.5 * std::log(0.5 / 0.9), 1e-12);
  EXPECT_GT(b.jsd, 0.05);
}

}  // namespace
}  // namespace gs
