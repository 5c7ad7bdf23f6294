// Dataset registry: names, errors, default geometries, exact densities (integral and
// agreement with sample histograms) and sanity of the curve datasets without a density.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "data/Datasets.h"
#include "util/Error.h"

namespace gs {
namespace {

std::unique_ptr<Distribution> make(const std::string& name, double scale = 1.0, double stddev = 0.0) {
  DataParams p;
  p.name = name;
  p.scale = scale;
  p.stddev = stddev;
  return makeDistribution(p);
}

// Midpoint rule on cells x sub x cells x sub points over the box; returns cell masses.
std::vector<double> cellMasses(const Distribution& d, const Box& b, int cells, int sub) {
  const bool is1d = d.dim() == 1;
  const int ny = is1d ? 1 : cells, syn = is1d ? 1 : sub;
  const double dx = (b.xmax - b.xmin) / (cells * sub), dy = is1d ? 1.0 : (b.ymax - b.ymin) / (cells * sub);
  std::vector<double> m(size_t(cells) * ny, 0.0);
  double x[2];
  for (int r = 0; r < ny * syn; ++r)
    for (int c = 0; c < cells * sub; ++c) {
      x[0] = b.xmin + (c + 0.5) * dx;
      x[1] = b.ymin + (r + 0.5) * dy;
      m[size_t(r / syn) * cells + c / sub] += d.density(x) * dx * dy;
    }
  return m;
}

// Total variation between a sample histogram and the density's cell masses.
double histogramTv(const Distribution& d, int n, int cells, int sub) {
  const Box b = d.bounds();
  const std::vector<double> expected = cellMasses(d, b, cells, sub);
  std::vector<double> counts(expected.size(), 0.0);
  Rng rng(7);
  Eigen::MatrixXd s;
  d.sample(rng, s, n);
  double outside = 0;
  for (int j = 0; j < n; ++j) {
    const int cx = int(std::floor((s(0, j) - b.xmin) / (b.xmax - b.xmin) * cells));
    const int cy = d.dim() == 1 ? 0 : int(std::floor((s(1, j) - b.ymin) / (b.ymax - b.ymin) * cells));
    if (cx < 0 || cx >= cells || cy < 0 || cy >= (d.dim() == 1 ? 1 : cells)) {
      outside += 1.0 / n;
      continue;
    }
    counts[size_t(cy) * cells + cx] += 1.0 / n;
  }
  double tv = outside;
  for (size_t k = 0; k < counts.size(); ++k) tv += std::abs(counts[k] - expected[k]);
  return 0.5 * tv;
}

double integral(const Distribution& d) {
  double s = 0;
  for (double m : cellMasses(d, d.bounds(), d.dim() == 1 ? 20000 : 800, 1)) s += m;
  return s;
}

struct DensityCase {
  std::string name;
  double scale, stddev;
};

class ExactDensity : public ::testing::TestWithParam<DensityCase> {};

TEST_P(ExactDensity, IntegratesToOneOverBoundsAndMatchesSamples) {
  const auto& c = GetParam();
  const auto d = make(c.name, c.scale, c.stddev);
  ASSERT_TRUE(d->hasDensity());
  EXPECT_NEAR(integral(*d), 1.0, 3e-3) << c.name;
  // 200k samples: the TV noise floor is ~0.01 for these bin counts.
  EXPECT_LT(histogramTv(*d, 200000, d->dim() == 1 ? 60 : 24, d->dim() == 1 ? 40 : 16), 0.02) << c.name;
}

INSTANTIATE_TEST_SUITE_P(AllExact, ExactDensity,
                         ::testing::Values(DensityCase{"gauss1d", 1, 0}, DensityCase{"mix2-1d", 1, 0},
                                           DensityCase{"mix3-1d", 1, 0}, DensityCase{"uniform1d", 1, 0},
                                           DensityCase{"ring8", 1, 0}, DensityCase{"grid25", 1, 0},
                                           DensityCase{"gauss2d", 1, 0}, DensityCase{"biased-mixture", 1, 0},
                                           DensityCase{"checkerboard", 1, 0}, DensityCase{"line", 1, 0},
                                           DensityCase{"circle", 1, 0}, DensityCase{"ring8", 2.0, 0.1},
                                           DensityCase{"mix2-1d", 0.5, 0.3}, DensityCase{"checkerboard", 0.5, 0},
                                           DensityCase{"circle", 1.5, 0.4}, DensityCase{"uniform1d", 3, 0}),
                         [](const auto& info) {
                           std::string s = info.param.name + "_" + std::to_string(info.index);
                           for (char& ch : s)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return s;
                         });

TEST(Datasets, PointsDensityIsExactMixtureOfJitteredPoints) {
  DataParams p;
  p.name = "points";
  p.points = {-1, -1, 1, 1, 1, -1, 0.5, 0.2, 0.5, 0.2};
  const auto d = makeDistribution(p);
  EXPECT_EQ(d->dim(), 2);
  EXPECT_NEAR(integral(*d), 1.0, 3e-3);
  EXPECT_LT(histogramTv(*d, 200000, 24, 16), 0.02);
  // The repeated point carries 2/5 of the mass: compare densities at the points.
  const double a[2] = {0.5, 0.2}, b[2] = {-1, -1};
  EXPECT_NEAR(d->density(a) / d->density(b), 2.0, 1e-6);
}

TEST(Datasets, NamesAreUniqueBuildSampleAndStayInBounds) {
  const auto names = distributionNames();
  EXPECT_GE(names.size(), 17u);
  for (const auto& n : names) {
    EXPECT_FALSE(distributionDescription(n).empty()) << n;
    if (n == "csv" || n == "image" || n == "points") continue;  // need inputs; see data_files_test
    const auto d = make(n);
    EXPECT_EQ(d->name(), n);
    Rng rng(3);
    Eigen::MatrixXd s;
    d->sample(rng, s, 5000);
    ASSERT_EQ(s.rows(), d->dim()) << n;
    ASSERT_EQ(s.cols(), 5000) << n;
    ASSERT_TRUE(s.allFinite()) << n;
    const Box b = d->bounds();
    int inside = 0;
    for (int j = 0; j < 5000; ++j)
      inside += s(0, j) >= b.xmin && s(0, j) <= b.xmax && (d->dim() == 1 || (s(1, j) >= b.ymin && s(1, j) <= b.ymax));
    EXPECT_GE(inside, 4990) << n;
    if (d->dim() == 2) { EXPECT_NEAR(b.xmax - b.xmin, b.ymax - b.ymin, 1e-12) << n << ": 2D views are square"; }
  }
  for (size_t i = 0; i < names.size(); ++i)
    for (size_t j = i + 1; j < names.size(); ++j) EXPECT_NE(names[i], names[j]);
}

TEST(Datasets, UnknownNameIsAConfigErrorNamingIt) {
  try {
    make("ring9");
    FAIL() << "no exception";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("'ring9'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("ring8"), std::string::npos) << "should list valid names: " << e.what();
  }
  EXPECT_THROW(distributionDescription("nope"), ConfigError);
}

TEST(Datasets, BadScaleOrStddevIsAConfigErrorNamingTheKey) {
  for (double scale : {0.0, -1.0, std::nan("")}) {
    try {
      make("ring8", scale);
      FAIL() << scale;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("data.scale"), std::string::npos) << e.what();
    }
  }
  try {
    make("ring8", 1.0, -0.1);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("data.stddev"), std::string::npos) << e.what();
  }
}

TEST(Datasets, PointsNeedAtLeastTwoPairs) {
  DataParams p;
  p.name = "points";
  p.points = {0.0, 1.0};
  EXPECT_THROW(makeDistribution(p), ConfigError);
  p.points = {0.0, 1.0, 2.0};
  EXPECT_THROW(makeDistribution(p), ConfigError);
  p.points = {};
  EXPECT_THROW(makeDistribution(p), ConfigError);
  p.points = {0.0, 1.0, NAN, 2.0};
  EXPECT_THROW(makeDistribution(p), ConfigError);
}

TEST(Datasets, Ring8GeometryScaleAndStddev) {
  const auto d = make("ring8", 2.0);
  const auto m = d->modes();
  ASSERT_EQ(m.size(), 8u);
  for (int k = 0; k < 8; ++k) {
    EXPECT_NEAR(m[k].centre[0], 2.0 * std::cos(2 * M_PI * k / 8), 1e-12);
    EXPECT_NEAR(m[k].centre[1], 2.0 * std::sin(2 * M_PI * k / 8), 1e-12);
    EXPECT_NEAR(m[k].stddev[0], 0.1, 1e-12);  // default 0.05 times scale
    EXPECT_NEAR(m[k].weight, 1.0 / 8, 1e-12);
  }
  EXPECT_NEAR(make("ring8", 2.0, 0.01)->modes()[3].stddev[1], 0.01, 1e-15);
}

TEST(Datasets, Grid25AndMixtureGeometries) {
  const auto g = make("grid25")->modes();
  ASSERT_EQ(g.size(), 25u);
  double maxAbs = 0;
  for (const auto& m : g) maxAbs = std::max(maxAbs, m.centre.cwiseAbs().maxCoeff());
  EXPECT_NEAR(maxAbs, 4 / 2.828, 1e-12);
  EXPECT_NEAR(g[0].stddev[0], 0.05, 1e-12);

  const auto b = make("biased-mixture")->modes();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_NEAR(b[0].weight, 0.1, 1e-12);
  EXPECT_NEAR(b[1].weight, 0.9, 1e-12);
  EXPECT_NEAR(b[1].centre[0], 1.2, 1e-12);
  EXPECT_NEAR(b[0].centre[1], -1.2, 1e-12);

  const auto m2 = make("mix2-1d")->modes();
  ASSERT_EQ(m2.size(), 2u);
  EXPECT_NEAR(m2[0].weight, 0.3, 1e-12);
  EXPECT_NEAR(m2[1].centre[0], 2.0, 1e-12);
  const auto m3 = make("mix3-1d")->modes();
  ASSERT_EQ(m3.size(), 3u);
  EXPECT_NEAR(m3[1].weight, 0.5, 1e-12);
  EXPECT_NEAR(m3[2].centre[0], 3.0, 1e-12);

  // Densities at known points: gauss1d N(0,1) at 0; uniform1d 1/2 inside, 0 outside.
  const double zero[2] = {0, 0}, two[1] = {2.0};
  EXPECT_NEAR(make("gauss1d")->density(zero), 1 / std::sqrt(2 * M_PI), 1e-12);
  EXPECT_NEAR(make("uniform1d")->density(zero), 0.5, 1e-12);
  EXPECT_EQ(make("uniform1d")->density(two), 0.0);
  EXPECT_NEAR(make("gauss2d")->density(zero), 1 / (2 * M_PI * 0.25), 1e-12);
}

TEST(Datasets, CheckerboardOnlyOnBlackCells) {
  const auto d = make("checkerboard");
  Rng rng(5);
  Eigen::MatrixXd s;
  d->sample(rng, s, 20000);
  std::vector<int> cellCounts(16, 0);
  for (int j = 0; j < s.cols(); ++j) {
    const int c = int(std::floor(s(0, j))) + 2, r = int(std::floor(s(1, j))) + 2;
    ASSERT_TRUE(c >= 0 && c < 4 && r >= 0 && r < 4);
    ASSERT_EQ((c + r) % 2, 0) << "sample on a white cell";
    ++cellCounts[r * 4 + c];
  }
  for (int k = 0; k < 16; ++k)
    if (((k / 4) + (k % 4)) % 2 == 0) { EXPECT_NEAR(cellCounts[k], 2500, 200); }
  const double black[2] = {-1.5, -1.5}, white[2] = {-0.5, -1.5};
  EXPECT_NEAR(d->density(black), 1.0 / 8, 1e-12);
  EXPECT_EQ(d->density(white), 0.0);
}

TEST(Datasets, CurveDatasetsHaveTheirShape) {
  Rng rng(11);
  Eigen::MatrixXd s;
  // Swiss roll: radius |x| * 7.5 is the roll parameter t in [1.5 pi, 4.5 pi] (plus noise).
  const auto roll = make("swissroll");
  EXPECT_FALSE(roll->hasDensity());
  roll->sample(rng, s, 20000);
  Eigen::ArrayXd r = s.colwise().norm().transpose().array() * 7.5;
  std::sort(r.begin(), r.end());
  // t is uniform on [1.5 pi, 4.5 pi] and |(t cos t, t sin t)| = t: check the 1% and 99% quantiles.
  EXPECT_NEAR(r[200], 1.5 * M_PI + 0.03 * M_PI, 0.3);
  EXPECT_NEAR(r[19800], 4.5 * M_PI - 0.03 * M_PI, 0.3);
  // Moons: centred, so the sample mean is ~0.
  const auto moons = make("moons", 2.0);
  moons->sample(rng, s, 20000);
  EXPECT_LT(s.rowwise().mean().norm(), 0.03);
  EXPECT_NEAR(s.row(0).maxCoeff(), 3.0, 0.45);  // x spans [-1.5, 1.5] times scale, plus noise 0.1
  // Spiral: radii between 0.15 and 1.8 (times scale), both arms used.
  const auto spiral = make("spiral");
  spiral->sample(rng, s, 20000);
  const Eigen::ArrayXd rs = s.colwise().norm().transpose().array();
  EXPECT_GT(rs.minCoeff(), 0.0);
  EXPECT_LT(rs.maxCoeff(), 1.8 + 0.25);
  EXPECT_NEAR(rs.maxCoeff(), 1.8, 0.25);
  EXPECT_LT(s.rowwise().mean().norm(), 0.1);
  // Line: y - 0.5 x has std 0.02, x spans [-1.5, 1.5].
  make("line")->sample(rng, s, 20000);
  const Eigen::ArrayXd resid = s.row(1).array() - 0.5 * s.row(0).array();
  EXPECT_NEAR(std::sqrt(resid.square().mean()), 0.02, 0.002);
  EXPECT_NEAR(s.row(0).maxCoeff(), 1.5, 0.01);
}

TEST(Datasets, SamplingIsDeterministicForASeed) {
  for (const std::string n : {"ring8", "swissroll", "checkerboard", "mix3-1d"}) {
    const auto d = make(n);
    Rng a(42), b(42), c(43);
    Eigen::MatrixXd sa, sb, sc;
    d->sample(a, sa, 100);
    d->sample(b, sb, 100);
    d->sample(c, sc, 100);
    EXPECT_EQ(sa, sb) << n;
    EXPECT_NE(sa, sc) << n;
  }
}

}  // namespace
}  // namespace gs
