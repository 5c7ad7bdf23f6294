// Datasets read from files: CSV point sets and grayscale images, and their error messages.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "data/CsvPoints.h"
#include "data/Datasets.h"
#include "util/Error.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace gs {
namespace {

std::string tempPath(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return (std::filesystem::temp_directory_path() /
          ("ganscope_" + std::to_string(::getpid()) + "_" + info->name() + "_" + name))
      .string();
}

std::string writeText(const std::string& name, const std::string& text) {
  const std::string path = tempPath(name);
  std::ofstream(path) << text;
  return path;
}

// Expects makeDistribution to throw ConfigError whose message contains every fragment.
void expectConfigError(const DataParams& p, const std::vector<std::string>& fragments) {
  try {
    makeDistribution(p);
    ADD_FAILURE() << "no exception for " << p.name << " " << p.path;
  } catch (const ConfigError& e) {
    for (const auto& f : fragments)
      EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << "'" << f << "' not in: " << e.what();
  }
}

DataParams csv(const std::string& path) {
  DataParams p;
  p.name = "csv";
  p.path = path;
  return p;
}

double integral2d(const Distribution& d, int n) {
  const Box b = d.bounds();
  const double dx = (b.xmax - b.xmin) / n, dy = (b.ymax - b.ymin) / n;
  double s = 0, x[2];
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      x[0] = b.xmin + (c + 0.5) * dx;
      x[1] = b.ymin + (r + 0.5) * dy;
      s += d.density(x);
    }
  return s * dx * dy;
}

TEST(CsvData, ReadsTwoColumnsWithHeaderAndComments) {
  const auto path = writeText("ok.csv", "x,y\n# a comment\n0.5, 1\n-2,3e-1\r\n\n4,-5\n");
  const Eigen::MatrixXd m = loadCsvPoints(path);
  ASSERT_EQ(m.rows(), 2);
  ASSERT_EQ(m.cols(), 3);
  EXPECT_EQ(m(0, 0), 0.5);
  EXPECT_EQ(m(1, 1), 0.3);
  EXPECT_EQ(m(1, 2), -5.0);
  const auto d = makeDistribution(csv(path));
  EXPECT_EQ(d->dim(), 2);
  EXPECT_EQ(d->name(), "csv");
  EXPECT_NEAR(integral2d(*d, 1000), 1.0, 3e-3);
  std::filesystem::remove(path);
}

TEST(CsvData, OneColumnGivesA1dDistributionAndWhitespaceWorks) {
  const auto path = writeText("one.csv", "value\n1\n2\n3\n");
  DataParams p = csv(path);
  p.scale = 2.0;
  const auto d = makeDistribution(p);
  EXPECT_EQ(d->dim(), 1);
  Rng rng(1);
  Eigen::MatrixXd s;
  d->sample(rng, s, 3000);
  EXPECT_NEAR(s.mean(), 4.0, 0.1);  // points {2, 4, 6} after scaling
  const auto ws = writeText("ws.txt", "1 2\n3\t4\n");
  EXPECT_EQ(loadCsvPoints(ws)(1, 1), 4.0);
  std::filesystem::remove(path);
  std::filesystem::remove(ws);
}

TEST(CsvData, ErrorsNameTheFileLineAndValue) {
  const auto missing = tempPath("missing.csv");
  expectConfigError(csv(missing), {missing});
  const auto bad = writeText("bad.csv", "x,y\n1,2\n3,abc\n");
  expectConfigError(csv(bad), {bad + ":3", "abc"});
  const auto ragged = writeText("ragged.csv", "1,2\n3\n");
  expectConfigError(csv(ragged), {ragged + ":2", "columns"});
  const auto inf = writeText("inf.csv", "1,2\n3,inf\n");
  expectConfigError(csv(inf), {inf + ":2", "not finite"});
  const auto nan = writeText("nan.csv", "1,2\nnan,4\n");
  expectConfigError(csv(nan), {nan + ":2", "nan"});
  const auto empty = writeText("empty.csv", "");
  expectConfigError(csv(empty), {empty, "0 data rows"});
  const auto headerOnly = writeText("header.csv", "x,y\n");
  expectConfigError(csv(headerOnly), {headerOnly, "0 data rows"});
  const auto single = writeText("single.csv", "1,2\n");
  expectConfigError(csv(single), {single, "1 data rows"});
  const auto wide = writeText("wide.csv", "1,2,3\n4,5,6\n");
  expectConfigError(csv(wide), {wide + ":1", "3 columns"});
  const auto emptyCell = writeText("cell.csv", "1,2\n3,\n");
  expectConfigError(csv(emptyCell), {emptyCell + ":2"});
  expectConfigError(csv(""), {"data.path"});
  for (const auto& f : {bad, ragged, inf, nan, empty, headerOnly, single, wide, emptyCell}) std::filesystem::remove(f);
}

// An 8 x 4 image: row 0 (top) has grey 200 at column 1 and 100 at column 6, row 3 grey 50
// at column 0, everything else black.
std::string writeTestPng(const std::string& name) {
  std::vector<unsigned char> px(8 * 4, 0);
  px[0 * 8 + 1] = 200;
  px[0 * 8 + 6] = 100;
  px[3 * 8 + 0] = 50;
  const std::string path = tempPath(name);
  EXPECT_TRUE(stbi_write_png(path.c_str(), 8, 4, 1, px.data(), 8));
  return path;
}

TEST(ImageData, DensityFollowsBrightnessAndIntegratesToOne) {
  const auto path = writeTestPng("img.png");
  DataParams p;
  p.name = "image";
  p.path = path;
  const auto d = makeDistribution(p);
  ASSERT_TRUE(d->hasDensity());
  EXPECT_EQ(d->dim(), 2);
  // Longer side (8 px) spans [-2, 2]: pixel side 0.5, rows span y in [-1, 1], row 0 at the top.
  const double bright[2] = {-1.25, 0.75}, half[2] = {1.25, 0.75}, dim[2] = {-1.75, -0.75}, black[2] = {0.25, 0.25},
               outside[2] = {0, 1.5};
  const double total = (200 + 100 + 50) / 255.0;
  EXPECT_NEAR(d->density(bright), (200 / 255.0) / (total * 0.25), 1e-9);
  EXPECT_NEAR(d->density(bright) / d->density(half), 2.0, 1e-9);
  EXPECT_NEAR(d->density(bright) / d->density(dim), 4.0, 1e-9);
  EXPECT_EQ(d->density(black), 0.0);
  EXPECT_EQ(d->density(outside), 0.0);
  EXPECT_NEAR(integral2d(*d, 900), 1.0, 1e-9);

  // Samples: in the three lit pixels with frequencies 200:100:50.
  Rng rng(9);
  Eigen::MatrixXd s;
  d->sample(rng, s, 35000);
  int nBright = 0, nHalf = 0, nDim = 0;
  for (int j = 0; j < s.cols(); ++j) {
    const double x = s(0, j), y = s(1, j);
    if (x >= -1.5 && x < -1.0 && y > 0.5 && y <= 1.0)
      ++nBright;
    else if (x >= 1.0 && x < 1.5 && y > 0.5 && y <= 1.0)
      ++nHalf;
    else if (x >= -2.0 && x < -1.5 && y >= -1.0 && y < -0.5)
      ++nDim;
  }
  EXPECT_EQ(nBright + nHalf + nDim, 35000);
  EXPECT_NEAR(nBright, 20000, 400);
  EXPECT_NEAR(nHalf, 10000, 400);
  EXPECT_NEAR(nDim, 5000, 300);
  std::filesystem::remove(path);
}

TEST(ImageData, ErrorsNameTheFile) {
  DataParams p;
  p.name = "image";
  p.path = tempPath("nothere.png");
  expectConfigError(p, {p.path});
  p.path = writeText("notapng.png", "this is not an image");
  expectConfigError(p, {p.path});
  std::filesystem::remove(p.path);
  std::vector<unsigned char> blackPx(16 * 16, 0);
  p.path = tempPath("black.png");
  ASSERT_TRUE(stbi_write_png(p.path.c_str(), 16, 16, 1, blackPx.data(), 16));
  expectConfigError(p, {p.path, "all black"});
  std::filesystem::remove(p.path);
  p.path = "";
  expectConfigError(p, {"data.path"});
}

}  // namespace
}  // namespace gs
