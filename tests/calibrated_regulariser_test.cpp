// Calibrated EBGAN's three regularisers K(p_g) (objective.regulariser = entropy | l2 | none):
// the choice in configs and the settings schema, the l2 estimate's value, the sampling
// temperature and predicted optimum each form reports, and energy_target_pearson.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "config/Config.h"
#include "config/Settings.h"
#include "metrics/Correlation.h"
#include "objectives/Registry.h"
#include "train/Metrics.h"
#include "train/Trainer.h"
#include "util/Error.h"
#include "util/Rng.h"

namespace gs {
namespace {

nlohmann::json calibratedJson(const nlohmann::json& objective) {
  nlohmann::json j = {{"data", {{"name", "biased-mixture"}}}, {"objective", objective}};
  j["objective"]["name"] = "calibrated-ebgan";
  return j;
}

std::string errorOf(const nlohmann::json& j) {
  try {
    configFromJson(j);
  } catch (const ConfigError& e) { return e.what(); }
  return "";
}

TEST(CalibratedRegulariser, ConfigNamesTheChoiceByItsWord) {
  const Config c = configFromJson(calibratedJson({{"regulariser", "l2"}}));
  ASSERT_EQ(c.objectiveParams.count("regulariser"), 1u);
  EXPECT_EQ(c.objectiveParams.at("regulariser"), 1.0);
  const nlohmann::json back = configToJson(c);
  EXPECT_EQ(back["objective"]["regulariser"], "l2");
  EXPECT_EQ(configFromJson(back).objectiveParams.at("regulariser"), 1.0);  // round trip

  nlohmann::json set = calibratedJson({});
  applySetting(set, "objective.regulariser=none");
  EXPECT_EQ(configFromJson(set).objectiveParams.at("regulariser"), 2.0);

  const std::string bad = errorOf(calibratedJson({{"regulariser", "l3"}}));
  EXPECT_NE(bad.find("objective.regulariser"), std::string::npos) << bad;
  EXPECT_NE(bad.find("'l3'"), std::string::npos) << bad;
  EXPECT_NE(bad.find("entropy, l2, none"), std::string::npos) << bad;
  const std::string number = errorOf(calibratedJson({{"regulariser", 1}}));
  EXPECT_NE(number.find("objective.regulariser"), std::string::npos) << number;
  EXPECT_NE(number.find("entropy, l2, none"), std::string::npos) << number;
}

TEST(CalibratedRegulariser, SettingsSchemaShowsAChoice) {
  bool found = false;
  for (const SettingSpec& s : objectiveSettingSpecs("calibrated-ebgan")) {
    if (s.key != "objective.regulariser") continue;
    found = true;
    EXPECT_EQ(s.type, SettingType::Choice);
    EXPECT_EQ(s.choices, (std::vector<std::string>{"entropy", "l2", "none"}));
    EXPECT_EQ(s.defaultText, "entropy");
  }
  EXPECT_TRUE(found);
}

// ∫ q̂² for a sample of N(0, σ² I) in 2-D with a Gaussian KDE of bandwidth h tends to
// ∫ N(0, (σ² + h²) I)² = 1 / (4π (σ² + h²)).
TEST(CalibratedRegulariser, L2EstimateMatchesTheGaussianValue) {
  auto o = makeObjective("calibrated-ebgan");
  o->setParam("regulariser", 1);
  o->setParam("entropy_weight", 1);
  const double sigma = 0.5, h = 0.2;
  o->setParam("l2_bandwidth", h);
  Rng rng(3);
  const int n = 2000;
  Eigen::MatrixXd x(2, n);
  for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = sigma * rng.normal();
  Eigen::VectorXd fake = Eigen::VectorXd::Zero(n);
  LossInputs in;
  in.fake = &fake;
  in.fakeX = &x;
  LossGrads g;
  g.dFake.resize(n);
  const double k = o->generatorLoss(in, g);  // mean c = 0, w = 1: the loss is K̂
  ASSERT_TRUE(g.useFakeX);
  const double expected = 1.0 / (4 * M_PI * (sigma * sigma + h * h));
  EXPECT_NEAR(k, expected, 0.03 * expected);
  // Descending K̂ spreads the batch: the gradient points inward, so -grad points outward.
  double radial = 0;
  for (int i = 0; i < n; ++i) radial += x.col(i).dot(g.dFakeX.col(i));
  EXPECT_LT(radial, 0);

  o->setParam("regulariser", 2);  // none: K constant, no gradient on the samples
  EXPECT_DOUBLE_EQ(o->generatorLoss(in, g), 0.0);
  EXPECT_FALSE(g.useFakeX);
}

TEST(CalibratedRegulariser, TemperatureAndPredictedOptimumFollowTheForm) {
  auto o = makeObjective("calibrated-ebgan");
  o->setParam("entropy_weight", 2);
  EXPECT_EQ(o->samplingTemperature(), 2.0);
  EXPECT_EQ(o->energyTarget(), EnergyTarget::NegLogDensity);
  o->setParam("regulariser", 1);
  EXPECT_EQ(o->samplingTemperature(), 1.0);  // exp(-E/T) is no density of p_data for l2
  EXPECT_EQ(o->energyTarget(), EnergyTarget::NegDensity);
  o->setParam("regulariser", 2);
  EXPECT_EQ(o->samplingTemperature(), 1.0);
  EXPECT_EQ(o->energyTarget(), EnergyTarget::Flat);
  o->setParam("regulariser", 0);
  o->setParam("entropy_weight", 0);
  EXPECT_EQ(o->energyTarget(), EnergyTarget::Flat);
  EXPECT_EQ(makeObjective("ebgan")->energyTarget(), EnergyTarget::Unknown);
}

// energy_target_pearson on an untrained critic: exactly Pearson(E, -2p) for l2, the -log p
// correlation for entropy, NaN for none and for objectives without a predicted optimum.
TEST(CalibratedRegulariser, EnergyTargetPearsonComparesWithThePredictedOptimum) {
  for (const char* form : {"entropy", "l2", "none"}) {
    Config c = configFromJson(calibratedJson({{"regulariser", form}}));
    c.g.width = c.d.width = 16;
    Trainer<double> t(c);
    const EvalSet set = makeEvalSet(t, 400, 1);
    Eigen::MatrixXd fake;
    const Metrics m = evaluateMetrics(t, set, fake);
    Eigen::VectorXd e;
    t.evaluateCritic(set.real, e);
    std::vector<double> energy, negP, nll;
    for (Eigen::Index i = 0; i < set.real.cols(); ++i) {
      const double p = t.data().density(set.real.col(i).data());
      energy.push_back(e[i]);
      negP.push_back(-2 * p);
      nll.push_back(-std::log(p));
    }
    const std::string f = form;
    if (f == "l2") {
      EXPECT_NEAR(m.energyTargetPearson, pearson(energy, negP), 1e-9);
      EXPECT_GT(std::abs(m.energyTargetPearson - m.energyNllPearson), 1e-6);  // a different target
    } else if (f == "entropy") {
      EXPECT_NEAR(m.energyTargetPearson, pearson(energy, nll), 1e-9);
    } else {
      EXPECT_TRUE(std::isnan(m.energyTargetPearson));
    }
    bool named = false;
    for (auto& [k, v] : m.named()) named |= k == "energy_target_pearson";
    EXPECT_TRUE(named);
  }
  Config c;
  c.data.name = "biased-mixture";
  c.objective = "wgan-gp";
  Trainer<double> t(c);
  Eigen::MatrixXd fake;
  EXPECT_TRUE(std::isnan(evaluateMetrics(t, makeEvalSet(t, 200, 1), fake).energyTargetPearson));
}

}  // namespace
}  // namespace gs
