// Sample-set distances: exact 1D W1, sliced W1, energy distance, unbiased MMD^2, Pearson.
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/Correlation.h"
#include "metrics/TwoSampleDistances.h"
#include "metrics/Wasserstein.h"

namespace gs {
namespace {

Eigen::MatrixXd gaussian(Rng& rng, int dim, int n, double shift = 0.0) {
  Eigen::MatrixXd m(dim, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < dim; ++i) m(i, j) = rng.normal() + (i == 0 ? shift : 0.0);
  return m;
}

Eigen::MatrixXd row(std::initializer_list<double> v) {
  Eigen::MatrixXd m(1, v.size());
  int j = 0;
  for (double x : v) m(0, j++) = x;
  return m;
}

TEST(Wasserstein, Exact1dOfShiftedSetIsTheShift) {
  Rng rng(1);
  const Eigen::MatrixXd a = gaussian(rng, 1, 1000);
  const Eigen::MatrixXd b = a.array() + 0.7;
  EXPECT_NEAR(wasserstein1Exact1d(a, b), 0.7, 1e-12);
  EXPECT_NEAR(wasserstein1Exact1d(b, a), 0.7, 1e-12);
  EXPECT_EQ(wasserstein1Exact1d(a, a), 0.0);
  EXPECT_NEAR(wasserstein1Exact1d(row({0}), row({3})), 3.0, 1e-15);
}

TEST(Wasserstein, Exact1dUnequalSizesUsesQuantileFunctions) {
  // F_a^-1 = 0 on (0,1/2], 1 after; F_b^-1 = 0, 0.5, 1 on thirds: |diff| = 0.5 on (1/3, 2/3].
  EXPECT_NEAR(wasserstein1Exact1d(row({1, 0}), row({0.5, 0, 1})), 1.0 / 6, 1e-15);
  // A set against itself duplicated is the same empirical law.
  EXPECT_NEAR(wasserstein1Exact1d(row({3, 1, 2}), row({1, 1, 2, 2, 3, 3})), 0.0, 1e-15);
  // Point mass vs two points: E|0 - Y| = (1 + 3)/2.
  EXPECT_NEAR(wasserstein1Exact1d(row({0}), row({1, 3})), 2.0, 1e-15);
}

TEST(Wasserstein, SlicedOfIdenticalSetsIsZeroAndOfShiftIsTwoSOverPi) {
  Rng data(2), dirs(3);
  const Eigen::MatrixXd a = gaussian(data, 2, 800);
  EXPECT_EQ(slicedWasserstein1(a, a, 64, dirs), 0.0);
  // Shifting by s: each projection is shifted by s cos(theta), so SW1 = s E|cos| = 2 s / pi.
  const double s = 0.8;
  Eigen::MatrixXd b = a;
  b.row(0).array() += s * std::cos(0.3);
  b.row(1).array() += s * std::sin(0.3);
  EXPECT_NEAR(slicedWasserstein1(a, b, 256, dirs), 2 * s / M_PI, 2e-3);
  // Independent draws from one law: small; from shifted laws, unequal sizes: ~2 s / pi.
  const Eigen::MatrixXd big = gaussian(data, 2, 6000), c = gaussian(data, 2, 9000);
  EXPECT_LT(slicedWasserstein1(big, c, 64, dirs), 0.04);
  const Eigen::MatrixXd e = gaussian(data, 2, 9000, s);
  EXPECT_NEAR(slicedWasserstein1(big, e, 64, dirs), 2 * s / M_PI, 0.04);
}

TEST(Wasserstein, SlicedIn1dIsExact) {
  Rng data(4), dirs(5);
  const Eigen::MatrixXd a = gaussian(data, 1, 300), b = gaussian(data, 1, 500, 1.0);
  EXPECT_DOUBLE_EQ(slicedWasserstein1(a, b, 8, dirs), wasserstein1Exact1d(a, b));
}

TEST(EnergyDistance, ExactOnTinySetsNearZeroForSameLawPositiveOtherwise) {
  // Cross mean |.| = 5 (pairs 5,6,4,5); within-set means 1 and 1: E = 2*5 - 1 - 1.
  EXPECT_NEAR(energyDistance(row({0, 1}), row({5, 6})), 8.0, 1e-12);
  Rng rng(6);
  const Eigen::MatrixXd a = gaussian(rng, 2, 800), b = gaussian(rng, 2, 800), c = gaussian(rng, 2, 800, 1.0);
  EXPECT_LT(std::abs(energyDistance(a, b)), 0.02);
  EXPECT_GT(energyDistance(a, c), 0.2);
  EXPECT_NEAR(energyDistance(a, c), energyDistance(c, a), 1e-9);
}

TEST(Mmd, ExactOnTinySetsUnbiasedNearZeroForSameLaw) {
  const double cross = (2 * std::exp(-4.5) + std::exp(-8.0) + std::exp(-2.0)) / 4;
  EXPECT_NEAR(mmdSquaredRbf(row({0, 1}), row({3, 4}), 1.0), 2 * std::exp(-0.5) - 2 * cross, 1e-12);
  Rng rng(7);
  double mean = 0;
  for (int t = 0; t < 10; ++t) mean += mmdSquaredRbf(gaussian(rng, 2, 300), gaussian(rng, 2, 300), 1.0) / 10;
  EXPECT_LT(std::abs(mean), 2e-3);
  const Eigen::MatrixXd a = gaussian(rng, 2, 500), c = gaussian(rng, 2, 500, 1.0);
  EXPECT_GT(mmdSquaredRbf(a, c, 1.0), 0.1);
  const double median = mmdSquaredRbf(a, c, 0.0);
  EXPECT_TRUE(std::isfinite(median));
  EXPECT_GT(median, 0.05);
  EXPECT_NEAR(medianPairwiseDistance(a, c), std::sqrt(2 * 2 * std::log(2.0)) * 1.05, 0.25);
}

TEST(Pearson, KnownValues) {
  EXPECT_NEAR(pearson({1, 2, 3, 4}, {1, 3, 2, 4}), 0.8, 1e-12);
  EXPECT_NEAR(pearson({1, 2, 3}, {-2, -4, -6}), -1.0, 1e-12);
  EXPECT_NEAR(pearson({1, 2, 3}, {10, 20, 30}), 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(pearson({1, 1, 1}, {1, 2, 3})));
  EXPECT_THROW(pearson({1, 2}, {1, 2, 3}), std::invalid_argument);
}

}  // namespace
}  // namespace gs
