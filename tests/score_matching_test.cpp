// Exact Hyvärinen score matching (nn/ScoreMatching): ∇_x E and ΔE against finite differences
// of critic.evaluate, ∂J/∂θ against finite differences of J in every parameter, closed forms
// (a linear energy, a hand-written one-layer energy, the Fisher-divergence identity), the
// support check, accumulation, float against double, and no allocation after the first call.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <tuple>

#include "RandomMatrix.h"
#include "GradCheck.h"
#include "nn/ScoreMatching.h"

// Counting malloc like trainer_alloc_test; the sanitizers bring their own malloc, which this
// interposition would clash with, so there the allocation test is skipped.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define GS_COUNT_MALLOC 0
#else
#define GS_COUNT_MALLOC 1
#include "CountMalloc.h"
#endif

namespace gs {
namespace {

using Mat = Eigen::MatrixXd;

// A scalar critic with perturbed weights and non-zero biases, so every term of the jets is live.
std::unique_ptr<Critic<double>> makeEnergy(Activation act, int dim, int width, int depth, uint64_t seed) {
  CriticShape s;
  s.kind = CriticKind::Scalar;
  s.in = dim, s.width = width, s.depth = depth, s.act = act;
  auto c = makeCritic<double>(s);
  Rng rng(seed);
  c->init(rng);
  for (int i = 0; i < c->numParams(); ++i) c->params()[i] += 0.2 * rng.normal();
  return c;
}

double energyAt(const Critic<double>& c, const Mat& x) {
  Mat out;
  c.evaluate(x, out);
  return out(0, 0);
}

const Activation kSmooth[] = {Activation::Tanh, Activation::Softplus, Activation::ELU};

TEST(ScoreMatching, InputDerivativesMatchFiniteDifferencesOfEvaluate) {
  for (Activation act : kSmooth)
    for (int dim : {1, 2}) {
      auto c = makeEnergy(act, dim, 7, 2, 10 + uint64_t(dim));
      Rng rng(20);
      const Mat x = randomMatrix(rng, dim, 9);
      Eigen::MatrixXd grad;
      Eigen::VectorXd lap;
      energyInputDerivatives(*c, x, grad, lap);
      ASSERT_EQ(grad.rows(), dim);
      ASSERT_EQ(lap.size(), 9);
      for (int j = 0; j < x.cols(); ++j) {
        double fdLap = 0;
        for (int i = 0; i < dim; ++i) {
          Mat p = x.col(j), m = x.col(j);
          // First derivative, h = 1e-5: truncation h²·E'''/6 ~ 1e-10, rounding ε·|E|/h ~ 1e-11.
          const double h1 = 1e-5;
          p(i) += h1, m(i) -= h1;
          const double fd = (energyAt(*c, p) - energyAt(*c, m)) / (2 * h1);
          EXPECT_NEAR(grad(i, j), fd, 1e-7 * std::max(1.0, std::abs(fd)))
              << activationName(act) << " dim " << dim << " sample " << j << " ∂/∂x" << i;
          // Second difference, h = 1e-4: truncation h²·E''''/12 ~ 1e-9, rounding 4ε·|E|/h² ~ 1e-7.
          const double h2 = 1e-4;
          p = x.col(j), m = x.col(j);
          p(i) += h2, m(i) -= h2;
          fdLap += (energyAt(*c, p) - 2 * energyAt(*c, x.col(j)) + energyAt(*c, m)) / (h2 * h2);
        }
        EXPECT_NEAR(lap(j), fdLap, 1e-5 * std::max(1.0, std::abs(fdLap)))
            << activationName(act) << " dim " << dim << " sample " << j << " Laplacian";
      }
    }
}

TEST(ScoreMatching, ParameterGradientMatchesFiniteDifferencesInEveryParameter) {
  for (Activation act : kSmooth)
    for (int dim : {1, 2})
      for (int depth : {1, 2, 3}) {
        auto c = makeEnergy(act, dim, 9, depth, 30 + uint64_t(10 * dim + depth));
        Rng rng(40);
        const Mat x = randomMatrix(rng, dim, 7, 1.5);
        ScoreMatchingWork<double> work;
        c->zeroGrad();
        hyvarinenLossAndGrad(*c, x, 1.0, work);
        const std::vector<double> analytic(c->grads().data(), c->grads().data() + c->numParams());
        // Scale 0 adds nothing to grads(): J alone.
        auto J = [&] { return hyvarinenLossAndGrad(*c, x, 0.0, work); };
        const std::string what = "∂J/∂θ " + activationName(act) + " dim " + std::to_string(dim) + " depth " +
                                 std::to_string(depth);
        // h = 1e-6 (central): truncation h²·J'''/6 ~ 1e-12, rounding ε·|J|/h ~ 1e-9 with |J| ~ 10;
        // 1e-6 relative to the largest gradient entry leaves room for both, and a wrong σ''' or a
        // dropped term is off by O(1). Every parameter, biases included.
        test::expectGradientMatches(c->params().data(), c->numParams(), analytic, J, what.c_str(), 1e-6, 1e-6,
                                    c->numParams());
      }
}

// A wider net (width 24, 2-D, depth 3: 1297 parameters): a random 300 of them, and every bias
// (the gradient check picks random coordinates; biases are checked in a second pass below).
TEST(ScoreMatching, ParameterGradientWiderNet) {
  auto c = makeEnergy(Activation::Tanh, 2, 24, 3, 77);
  Rng rng(41);
  const Mat x = randomMatrix(rng, 2, 11);
  ScoreMatchingWork<double> work;
  c->zeroGrad();
  hyvarinenLossAndGrad(*c, x, 1.0, work);
  const Eigen::VectorXd g = c->grads();
  auto J = [&] { return hyvarinenLossAndGrad(*c, x, 0.0, work); };
  test::expectGradientMatches(c->params().data(), c->numParams(), std::vector<double>(g.data(), g.data() + g.size()),
                              J, "∂J/∂θ width 24", 1e-6, 1e-6, 300);
  // Biases follow each layer's weights in params() (Mlp's layout): layer sizes 24, 24, 24, 1.
  double maxG = 1e-8;
  for (int i = 0; i < g.size(); ++i) maxG = std::max(maxG, std::abs(g(i)));
  int off = 0, in = 2, checked = 0;
  for (int l = 0; l <= 3; ++l) {
    const int out = (l == 3) ? 1 : 24;
    off += out * in;
    for (int k = 0; k < out; ++k, ++checked) {
      double& p = c->params()(off + k);
      const double keep = p, h = 1e-6;
      p = keep + h;
      const double jp = J();
      p = keep - h;
      const double jm = J();
      p = keep;
      EXPECT_NEAR(g(off + k), (jp - jm) / (2 * h), 1e-6 * std::max(1.0, maxG)) << "bias " << k << " of layer " << l;
    }
    off += out;
    in = out;
  }
  EXPECT_EQ(off, c->numParams());
  EXPECT_EQ(checked, 73);
}

// Identity activation: E(x) = v·W0 x + c with v = W_L ⋯ W_1, so ∇E = (v W0)ᵀ everywhere, ΔE = 0,
// J = ½‖v W0‖², ∂J/∂W0 = vᵀ (v W0) and every bias has zero gradient.
TEST(ScoreMatching, LinearEnergyClosedForm) {
  auto c = makeEnergy(Activation::Identity, 2, 3, 2, 5);
  const double* p = c->params().data();
  const Eigen::Map<const Mat> W0(p, 3, 2), W1(p + 9, 3, 3), W2(p + 21, 1, 3);
  const Eigen::RowVectorXd v = W2 * W1, u = v * W0;
  Rng rng(6);
  const Mat x = randomMatrix(rng, 2, 5);
  ScoreMatchingWork<double> work;
  c->zeroGrad();
  const double J = hyvarinenLossAndGrad(*c, x, 1.0, work);
  EXPECT_NEAR(J, 0.5 * u.squaredNorm(), 1e-12);
  const Eigen::Map<const Mat> gW0(c->grads().data(), 3, 2);
  EXPECT_LT((gW0 - v.transpose() * u).norm(), 1e-12);
  for (int off : {6, 18, 24}) {  // b0 (3), b1 (3), b2 (1)
    const int len = off == 24 ? 1 : 3;
    EXPECT_LT(c->grads().segment(off, len).norm(), 1e-12) << "bias at " << off;
  }
}

// One tanh layer written out: E(x) = Σ_k v_k tanh(w_k·x + b_k) + c gives
// ∇E = Σ_k v_k (1 − t_k²) w_k and ΔE = Σ_k v_k (−2 t_k (1 − t_k²)) ‖w_k‖², t_k = tanh(w_k·x + b_k).
TEST(ScoreMatching, OneLayerTanhEnergyClosedForm) {
  CriticShape s;
  s.in = 2, s.width = 3, s.depth = 1, s.act = Activation::Tanh;
  auto c = makeCritic<double>(s);
  // params(): W0 (3x2, column-major), b0 (3), W1 (1x3), b1 (1).
  const double w[3][2] = {{0.7, -1.3}, {1.1, 0.4}, {-0.5, 0.9}}, b[3] = {0.2, -0.6, 0.35}, v[3] = {1.5, -0.8, 2.1};
  for (int k = 0; k < 3; ++k) {
    c->params()(k) = w[k][0];
    c->params()(3 + k) = w[k][1];
    c->params()(6 + k) = b[k];
    c->params()(9 + k) = v[k];
  }
  c->params()(12) = -0.4;
  Mat x(2, 4);
  x << 0.3, -1.2, 0.9, 2.0, -0.7, 0.5, 1.4, -0.1;
  double expected = 0;
  for (int j = 0; j < 4; ++j) {
    double g0 = 0, g1 = 0, lap = 0;
    for (int k = 0; k < 3; ++k) {
      const double t = std::tanh(w[k][0] * x(0, j) + w[k][1] * x(1, j) + b[k]);
      g0 += v[k] * (1 - t * t) * w[k][0];
      g1 += v[k] * (1 - t * t) * w[k][1];
      lap += v[k] * (-2 * t * (1 - t * t)) * (w[k][0] * w[k][0] + w[k][1] * w[k][1]);
    }
    expected += 0.5 * (g0 * g0 + g1 * g1) - lap;
  }
  expected /= 4;
  ScoreMatchingWork<double> work;
  EXPECT_NEAR(hyvarinenLossAndGrad(*c, x, 0.0, work), expected, 1e-13);
}

// Hyvärinen's identity (2005, Theorem 1): E_p[J] = ½ E_p‖s_θ − s_p‖² − ½ E_p‖s_p‖². For
// p = N(0, I_d), s_p(x) = −x and E_p‖s_p‖² = d, so E_p[½‖∇E‖² − ΔE] = E_p[½‖x − ∇E‖²] − d/2.
// This pins the sign of the Laplacian term. Both sides by the trapezoid rule on a grid: the
// integrands are analytic and Gaussian-weighted, so the error is far below the 1e-9 allowed.
TEST(ScoreMatching, ExpectedLossIsFisherDivergenceMinusConstant) {
  for (int dim : {1, 2}) {
    auto c = makeEnergy(Activation::Tanh, dim, 6, 2, 50 + uint64_t(dim));
    const double lo = -8, step = dim == 1 ? 0.01 : 0.08;
    const int m = int(std::lround(-2 * lo / step)) + 1;
    const int n = dim == 1 ? m : m * m;
    Mat x(dim, n);
    Eigen::VectorXd weight(n);
    for (int j = 0; j < n; ++j) {
      double wj = 1;
      for (int i = 0; i < dim; ++i) {
        const double xi = lo + step * ((i == 0 ? j : j / m) % m);
        x(i, j) = xi;
        wj *= step * std::exp(-0.5 * xi * xi) / std::sqrt(2 * M_PI);
      }
      weight(j) = wj;
    }
    Eigen::MatrixXd grad;
    Eigen::VectorXd lap;
    energyInputDerivatives(*c, x, grad, lap);
    double lhs = 0, fisher = 0;
    for (int j = 0; j < n; ++j) {
      lhs += weight(j) * (0.5 * grad.col(j).squaredNorm() - lap(j));
      fisher += weight(j) * 0.5 * (x.col(j) - grad.col(j)).squaredNorm();
    }
    EXPECT_NEAR(lhs, fisher - 0.5 * dim, 1e-9) << "dim " << dim;
    EXPECT_GT(std::abs(lhs), 1e-3) << "a non-trivial energy";
    // The loss is that integrand's plain mean.
    ScoreMatchingWork<double> work;
    double mean = 0;
    for (int j = 0; j < n; ++j) mean += 0.5 * grad.col(j).squaredNorm() - lap(j);
    EXPECT_NEAR(hyvarinenLossAndGrad(*c, x, 0.0, work), mean / n, 1e-10 * std::max(1.0, std::abs(mean / n)));
  }
}

TEST(ScoreMatching, SupportRefusesPiecewiseLinearActivationsAndTheAutoEncoder) {
  CriticShape s;
  for (auto [act, name] : {std::tuple{Activation::ReLU, "'relu'"}, std::tuple{Activation::LeakyReLU, "'leaky_relu'"},
                           std::tuple{Activation::Identity, "'identity'"}}) {
    s.act = act;
    std::string why;
    EXPECT_FALSE(scoreMatchingSupports(s, &why)) << name;
    EXPECT_NE(why.find(name), std::string::npos) << why;
    EXPECT_NE(why.find("second derivative"), std::string::npos) << why;
    EXPECT_NE(why.find("Laplacian"), std::string::npos) << why;
  }
  for (Activation act : kSmooth) {
    s.act = act;
    std::string why = "untouched";
    EXPECT_TRUE(scoreMatchingSupports(s, &why)) << activationName(act);
    EXPECT_EQ(why, "untouched");
    auto c = makeCritic<float>(s);
    EXPECT_TRUE(scoreMatchingSupports(*c, nullptr));
  }
  s.act = Activation::Tanh;
  s.kind = CriticKind::AutoEncoder;
  std::string why;
  EXPECT_FALSE(scoreMatchingSupports(s, &why));
  EXPECT_NE(why.find("auto-encoder"), std::string::npos) << why;
  auto ae = makeCritic<double>(s);
  ScoreMatchingWork<double> work;
  EXPECT_THROW(hyvarinenLossAndGrad(*ae, Mat(Mat::Zero(2, 3)), 1.0, work), std::logic_error);
}

TEST(ScoreMatching, AddsScaledGradientWithoutZeroing) {
  auto c = makeEnergy(Activation::Softplus, 2, 8, 2, 60);
  Rng rng(61);
  const Mat x = randomMatrix(rng, 2, 10);
  ScoreMatchingWork<double> work;
  c->zeroGrad();
  const double J1 = hyvarinenLossAndGrad(*c, x, 1.0, work);
  const Eigen::VectorXd g = c->grads();
  ASSERT_GT(g.norm(), 1e-3);
  const double J2 = hyvarinenLossAndGrad(*c, x, -2.5, work);
  EXPECT_EQ(J1, J2);
  EXPECT_LT((c->grads() - (-1.5) * g).norm(), 1e-12 * g.norm());
  // A different batch width through the same work buffers gives that batch's own answer.
  const Mat x3 = x.leftCols(3);
  c->zeroGrad();
  hyvarinenLossAndGrad(*c, x3, 1.0, work);
  const Eigen::VectorXd g3 = c->grads();
  ScoreMatchingWork<double> fresh;
  c->zeroGrad();
  hyvarinenLossAndGrad(*c, x3, 1.0, fresh);
  EXPECT_EQ(g3, c->grads());
}

TEST(ScoreMatching, FloatAgreesWithDouble) {
  auto cd = makeEnergy(Activation::Tanh, 2, 32, 3, 70);
  CriticShape s = cd->shape();
  auto cf = makeCritic<float>(s);
  cf->params() = cd->params().cast<float>();
  Rng rng(71);
  const Mat x = randomMatrix(rng, 2, 64);
  ScoreMatchingWork<double> wd;
  ScoreMatchingWork<float> wf;
  cd->zeroGrad();
  cf->zeroGrad();
  const double Jd = hyvarinenLossAndGrad(*cd, x, 1.0, wd);
  const double Jf = hyvarinenLossAndGrad(*cf, Eigen::MatrixXf(x.cast<float>()), 1.0, wf);
  // float's ε ≈ 1.2e-7 grows through three layers of 32-wide sums to ~1e-5 relative.
  EXPECT_NEAR(Jf, Jd, 1e-4 * std::max(1.0, std::abs(Jd)));
  const double gmax = cd->grads().cwiseAbs().maxCoeff();
  EXPECT_LT((cf->grads().cast<double>() - cd->grads()).cwiseAbs().maxCoeff(), 1e-4 * std::max(1.0, gmax));
}

TEST(ScoreMatching, NoAllocationAfterTheFirstCall) {
#if GS_COUNT_MALLOC
  // One Eigen thread, as the Session trains (Session.cpp): Eigen's OpenMP-parallel GEMM has the
  // runtime allocate per product when it spreads one over threads.
  const int threads = Eigen::nbThreads();
  Eigen::setNbThreads(1);
  for (auto [dim, width, batch] : {std::tuple{1, 64, 256}, std::tuple{2, 128, 512}}) {
    CriticShape s;
    s.in = dim, s.width = width, s.depth = 3, s.act = Activation::Softplus;
    auto c = makeCritic<float>(s);
    Rng rng(80);
    c->init(rng);
    const Eigen::MatrixXf x = Eigen::MatrixXf::Random(dim, batch);
    ScoreMatchingWork<float> work;
    hyvarinenLossAndGrad(*c, x, 1.0, work);
    allocations = 0;
    counting = true;
    for (int i = 0; i < 3; ++i) hyvarinenLossAndGrad(*c, x, 1.0, work);
    counting = false;
    EXPECT_EQ(allocations.load(), 0) << "dim " << dim << " width " << width << " batch " << batch;
  }
  Eigen::setNbThreads(threads);
#else
  GTEST_SKIP() << "malloc is the sanitizer's here";
#endif
}

TEST(ScoreMatching, ThirdDerivativeMatchesFiniteDifferencesOfTheSecond) {
  // h = 1e-5: truncation h²·σ''''/6 ~ 1e-11, rounding ε/h ~ 1e-11; 1e-8 leaves margin.
  for (Activation act : kSmooth)
    for (double z : {-2.3, -0.4, 0.3, 1.7}) {
      const double h = 1e-5;
      const double fd = (activateDeriv2(act, z + h) - activateDeriv2(act, z - h)) / (2 * h);
      EXPECT_NEAR(activateDeriv3(act, z), fd, 1e-8) << activationName(act) << " at " << z;
    }
}

}  // namespace
}  // namespace gs
