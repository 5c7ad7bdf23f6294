// Finite-difference checks of every layer and activation: parameter gradients, input
// gradients, and the double backward pass of gradient penalties (||∇_x D|| - 1)² and ||∇_x D||².
#include <gtest/gtest.h>

#include "RandomMatrix.h"
#include "GradCheck.h"
#include "nn/Critic.h"
#include "nn/Mlp.h"

namespace gs {
namespace {

using Mat = Eigen::MatrixXd;

std::vector<double> toVec(const double* p, int n) { return std::vector<double>(p, p + n); }

class MlpGradient : public ::testing::TestWithParam<Activation> {};

TEST_P(MlpGradient, ParametersAndInput) {
  Rng rng(1);
  Mlp<double> net(MlpShape{3, 2, 7, 2, GetParam()});
  net.init(rng);
  // Non-zero biases so every code path is exercised.
  for (int i = 0; i < net.numParams(); ++i) net.params()[i] += 0.05 * rng.normal();
  Mat X = randomMatrix(rng, 3, 5);
  const Mat C = randomMatrix(rng, 2, 5);
  auto loss = [&] { return (net.forward(X).array() * C.array()).sum(); };

  net.zeroGrad();
  net.forward(X);
  Mat dX;
  net.backward(C, &dX);
  test::expectGradientMatches(net.params(), net.numParams(), toVec(net.grads(), net.numParams()), loss, "dL/dθ");
  test::expectGradientMatches(X.data(), int(X.size()), toVec(dX.data(), int(dX.size())), loss, "dL/dX");
}

TEST_P(MlpGradient, InputGradientOfScalarOutput) {
  Rng rng(2);
  Mlp<double> net(MlpShape{2, 1, 6, 3, GetParam()});
  net.init(rng);
  Mat X = randomMatrix(rng, 2, 4);
  net.forward(X);
  Mat U;
  net.inputGradient(U);
  auto sum = [&] { return net.forward(X).sum(); };  // ∂(Σ_i y_i)/∂x_i = ∂y_i/∂x_i
  test::expectGradientMatches(X.data(), int(X.size()), toVec(U.data(), int(U.size())), sum, "∇_x D");
}

// Φ(θ) = Σ_i φ(∇_x D(x_i)); the analytic dΦ/dθ comes from inputGradientBackward.
void checkPenalty(Activation act, bool gp) {
  Rng rng(3);
  Mlp<double> net(MlpShape{2, 1, 5, 3, act});
  net.init(rng);
  for (int i = 0; i < net.numParams(); ++i) net.params()[i] += 0.1 * rng.normal();
  const Mat X = randomMatrix(rng, 2, 6);
  auto phiAndGrad = [&](Mat* dU) {
    net.forward(X);
    Mat U;
    net.inputGradient(U);
    double phi = 0;
    if (dU) dU->resize(U.rows(), U.cols());
    for (int i = 0; i < U.cols(); ++i) {
      const double n = U.col(i).norm();
      phi += gp ? (n - 1) * (n - 1) : n * n;
      if (dU) dU->col(i) = (gp ? 2 * (n - 1) / n : 2.0) * U.col(i);
    }
    return phi;
  };
  net.zeroGrad();
  Mat dU;
  phiAndGrad(&dU);
  net.inputGradientBackward(dU);
  const std::vector<double> analytic = toVec(net.grads(), net.numParams());
  test::expectGradientMatches(
      net.params(), net.numParams(), analytic, [&] { return phiAndGrad(nullptr); },
      gp ? "d/dθ (||∇D|| - 1)²" : "d/dθ ||∇D||²", 1e-6, 1e-6, 200);
}

TEST_P(MlpGradient, GradientPenaltyDoubleBackward) { checkPenalty(GetParam(), true); }
TEST_P(MlpGradient, R1DoubleBackward) { checkPenalty(GetParam(), false); }

INSTANTIATE_TEST_SUITE_P(AllActivations, MlpGradient,
                         ::testing::Values(Activation::ReLU, Activation::LeakyReLU, Activation::Tanh, Activation::ELU,
                                           Activation::Softplus),
                         [](const auto& info) { return activationName(info.param); });

class AutoEncoderGradient : public ::testing::TestWithParam<ReconstructionNorm> {};

TEST_P(AutoEncoderGradient, EnergyAndCodes) {
  Rng rng(4);
  CriticShape s;
  s.kind = CriticKind::AutoEncoder;
  s.in = 2, s.width = 6, s.depth = 1, s.codeDim = 3, s.act = Activation::Tanh, s.norm = GetParam();
  auto critic = makeCritic<double>(s);
  critic->init(rng);
  Mat X = randomMatrix(rng, 2, 5);
  const Mat c = randomMatrix(rng, 1, 5);
  const Mat cc = randomMatrix(rng, 3, 5);  // a loss term on the codes, like the pulling-away term
  auto loss = [&] {
    const Mat& e = critic->forward(X);
    return (e.array() * c.array()).sum() + (critic->codes()->array() * cc.array()).sum();
  };
  critic->zeroGrad();
  loss();
  Mat dX;
  critic->backward(c, &cc, &dX);
  const Eigen::VectorXd g = critic->grads();
  test::expectGradientMatches(critic->params().data(), critic->numParams(), toVec(g.data(), int(g.size())), loss,
                              "auto-encoder dE/dθ");
  test::expectGradientMatches(X.data(), int(X.size()), toVec(dX.data(), int(dX.size())), loss, "auto-encoder dE/dX");
}

INSTANTIATE_TEST_SUITE_P(Norms, AutoEncoderGradient, ::testing::Values(ReconstructionNorm::L2, ReconstructionNorm::L1));

TEST(Mlp, EvaluateMatchesForward) {
  Rng rng(5);
  Mlp<float> net(MlpShape{2, 2, 16, 3, Activation::ReLU});
  net.init(rng);
  Eigen::MatrixXf X = Eigen::MatrixXf::Random(2, 33), out, w1, w2;
  net.evaluate(X, out, w1, w2);
  EXPECT_TRUE(out.isApprox(net.forward(X)));
}

}  // namespace
}  // namespace gs
