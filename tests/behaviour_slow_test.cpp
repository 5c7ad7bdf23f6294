// Behaviours the literature predicts, on seeded training runs (label: slow).
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/ModeCoverage.h"
#include "train/Metrics.h"
#include "train/Trainer.h"

namespace gs {
namespace {

double normalPdf(double x, double mu, double s) {
  return std::exp(-0.5 * (x - mu) * (x - mu) / (s * s)) / (s * std::sqrt(2 * M_PI));
}

// Goodfellow et al. 2014, Prop. 1: for a fixed G the optimal D is p/(p + q). A linear
// generator G(z) = a z + b with z ~ N(0,1) has q = N(b, a²) exactly.
TEST(Behaviour, FrozenGeneratorDiscriminatorConvergesToDStar) {
  Config c;
  c.data.name = "gauss1d";
  c.objective = "non-saturating";
  c.latentDim = 1;
  c.g.depth = 0;  // a linear map
  c.d.width = 64, c.d.depth = 2, c.d.lr = 2e-3, c.d.beta1 = 0.5, c.d.beta2 = 0.999;
  c.batch = 512;
  c.seed = 5;
  Trainer<float> t(c);
  const double a = 0.6, b = 1.0;
  t.generator().params()[0] = float(a);  // W (1x1), then bias
  t.generator().params()[1] = float(b);
  for (int i = 0; i < 3000; ++i) t.discriminatorStep();

  Eigen::MatrixXd x(1, 61);
  for (int i = 0; i < 61; ++i) x(0, i) = -2.0 + 4.5 * i / 60.0;
  Eigen::VectorXd d;
  t.evaluateCritic(x, d);
  double err = 0, worst = 0;
  for (int i = 0; i < 61; ++i) {
    const double p = t.data().density(&x(0, i)), q = normalPdf(x(0, i), b, a);
    const double e = std::abs(d[i] - p / (p + q));
    err += e / 61;
    worst = std::max(worst, e);
  }
  EXPECT_LT(err, 0.03) << "mean |D - p/(p+q)|";
  EXPECT_LT(worst, 0.12) << "max |D - p/(p+q)|";
}

}  // namespace
}  // namespace gs
