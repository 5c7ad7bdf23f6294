// core/field: grid fields, look-ups, contours, ranges, Langevin sampling and the snapshot's
// pictures built from a Trainer without a Session.
#include <gtest/gtest.h>
#include "SmallConfig.h"

#include <cmath>

#include "field/Field.h"
#include "field/FieldBuilder.h"
#include "field/Langevin.h"
#include "train/Trainer.h"

namespace gs {
namespace {

Field radialField() {
  Field f;
  f.nx = f.ny = 64;
  f.box = Box{-2, 2, -2, 2};
  for (int j = 0; j < f.ny; ++j)
    for (int i = 0; i < f.nx; ++i) {
      const double x = -2 + 4.0 * i / 63, y = -2 + 4.0 * j / 63;
      f.values.push_back(float(std::hypot(x, y)));
    }
  return f;
}

TEST(Field, ContoursOfARadialFieldLieOnTheCircle) {
  const Field f = radialField();
  std::vector<FieldPoint> seg;
  contourSegments(f, 1.0, seg);
  ASSERT_GT(seg.size(), 40u);
  EXPECT_EQ(seg.size() % 2, 0u);  // pairs of end points
  for (const FieldPoint& p : seg) EXPECT_NEAR(std::hypot(p.x, p.y), 1.0, 0.02);
}

TEST(Field, BilinearLookUpInsideAndNanOutside) {
  const Field f = radialField();
  EXPECT_NEAR(sampleField(f, 0.5, 0.0), 0.5, 0.03);
  EXPECT_TRUE(std::isnan(sampleField(f, 3.0, 0.0)));
  EXPECT_TRUE(std::isnan(sampleField(Field{}, 0.0, 0.0)));
  // A line field (ny = 1) interpolates along x only.
  const Field line = makeField(3, 1, Box{0, 2, 0, 0}, {0.0, 10.0, 20.0});
  EXPECT_NEAR(sampleField(line, 0.5), 5.0, 1e-9);
}

TEST(Field, MakeFieldRangeSkipsNonFiniteValues) {
  const Field f = makeField(2, 2, Box{}, {1.0, std::nan(""), -3.0, 4.0});
  EXPECT_FLOAT_EQ(f.minValue, -3.f);
  EXPECT_FLOAT_EQ(f.maxValue, 4.f);
  EXPECT_FLOAT_EQ(f.at(1, 1), 4.f);
}

TEST(Field, GridPointsAreCellCentresRowMajorWithYOutermost) {
  const Eigen::MatrixXd g = gridPoints(Box{0, 4, 0, 2}, 4, 2, 2);
  ASSERT_EQ(g.cols(), 8);
  EXPECT_DOUBLE_EQ(g(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(g(1, 0), 0.5);
  EXPECT_DOUBLE_EQ(g(0, 5), 1.5);  // second row, second column
  EXPECT_DOUBLE_EQ(g(1, 5), 1.5);
}

TEST(Field, RobustRangeIgnoresOutliersAndNans) {
  std::vector<double> v;
  for (int i = 0; i < 1000; ++i) v.push_back(i / 999.0);
  v[3] = 1e9;
  v[7] = std::nan("");
  double lo = 0, hi = 0;
  robustRange(makeField(int(v.size()), 1, Box{}, v), 0.01, 0.99, lo, hi);
  EXPECT_NEAR(lo, 0.01, 0.005);
  EXPECT_NEAR(hi, 0.99, 0.005);
  robustRange(Field{}, 0.01, 0.99, lo, hi);
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 1);
}

// On E(x) = |x|²/2 Langevin dynamics sample N(0, I): the particles' variance approaches 1.
TEST(Langevin, SamplesTheBoltzmannDensityOfAQuadraticEnergy) {
  LangevinSampler sampler(11);
  const Box box{-6, 6, -6, 6};
  auto grad = [](const Eigen::MatrixXd& x, Eigen::MatrixXd& g) { g = x; };
  for (int i = 0; i < 300; ++i) sampler.advance(box, 2, 400, 10, grad);
  const Eigen::MatrixXd& p = sampler.particles();
  ASSERT_EQ(p.cols(), 400);
  for (int d = 0; d < 2; ++d) {
    const double mean = p.row(d).mean();
    const double var = (p.row(d).array() - mean).square().mean();
    EXPECT_NEAR(mean, 0.0, 0.2) << "coordinate " << d;
    EXPECT_NEAR(var, 1.0, 0.25) << "coordinate " << d;
  }
  sampler.restart();
  sampler.advance(box, 1, 50, 1, grad);
  EXPECT_EQ(sampler.particles().rows(), 1);
  EXPECT_EQ(sampler.particles().cols(), 50);
}

Config small(const std::string& data, const std::string& objective) { return smallConfig(data, objective); }

Snapshot pictures(Trainer<float>& t, FieldBuilder& b) {
  Snapshot s;
  s.dim = t.data().dim();
  s.box = t.data().bounds();
  s.objective = t.objective().info();
  b.build(t, t.config(), s);
  return s;
}

TEST(FieldBuilder, BuildsTheCriticFieldDensitiesAndDStarFromATrainer) {
  Trainer<float> t(small("ring8", "non-saturating"));
  for (int i = 0; i < 5; ++i) t.iterate();
  FieldBuilder b;
  b.resetSamples(t, t.config());
  const Snapshot s = pictures(t, b);
  ASSERT_EQ(s.criticField.nx, 32);
  ASSERT_EQ(s.criticField.values.size(), 32u * 32u);
  // The field is the critic's display value at the grid's cell centres.
  const Eigen::MatrixXd grid = gridPoints(s.box, 32, 32, 2);
  Eigen::VectorXd v;
  t.evaluateCritic(grid.col(37), v);
  EXPECT_NEAR(s.criticField.values[37], v[0], 1e-6);
  EXPECT_EQ(s.fake.cols(), FieldBuilder::kDisplaySamples);
  EXPECT_EQ(s.push.cols(), s.fake.cols());
  EXPECT_EQ(s.real.cols(), FieldBuilder::kDisplaySamples);
  EXPECT_FALSE(s.pData.empty());
  EXPECT_FALSE(s.qKde.empty());
  EXPECT_FALSE(s.dStar.empty());
  EXPECT_GT(s.dStarBandwidth, 0);
  EXPECT_EQ(s.gradX.size(), 24u * 24u);
  EXPECT_FALSE(s.manifold.empty());
  EXPECT_EQ(s.langevin.cols(), 0);  // not an energy
  // The same model gives the same pictures: the display batch is fixed.
  const Snapshot again = pictures(t, b);
  EXPECT_EQ(again.fake, s.fake);
}

TEST(FieldBuilder, EnergyObjectivesGetLangevinParticlesThatPersist) {
  Trainer<float> t(small("ring8", "ebgan"));
  t.iterate();
  FieldBuilder b;
  b.resetSamples(t, t.config());
  const Snapshot first = pictures(t, b);
  ASSERT_EQ(first.langevin.cols(), FieldBuilder::kLangevinParticles);
  EXPECT_TRUE(first.dStar.empty());  // D* is for logit objectives
  const Snapshot second = pictures(t, b);
  EXPECT_NE(second.langevin, first.langevin);  // the same particles moved on
  for (Eigen::Index k = 0; k < second.langevin.cols(); ++k)
    EXPECT_TRUE(second.langevin(0, k) >= first.box.xmin && second.langevin(0, k) <= first.box.xmax);
}

// Calibrated EBGAN's optimum is c* = -w log p + const, so exp(-E) would sample p^w (a 10/90
// mixture sharpened to about 1/99 at w = 2): its particles run at temperature T = w, where
// exp(-c*/T) = p. Other energies keep T = 1.
TEST(FieldBuilder, CalibratedEnergiesAreSampledAtTheirTemperature) {
  Config c = small("ring8", "calibrated-ebgan");
  c.objectiveParams["entropy_weight"] = 0.5;
  Trainer<float> t(c);
  t.iterate();
  FieldBuilder b;
  b.resetSamples(t, t.config());
  EXPECT_DOUBLE_EQ(pictures(t, b).langevinTemperature, 0.5);
  c.objectiveParams["entropy_weight"] = 0.0;  // no calibration: the plain energy GAN
  t.applyConfig(c);
  EXPECT_DOUBLE_EQ(pictures(t, b).langevinTemperature, 1.0);
  Trainer<float> e(small("ring8", "ebgan"));
  e.iterate();
  FieldBuilder be;
  be.resetSamples(e, e.config());
  EXPECT_DOUBLE_EQ(pictures(e, be).langevinTemperature, 1.0);
}

TEST(FieldBuilder, OneDimensionalDataGiveLineFields) {
  Config c = small("gauss1d", "non-saturating");
  c.latentDim = 1;
  Trainer<float> t(c);
  FieldBuilder b;
  b.resetSamples(t, c);
  const Snapshot s = pictures(t, b);
  EXPECT_EQ(s.criticField.ny, 1);
  EXPECT_EQ(s.criticField.nx, 512);
  EXPECT_TRUE(s.gradX.empty());
  EXPECT_TRUE(s.manifold.empty());
}

}  // namespace
}  // namespace gs
