// core/backend and core/model: the CPU reference backend's sampling, optimiser steps and
// read-backs; the mixture's logit gradient; the trainer goes through the backend it names.
#include <gtest/gtest.h>

#include <cmath>

#include "backend/CpuBackend.h"
#include "model/Mixture.h"
#include "model/Model.h"
#include "train/Trainer.h"

namespace gs {
namespace {

TEST(CpuBackend, SamplesInColumnMajorOrderFromTheRng) {
  CpuBackend<double> be;
  Rng a(5), b(5);
  Eigen::MatrixXd z;
  be.sampleLatent(a, z, 3, 4, false);
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 3; ++i) EXPECT_EQ(z(i, j), b.normal());
  be.sampleNormal(a, z, 2, 2, 0.5);
  for (int j = 0; j < 2; ++j)
    for (int i = 0; i < 2; ++i) EXPECT_EQ(z(i, j), 0.5 * b.normal());
  be.sampleLatent(a, z, 1, 100, true);
  EXPECT_LE(z.maxCoeff(), 1.0);
  EXPECT_GE(z.minCoeff(), -1.0);
}

TEST(CpuBackend, StepReturnsTheSquaredGradientNormAndClips) {
  CpuBackend<double> be;
  CriticShape cs;
  cs.in = 2, cs.width = 8, cs.depth = 1;
  auto critic = makeCritic<double>(cs);
  Rng rng(1);
  critic->init(rng);
  critic->grads().setConstant(2.0);
  OptimizerSettings os;
  os.type = optimizerFromName("sgd");
  os.lr = 1.0;
  Optimizer<double> opt(os);
  const double norm2 = be.step(opt, *critic, 0.01);
  EXPECT_NEAR(norm2, 4.0 * critic->numParams(), 1e-9);
  EXPECT_LE(critic->params().cwiseAbs().maxCoeff(), 0.01 + 1e-12);
  EXPECT_TRUE(be.allFinite(*critic));
  critic->params()[3] = std::nan("");
  EXPECT_FALSE(be.allFinite(*critic));
}

// ∂/∂u of Σ c_k w_k + ent·Σ (-1/T) log(w_k + 1e-6), w = softmax(u), against central differences.
TEST(Mixture, LogitGradientMatchesFiniteDifferences) {
  const Eigen::VectorXd cost = (Eigen::VectorXd(3) << 0.3, -1.2, 0.7).finished();
  const double ent = 0.4;
  auto objective = [&](const Eigen::VectorXd& u) {
    Mixture m;
    m.logitsG = u, m.logitsD = u;
    Eigen::VectorXd wG, wD;
    m.weights(wG, wD);
    return cost.dot(wG) + ent * Mixture::entropyTerm(wG);
  };
  const Eigen::VectorXd u = (Eigen::VectorXd(3) << 0.1, -0.5, 0.9).finished();
  Mixture m;
  m.logitsG = u, m.logitsD = u;
  Eigen::VectorXd w, unused;
  m.weights(w, unused);
  const Eigen::VectorXd g = Mixture::logitGradient(w, cost, ent);
  for (int k = 0; k < 3; ++k) {
    Eigen::VectorXd up = u, dn = u;
    up[k] += 1e-6, dn[k] -= 1e-6;
    EXPECT_NEAR(g[k], (objective(up) - objective(dn)) / 2e-6, 1e-6) << k;
  }
}

TEST(Model, ParamStateRoundTripsAndKeepsNetworksWhoseShapeFits) {
  Config c;
  c.g.width = c.d.width = 8;
  Trainer<double> a(c), b(c);
  a.iterate();
  ParamState<double> p;
  a.exportParams(p);
  b.importParams(p);
  ParamState<double> q;
  b.exportParams(q);
  ASSERT_EQ(q.critics.size(), 1u);
  EXPECT_EQ(q.critics[0], p.critics[0]);
  EXPECT_EQ(q.generators[0], p.generators[0]);
  EXPECT_EQ(a.backendName(), "cpu");
}

}  // namespace
}  // namespace gs
