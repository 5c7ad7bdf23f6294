// data.sample_size (a fixed training set) and g.frozen_to_data (two finite samples of one
// distribution, Arora et al. 2017): what batches contain, what stays the law's, and that the
// frozen "generator" never moves.
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "SmallConfig.h"
#include "data/Datasets.h"
#include "data/FiniteSample.h"
#include "train/Trainer.h"
#include "util/Error.h"

namespace gs {
namespace {

std::set<std::pair<double, double>> pointSet(const Eigen::MatrixXd& x) {
  std::set<std::pair<double, double>> s;
  for (Eigen::Index k = 0; k < x.cols(); ++k) s.insert({x(0, k), x.rows() > 1 ? x(1, k) : 0.0});
  return s;
}

TEST(FiniteSample, BatchesComeFromTheFixedSetAndTheDensityStaysTheLaws) {
  DataParams p;
  p.name = "ring8";
  auto law = makeDistribution(p);
  p.sampleSize = 20;
  auto finite = makeDistribution(p);
  auto again = makeDistribution(p);
  const auto& pts = dynamic_cast<const FiniteSample&>(*finite).points();
  ASSERT_EQ(pts.cols(), 20);
  EXPECT_EQ(pts, dynamic_cast<const FiniteSample&>(*again).points());  // the set is part of the data
  const auto set = pointSet(pts);
  Rng rng(3);
  Eigen::MatrixXd batch;
  finite->sample(rng, batch, 500);
  std::set<std::pair<double, double>> seen;
  for (auto q : pointSet(batch)) {
    EXPECT_TRUE(set.count(q)) << "a batch point outside the training set";
    seen.insert(q);
  }
  EXPECT_GT(seen.size(), 15u);  // with replacement, but over the whole set
  const double x[2] = {1.0, 0.0};
  EXPECT_EQ(finite->density(x), law->density(x));
  EXPECT_EQ(finite->modes().size(), law->modes().size());
  // Another seed draws another set.
  auto other = makeDistribution(p, kTrainingSampleSeed + 1);
  EXPECT_NE(dynamic_cast<const FiniteSample&>(*other).points(), pts);
  p.sampleSize = -1;
  EXPECT_THROW(makeDistribution(p), ConfigError);
}

TEST(FiniteSample, FrozenToDataKeepsTheSecondSampleAndTrainsOnlyD) {
  Config c = smallConfig("gauss1d", "non-saturating");
  c.latentDim = 1;
  c.frozenToData = true;
  try {
    Trainer<float> bad(c);
    ADD_FAILURE() << "frozen_to_data without a sample size must be refused";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("data.sample_size"), std::string::npos) << e.what();
  }
  c.data.sampleSize = 16;
  Trainer<float> t(c);
  std::vector<float> g0(t.generator().params(), t.generator().params() + t.generator().numParams());
  const Eigen::VectorXf d0 = t.critic().params();
  for (int i = 0; i < 5; ++i) t.iterate();
  std::vector<float> g1(t.generator().params(), t.generator().params() + t.generator().numParams());
  EXPECT_EQ(g0, g1);
  EXPECT_NE(d0, t.critic().params());
  EXPECT_FALSE(t.diverged());
  // The shown "generated" points are the 16 points of the second sample, not the training set.
  Eigen::MatrixXd z = Eigen::MatrixXd::Zero(1, 64), x;
  t.generate(z, Eigen::VectorXd(), x);
  const auto shown = pointSet(x);
  EXPECT_EQ(shown.size(), 16u);
  DataParams p = c.data;
  const auto train = pointSet(dynamic_cast<const FiniteSample&>(*makeDistribution(p)).points());
  for (auto q : shown) EXPECT_FALSE(train.count(q));
  // Turning it off live brings the generator back.
  c.frozenToData = false;
  t.applyConfig(c);
  t.iterate();
  std::vector<float> g2(t.generator().params(), t.generator().params() + t.generator().numParams());
  EXPECT_NE(g1, g2);
}

}  // namespace
}  // namespace gs
