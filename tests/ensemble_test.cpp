// Ensembles: every member follows exactly the run it would be alone, whatever the thread
// count; members with other shapes are refused with the key named.
#include <gtest/gtest.h>

#include "ConfigErrorOf.h"
#include "SmallConfig.h"
#include "train/Ensemble.h"

namespace gs {
namespace {

Eigen::VectorXf paramsOf(const Trainer<float>& t) {
  const Mlp<float>& g = t.model().generator(0);
  Eigen::VectorXf p(g.numParams() + t.model().critic(0).numParams());
  p << Eigen::Map<const Eigen::VectorXf>(g.params(), g.numParams()), t.model().critic(0).params();
  return p;
}

TEST(Ensemble, MembersFollowTheirLoneRunsOnAnyThreadCount) {
  Config base = smallConfig("ring8", "non-saturating", 16);
  std::vector<Config> configs = Ensemble<float>::seeds(base, 5);
  configs[3].d.lr = 3e-4;  // hyper-parameters may differ, shapes may not
  ASSERT_EQ(configs[4].seed, base.seed + 4);
  for (int threads : {1, 2, 3}) {
    Ensemble<float> e(configs, threads);
    EXPECT_EQ(e.size(), 5);
    e.iterate(7);
    e.iterate(3);
    for (int i = 0; i < e.size(); ++i) {
      Trainer<float> alone(configs[size_t(i)]);
      for (int k = 0; k < 10; ++k) alone.iterate();
      EXPECT_EQ(e.member(i).step(), alone.step());
      EXPECT_EQ(paramsOf(e.member(i)), paramsOf(alone)) << "member " << i << ", " << threads << " threads";
    }
  }
}

TEST(Ensemble, RefusesOtherShapesAndBadMembers) {
  Config base = smallConfig();
  std::vector<Config> configs = Ensemble<float>::seeds(base, 3);
  configs[2].d.width = 32;
  EXPECT_NE(errorOf([&] { Ensemble<float>(configs, 2); }).find("member 2: d.width"), std::string::npos);
  configs = Ensemble<float>::seeds(base, 2);
  configs[1].objective = "no-such-objective";
  EXPECT_NE(errorOf([&] { Ensemble<float>(configs, 1); }).find("objective.name"), std::string::npos);
  EXPECT_NE(errorOf([&] { Ensemble<float>({}, 1); }).find("at least one member"), std::string::npos);
  EXPECT_NE(errorOf([&] { Ensemble<float>(Ensemble<float>::seeds(base, 2), 0); }).find("threads"), std::string::npos);
}

}  // namespace
}  // namespace gs
