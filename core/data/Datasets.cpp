// Dataset registry: one table row per name (factory + one-line description).
#include "data/Datasets.h"

#include <cmath>

#include "data/CsvPoints.h"
#include "data/EmpiricalPoints.h"
#include "data/FiniteSample.h"
#include "data/GaussianMixture.h"
#include "data/ImageDensity.h"
#include "data/NoisyCurves.h"
#include "data/UniformShapes.h"
#include "util/Error.h"

namespace gs {
namespace {

using Factory = std::unique_ptr<Distribution> (*)(const DataParams&);

struct Entry {
  const char* name;
  const char* description;
  Factory make;
};

// Noise std: the user's stddev when given, else the default times scale.
double noise(const DataParams& p, double byDefault) { return p.stddev > 0 ? p.stddev : byDefault * p.scale; }

Mode mode1d(double mu, double s, double w) {
  Mode m;
  m.centre = Eigen::VectorXd::Constant(1, mu);
  m.stddev = Eigen::VectorXd::Constant(1, s);
  m.weight = w;
  return m;
}

Mode mode2d(double x, double y, double s, double w) {
  Mode m;
  m.centre = Eigen::Vector2d(x, y);
  m.stddev = Eigen::Vector2d(s, s);
  m.weight = w;
  return m;
}

std::unique_ptr<Distribution> mixture(const char* name, std::vector<Mode> modes) {
  return std::make_unique<GaussianMixture>(name, std::move(modes));
}

std::unique_ptr<Distribution> makeGauss1d(const DataParams& p) {
  return mixture("gauss1d", {mode1d(0, noise(p, 1.0), 1)});
}

std::unique_ptr<Distribution> makeMix2(const DataParams& p) {
  const double k = p.scale, s = noise(p, 0.5);
  return mixture("mix2-1d", {mode1d(-2 * k, s, 0.3), mode1d(2 * k, s, 0.7)});
}

std::unique_ptr<Distribution> makeMix3(const DataParams& p) {
  const double k = p.scale, s = noise(p, 0.4);
  return mixture("mix3-1d", {mode1d(-3 * k, s, 0.2), mode1d(0, s, 0.5), mode1d(3 * k, s, 0.3)});
}

std::unique_ptr<Distribution> makeUniform1d(const DataParams& p) { return std::make_unique<UniformInterval>(p.scale); }

std::unique_ptr<Distribution> makeRing8(const DataParams& p) {
  std::vector<Mode> modes;
  for (int k = 0; k < 8; ++k) {
    const double a = 2 * M_PI * k / 8;  // 2 pi k / 8, not linspace(0, 2 pi, 8) (protocols.md A3)
    modes.push_back(mode2d(p.scale * std::cos(a), p.scale * std::sin(a), noise(p, 0.05), 1));
  }
  return mixture("ring8", std::move(modes));
}

std::unique_ptr<Distribution> makeGrid25(const DataParams& p) {
  std::vector<Mode> modes;
  const double k = p.scale / 2.828;  // gan_toy.py's "/= 2.828" (protocols.md A4)
  for (int i = -2; i <= 2; ++i)
    for (int j = -2; j <= 2; ++j) modes.push_back(mode2d(2 * i * k, 2 * j * k, noise(p, 0.05), 1));
  return mixture("grid25", std::move(modes));
}

std::unique_ptr<Distribution> makeGauss2d(const DataParams& p) {
  return mixture("gauss2d", {mode2d(0, 0, noise(p, 0.5), 1)});
}

std::unique_ptr<Distribution> makeBiased(const DataParams& p) {
  const double v = 1.2 * p.scale, s = noise(p, 0.5);
  return mixture("biased-mixture", {mode2d(-v, -v, s, 0.1), mode2d(v, v, s, 0.9)});
}

std::unique_ptr<Distribution> makeCheckerboard(const DataParams& p) { return std::make_unique<Checkerboard>(p.scale); }

std::unique_ptr<Distribution> makeLine(const DataParams& p) {
  return std::make_unique<LineSegment>(1.5 * p.scale, 0.5, noise(p, 0.02));
}

std::unique_ptr<Distribution> makeCircle(const DataParams& p) {
  return std::make_unique<NoisyCircle>(p.scale, noise(p, 0.05));
}

std::unique_ptr<Distribution> makeSpiral(const DataParams& p) {
  return std::make_unique<Spiral>(p.scale, noise(p, 0.04));
}

std::unique_ptr<Distribution> makeSwissRoll(const DataParams& p) {
  return std::make_unique<SwissRoll>(p.scale, noise(p, 0.25 / 7.5));
}

std::unique_ptr<Distribution> makeMoons(const DataParams& p) {
  return std::make_unique<TwoMoons>(p.scale, noise(p, 0.05));
}

std::unique_ptr<Distribution> pointSet(const char* name, Eigen::MatrixXd pts, const DataParams& p) {
  pts *= p.scale;
  const double jitter = p.stddev > 0 ? p.stddev : defaultJitter(pts, 0.01 * p.scale);
  return std::make_unique<EmpiricalPoints>(name, std::move(pts), jitter);
}

std::unique_ptr<Distribution> makePoints(const DataParams& p) {
  if (p.points.size() % 2 != 0)
    throw ConfigError("data.points has " + std::to_string(p.points.size()) +
                      " numbers; expected x,y pairs (an even count)");
  if (p.points.size() < 4)
    throw ConfigError("dataset 'points' needs at least 2 points; data.points has " +
                      std::to_string(p.points.size() / 2));
  for (double v : p.points)
    if (!std::isfinite(v)) throw ConfigError("data.points contains a non-finite value");
  const Eigen::Map<const Eigen::MatrixXd> pts(p.points.data(), 2, Eigen::Index(p.points.size() / 2));
  return pointSet("points", pts, p);
}

std::unique_ptr<Distribution> makeCsv(const DataParams& p) {
  if (p.path.empty()) throw ConfigError("dataset 'csv' needs a file: data.path is empty");
  return pointSet("csv", loadCsvPoints(p.path), p);
}

std::unique_ptr<Distribution> makeImage(const DataParams& p) { return loadImageDensity(p.path, p.scale); }

const Entry kEntries[] = {
    {"gauss1d", "1D Gaussian N(0, 1)", makeGauss1d},
    {"mix2-1d", "1D mixture of 2 Gaussians at -2 and +2, weights 0.3 / 0.7", makeMix2},
    {"mix3-1d", "1D mixture of 3 Gaussians at -3, 0, +3, weights 0.2 / 0.5 / 0.3", makeMix3},
    {"uniform1d", "1D uniform on [-1, 1]: a density with hard edges", makeUniform1d},
    {"ring8", "8 Gaussians on a circle of radius 1 (the classic mode-collapse test)", makeRing8},
    {"grid25", "25 Gaussians on a 5x5 grid (gan_toy / VEEGAN / PacGAN benchmark)", makeGrid25},
    {"gauss2d", "a single 2D Gaussian N(0, 0.5^2 I)", makeGauss2d},
    {"biased-mixture", "two Gaussians with weights 10% / 90% (Calibrated EBGAN): energy should reflect the weights",
     makeBiased},
    {"checkerboard", "uniform on the black squares of a 4x4 checkerboard", makeCheckerboard},
    {"line", "a thin noisy line segment y = 0.5 x", makeLine},
    {"circle", "a thin noisy circle of radius 1", makeCircle},
    {"spiral", "two interleaved noisy spiral arms", makeSpiral},
    {"swissroll", "the swiss roll of gan_toy.py (sklearn, noise 0.25, / 7.5)", makeSwissRoll},
    {"moons", "two interleaving half circles (sklearn two moons)", makeMoons},
    {"points", "points drawn by hand, sampled with replacement plus a small jitter", makePoints},
    {"csv", "points loaded from a CSV file (1 or 2 numeric columns)", makeCsv},
    {"image", "a density painted as a grayscale image: brighter = more likely", makeImage},
};

const Entry& find(const std::string& name) {
  for (const auto& e : kEntries)
    if (name == e.name) return e;
  std::string all;
  for (const auto& e : kEntries) all += std::string(all.empty() ? "" : ", ") + e.name;
  throw ConfigError("unknown dataset '" + name + "' (data.name); expected one of: " + all);
}

}  // namespace

std::unique_ptr<Distribution> makeDistribution(const DataParams& p, uint64_t sampleSeed) {
  const Entry& e = find(p.name);
  if (!std::isfinite(p.scale) || p.scale <= 0)
    throw ConfigError("data.scale = " + std::to_string(p.scale) + " for dataset '" + p.name + "'; it must be > 0");
  if (!std::isfinite(p.stddev) || p.stddev < 0)
    throw ConfigError("data.stddev = " + std::to_string(p.stddev) + " for dataset '" + p.name +
                      "'; it must be >= 0 (0 = the dataset's default)");
  if (p.sampleSize < 0)
    throw ConfigError("data.sample_size = " + std::to_string(p.sampleSize) + "; it must be >= 0 (0 = fresh samples)");
  if (p.sampleSize > 0) return std::make_unique<FiniteSample>(e.make(p), p.sampleSize, sampleSeed);
  return e.make(p);
}

std::vector<std::string> distributionNames() {
  std::vector<std::string> names;
  for (const auto& e : kEntries) names.emplace_back(e.name);
  return names;
}

std::string distributionDescription(const std::string& name) { return find(name).description; }

}  // namespace gs
