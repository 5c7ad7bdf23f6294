// The KKT prediction for calibrated EBGAN's regulariser K(p_g), on the 10/90 mixture of the
// presets: the optimal energy is -w log p_data for the entropy and -2w p_data for the l2
// norm, so the l2 energy must correlate with -p_data better than with -log p_data, and the
// entropy energy the reverse (label: slow).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "config/Config.h"
#include "metrics/Correlation.h"
#include "train/Metrics.h"
#include "train/Trainer.h"

namespace gs {
namespace {

struct Correlations {
  double negP = 0, negLogP = 0, target = 0;
};

// Mean over the evaluations of the last 1000 iterations (the energy jitters with the generator;
// before about 1300 iterations the l2 energy's two correlations still trade places).
Correlations train(const std::string& preset, int steps) {
  Config c = configFromJson(loadPreset(preset));
  Trainer<float> t(c);
  const EvalSet set = makeEvalSet(t, 1500, 0);
  std::vector<double> negP, negLogP;
  for (Eigen::Index i = 0; i < set.real.cols(); ++i) {
    const double p = t.data().density(set.real.col(i).data());
    negP.push_back(-p);
    negLogP.push_back(-std::log(p));
  }
  Correlations r;
  int count = 0;
  Eigen::MatrixXd fake;
  Eigen::VectorXd e;
  for (int i = 1; i <= steps; ++i) {
    t.iterate();
    if (i > steps - 1000 && i % 100 == 0) {
      t.evaluateCritic(set.real, e);
      const std::vector<double> energy(e.data(), e.data() + e.size());
      r.negP += pearson(energy, negP);
      r.negLogP += pearson(energy, negLogP);
      r.target += evaluateMetrics(t, set, fake).energyTargetPearson;
      ++count;
    }
  }
  EXPECT_FALSE(t.diverged()) << preset;
  r.negP /= count, r.negLogP /= count, r.target /= count;
  return r;
}

TEST(CalibratedForms, L2EnergyFollowsDensityEntropyEnergyFollowsLogDensity) {
  const Correlations l2 = train("calibrated-l2-mixture", 3000);
  std::printf("l2: Pearson(E, -p) %.4f, Pearson(E, -log p) %.4f\n", l2.negP, l2.negLogP);
  EXPECT_GT(l2.negP, l2.negLogP) << "l2: Pearson(E, -p) " << l2.negP << " vs Pearson(E, -log p) " << l2.negLogP;
  EXPECT_NEAR(l2.target, l2.negP, 1e-6);  // energy_target_pearson is the -2p correlation

  const Correlations ent = train("calibrated-entropy-mixture", 2500);
  std::printf("entropy: Pearson(E, -p) %.4f, Pearson(E, -log p) %.4f\n", ent.negP, ent.negLogP);
  EXPECT_GT(ent.negLogP, ent.negP) << "entropy: Pearson(E, -log p) " << ent.negLogP << " vs Pearson(E, -p) "
                                   << ent.negP;
  EXPECT_NEAR(ent.target, ent.negLogP, 1e-6);
}

}  // namespace
}  // namespace gs
