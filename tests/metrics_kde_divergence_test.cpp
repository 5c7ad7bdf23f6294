// Gaussian KDE (Scott bandwidth, grid layout, normalisation) and grid divergences between
// sample sets and against a known density (protocols.md D).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "data/Datasets.h"
#include "metrics/Divergences.h"
#include "metrics/Kde.h"

namespace gs {
namespace {

Eigen::MatrixXd sampleOf(const std::string& name, int n, uint64_t seed) {
  DataParams p;
  p.name = name;
  Rng rng(seed);
  Eigen::MatrixXd s;
  makeDistribution(p)->sample(rng, s, n);
  return s;
}

Eigen::MatrixXd gaussian(Rng& rng, int dim, int n, double sd, double shift = 0.0) {
  Eigen::MatrixXd m(dim, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < dim; ++i) m(i, j) = rng.normal(shift, sd);
  return m;
}

TEST(Kde, ScottBandwidth) {
  Rng rng(1);
  EXPECT_NEAR(scottBandwidth(gaussian(rng, 1, 10000, 1.0)), std::pow(10000.0, -0.2), 0.03 * std::pow(10000.0, -0.2));
  EXPECT_NEAR(scottBandwidth(gaussian(rng, 2, 4000, 2.0)), 2 * std::pow(4000.0, -1.0 / 6), 0.05);
  EXPECT_GT(scottBandwidth(Eigen::MatrixXd::Zero(2, 10)), 0.0);
}

TEST(Kde, PointEvaluationOfOneKernel) {
  const double zero[2] = {0, 0}, one[2] = {1, 0};
  EXPECT_NEAR(kdeAt(Eigen::MatrixXd::Zero(1, 1), zero, 0.5), 1 / (std::sqrt(2 * M_PI) * 0.5), 1e-12);
  EXPECT_NEAR(kdeAt(Eigen::MatrixXd::Zero(2, 1), zero, 0.5), 1 / (2 * M_PI * 0.25), 1e-12);
  EXPECT_NEAR(kdeAt(Eigen::MatrixXd::Zero(2, 1), one, 0.5), std::exp(-2.0) / (2 * M_PI * 0.25), 1e-12);
}

TEST(Kde, GridIntegratesToOneAndMatchesPointEvaluation) {
  Rng rng(2);
  const Box box{-4, 4, -4, 4};
  const Eigen::MatrixXd s2 = gaussian(rng, 2, 1000, 0.6);
  const int n = 161;
  const auto g = kdeGrid(s2, box, n, n);
  ASSERT_EQ(g.size(), size_t(n) * n);
  double sum = 0;
  for (double v : g) sum += v;
  const double step = 8.0 / (n - 1);
  EXPECT_NEAR(sum * step * step, 1.0, 3e-3);
  const double h = scottBandwidth(s2);
  for (int idx : {n * 80 + 80, n * 70 + 95, n * 100 + 60}) {
    const double x[2] = {-4 + (idx % n) * step, -4 + (idx / n) * step};
    EXPECT_NEAR(g[idx], kdeAt(s2, x, h), 1e-3 * kdeAt(s2, x, h) + 1e-12);
  }
  const Eigen::MatrixXd s1 = gaussian(rng, 1, 1000, 0.6);
  const auto g1 = kdeGrid(s1, box, 801, 50);  // ny ignored for 1D samples
  ASSERT_EQ(g1.size(), 801u);
  sum = 0;
  for (double v : g1) sum += v;
  EXPECT_NEAR(sum * 0.01, 1.0, 2e-3);
}

TEST(Kde, GridIsRowMajorWithRowZeroAtYmin) {
  Eigen::MatrixXd s(2, 1);
  s << 1.0, -1.0;
  const auto g = kdeGrid(s, Box{-2, 2, -2, 2}, 41, 41, 0.05);
  const auto peak = std::max_element(g.begin(), g.end()) - g.begin();
  EXPECT_EQ(peak, 10 * 41 + 30);  // x = 1 -> column 30, y = -1 -> row 10
}

TEST(Kde, CellMassesSumToTheMassInsideTheBox) {
  Rng rng(3);
  const auto m = kdeCellMasses(gaussian(rng, 2, 500, 0.3), Box{-3, 3, -3, 3}, 50, 50, 0.1);
  double sum = 0;
  for (double v : m) sum += v;
  EXPECT_NEAR(sum, 1.0, 1e-9);
  Eigen::MatrixXd edge(2, 1);
  edge << 3.0, 0.0;  // half of its kernel lies outside the box
  double half = 0;
  for (double v : kdeCellMasses(edge, Box{-3, 3, -3, 3}, 50, 50, 0.1)) half += v;
  EXPECT_NEAR(half, 0.5, 1e-8);  // kernels are cut at 6 h: Phi(-6) = 1e-9
}

TEST(GridDivergence, DiscreteKnownValues) {
  const auto d = discreteDivergence({0.5, 0.5}, {0.9, 0.1});
  EXPECT_NEAR(d.kl, 0.5 * std::log(0.5 / 0.9) + 0.5 * std::log(0.5 / 0.1), 1e-3);
  EXPECT_NEAR(d.reverseKl, 0.9 * std::log(0.9 / 0.5) + 0.1 * std::log(0.1 / 0.5), 1e-3);
  const double jsd = 0.5 * (0.5 * std::log(0.5 / 0.7) + 0.5 * std::log(0.5 / 0.3)) +
                     0.5 * (0.9 * std::log(0.9 / 0.7) + 0.1 * std::log(0.1 / 0.3));
  EXPECT_NEAR(d.jsd, jsd, 1e-3);
  const auto same = discreteDivergence({1, 2, 3}, {2, 4, 6});  // normalised: identical
  EXPECT_NEAR(same.kl, 0.0, 1e-15);
  EXPECT_NEAR(same.jsd, 0.0, 1e-15);
  const auto disjoint = discreteDivergence({1, 0}, {0, 1});
  EXPECT_NEAR(disjoint.jsd, std::log(2.0), 1e-3);
  EXPECT_TRUE(std::isfinite(disjoint.kl));
  EXPECT_GT(disjoint.kl, 5.0);
}

TEST(GridDivergence, HistogramsOfSampleSets) {
  Rng rng(4);
  const Box box{-3, 3, -3, 3};
  const Eigen::MatrixXd a = gaussian(rng, 2, 2000, 0.5);
  const auto same = gridHistogramDivergence(a, a, box, 32);
  EXPECT_EQ(same.kl, 0.0);
  EXPECT_EQ(same.jsd, 0.0);
  const Eigen::MatrixXd near = gaussian(rng, 2, 2000, 0.5, 0.2), far = gaussian(rng, 2, 2000, 0.2, 2.0);
  const auto dn = gridHistogramDivergence(a, near, box, 16), df = gridHistogramDivergence(a, far, box, 16);
  EXPECT_GT(dn.jsd, 0.0);
  EXPECT_LT(dn.jsd, df.jsd);
  EXPECT_GT(df.jsd, 0.6);
  EXPECT_LE(df.jsd, std::log(2.0));
  // Fake mass outside the box still counts (through the "outside" bin).
  const Eigen::MatrixXd outside = gaussian(rng, 2, 500, 0.1, 50.0);
  EXPECT_NEAR(gridHistogramDivergence(a, outside, box, 16).jsd, std::log(2.0), 2e-3);
  // 1D by rows().
  const Eigen::MatrixXd a1 = gaussian(rng, 1, 3000, 1.0), b1 = gaussian(rng, 1, 3000, 1.0, 1.5);
  const auto d1 = gridHistogramDivergence(a1, b1, box, 30);
  EXPECT_GT(d1.kl, 0.5);
  EXPECT_LT(gridHistogramDivergence(a1, gaussian(rng, 1, 3000, 1.0), box, 30).kl, 0.05);
}

TEST(DensityDivergence, SamplesFromTheDensityScoreNearZero) {
  for (const std::string name : {"gauss1d", "mix3-1d", "ring8", "grid25", "checkerboard", "biased-mixture"}) {
    DataParams p;
    p.name = name;
    const auto d = makeDistribution(p);
    const auto s = sampleOf(name, 2500, 8);
    const auto div = divergenceAgainstDensity(s, *d, d->bounds(), d->dim() == 1 ? 200 : 80);
    EXPECT_LT(div.kl, 0.05) << name;
    EXPECT_LT(div.reverseKl, 0.05) << name;
    EXPECT_LT(div.jsd, 0.01) << name;
  }
}

TEST(DensityDivergence, CollapsedGeneratorsHaveTheExpectedReverseKl) {
  // All samples on one of 8 equal modes: KL(q || p) = log 8.
  DataParams p;
  p.name = "ring8";
  const auto ring = makeDistribution(p);
  const Mode m = ring->modes()[2];
  Rng rng(9);
  Eigen::MatrixXd s(2, 2500);
  for (int j = 0; j < 2500; ++j)
    s.col(j) = m.centre + m.stddev.cwiseProduct(Eigen::Vector2d(rng.normal(), rng.normal()));
  const auto dr = divergenceAgainstDensity(s, *ring, ring->bounds(), 80);
  EXPECT_NEAR(dr.reverseKl, std::log(8.0), 0.1);
  EXPECT_GT(dr.kl, 3.0);
  // 1D: only the +2 mode of mix2-1d (weight 0.7): KL(q || p) = log(1 / 0.7).
  p.name = "mix2-1d";
  const auto mix = makeDistribution(p);
  Eigen::MatrixXd s1(1, 2500);
  for (int j = 0; j < 2500; ++j) s1(0, j) = rng.normal(2.0, 0.5);
  const auto d1 = divergenceAgainstDensity(s1, *mix, mix->bounds(), 200);
  EXPECT_NEAR(d1.reverseKl, std::log(1 / 0.7), 0.05);
  // A shifted generator scores worse than an unshifted one.
  const auto good = sampleOf("gauss1d", 2500, 10);
  p.name = "gauss1d";
  const auto g = makeDistribution(p);
  const Eigen::MatrixXd shifted = good.array() + 0.5;
  EXPECT_GT(divergenceAgainstDensity(shifted, *g, g->bounds(), 200).jsd,
            5 * divergenceAgainstDensity(good, *g, g->bounds(), 200).jsd);
}

}  // namespace
}  // namespace gs
