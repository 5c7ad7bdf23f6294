// Unrolled GAN (train.unroll, Metz et al. 2017) with the exact second-order term: the
// R-operator's Hessian-vector products, the optimisers' adjoints, the curvature of the critic
// losses and the full unrolled generator gradient against central differences, in double.
//
// Tolerances: every check is relative to the largest entry of the quantity checked. Central
// differences with step h have truncation error ~h²·f''' and rounding error ~1e-16·|f|/h; with
// h = 1e-5 (differences of gradients) or 1e-6 (of losses) the measured relative errors are
// ≤ 2e-9 on these networks of O(1) weights, so 1e-6 (1e-7 for one optimiser step, 1e-8 for the
// losses' curvature) leaves a wide margin and still catches a missing or wrong term: the
// second-order term itself is required to be at least 1e-2 of the gradient (one case 3e-5,
// see there), 10^4 (30) times the tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "ConfigErrorOf.h"
#include "objectives/Registry.h"
#include "optim/OptimizerAdjoint.h"
#include "train/Trainer.h"
#include "train/UnrollReverse.h"

namespace gs {
namespace {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

Config unrollConfig(const std::string& optimizer, double lr, double beta1, int k) {
  Config c;
  c.data.name = "ring8";
  c.objective = "non-saturating";
  c.latentDim = 2;
  c.g.width = 10, c.g.depth = 2, c.g.activation = "tanh";
  c.d.width = 12, c.d.depth = 2, c.d.activation = "tanh";
  c.d.optimizer = optimizer, c.d.lr = lr, c.d.beta1 = beta1, c.d.beta2 = 0.9;
  c.g.lr = 1e-3;
  c.batch = 12;
  c.seed = 5;
  c.unroll = k;
  c.unrollSecondOrder = true;
  return c;
}

double maxAbs(const Vec& v) { return v.cwiseAbs().maxCoeff(); }

// max |a - b| / max |a|: the relative error of every check here.
double relError(const Vec& a, const Vec& b) { return (a - b).cwiseAbs().maxCoeff() / std::max(1e-300, maxAbs(a)); }

Vec generatorGrads(Trainer<double>& t) {
  Mlp<double>& g = t.generator();
  return Eigen::Map<const Vec>(g.grads(), g.numParams());
}

// Central differences of f over every parameter of the generator.
template <class F>
Vec differencesOverGenerator(Trainer<double>& t, F f, double h) {
  Mlp<double>& gen = t.generator();
  Vec out(gen.numParams());
  for (int i = 0; i < gen.numParams(); ++i) {
    double& p = gen.params()[i];
    const double keep = p;
    p = keep + h;
    const double fp = f();
    p = keep - h;
    const double fm = f();
    p = keep;
    out[i] = (fp - fm) / (2 * h);
  }
  return out;
}

MlpShape mlpShapeOf(const Critic<double>& c) {
  const CriticShape& s = c.shape();
  return MlpShape{s.in, 1, s.width, s.depth, s.act};
}

// D's batch of criticLossAndGrad (T = 1): real columns then G(z), instance noise included.
Mat criticInputs(Trainer<double>& t, const StepBatch<double>& d) {
  const Mat fake = t.generator().forward(d.z[0]);
  Mat x(d.real.rows(), d.real.cols() + fake.cols());
  x << d.real, fake;
  if (d.noiseReal.cols()) x.leftCols(d.real.cols()) += d.noiseReal;
  if (d.noiseFake.cols()) x.rightCols(fake.cols()) += d.noiseFake;
  return x;
}

// (1) H_DD v and H_GD v of the critic loss from the R-operator against central differences of
// the trainer's exact critic gradient (criticLossAndGrad), h = 1e-5.
void checkHvp(const std::string& objective, const std::string& act, double noise) {
  SCOPED_TRACE(objective + " " + act);
  Config c = unrollConfig("adam", 1e-3, 0.5, 0);
  c.objective = objective;
  c.d.activation = c.g.activation = act;
  c.instanceNoise = noise;
  Trainer<double> t(c);
  for (int i = 0; i < 3; ++i) t.iterate();
  StepBatch<double> d;
  t.sampleBatch(d, true);
  const Mat x = criticInputs(t, d);
  const Eigen::Index n = d.real.cols(), m = d.z[0].cols();
  Critic<double>& critic = t.critic();
  Rng rng(17);
  Vec v(critic.numParams());
  for (Eigen::Index i = 0; i < v.size(); ++i) v[i] = rng.normal();

  UnrollReverse<double> ur;
  ur.begin(1, mlpShapeOf(critic));
  Vec Hv;
  Mat RdX;
  ur.criticHvp(t.objective(), critic.params().data(), v.data(), UnrollCriticBatch<double>{&x, n}, &Hv, RdX);
  ASSERT_EQ(RdX.cols(), n + m);

  const Vec p0 = critic.params();
  const double h = 1e-5;
  critic.params() = p0 + h * v;
  t.criticLossAndGrad(d);
  const Vec gp = critic.grads();
  critic.params() = p0 - h * v;
  t.criticLossAndGrad(d);
  const Vec gm = critic.grads();
  critic.params() = p0;
  EXPECT_LT(relError(Hv, (gp - gm) / (2 * h)), 1e-6) << "H_DD v";
  EXPECT_GT(maxAbs(Hv), 1e-3);

  // H_GD v = ∇_θG (v · ∇_θD L_D) = J_G^T R{∂L_D/∂x_fake}.
  Mlp<double>& gen = t.generator();
  gen.zeroGrad();
  gen.forward(d.z[0]);
  gen.backward(RdX.rightCols(m), nullptr);
  const Vec hgd = generatorGrads(t);
  const Vec fd = differencesOverGenerator(
      t,
      [&] {
        t.criticLossAndGrad(d);
        return v.dot(critic.grads());
      },
      1e-6);
  EXPECT_LT(relError(hgd, fd), 1e-6) << "H_GD v";
  EXPECT_GT(maxAbs(hgd), 1e-3);
}

TEST(UnrollHvp, MatchesDifferencesOfTheExactGradient) {
  for (const char* obj : {"non-saturating", "minimax", "lsgan", "hinge"}) checkHvp(obj, "tanh", 0.0);
  checkHvp("non-saturating", "softplus", 0.05);  // instance noise, fixed for the batch
  checkHvp("lsgan", "elu", 0.0);
  checkHvp("non-saturating", "relu", 0.0);  // σ'' = 0 a.e.; h is far below any kink here
}

// (5) The curvature of every objective that gives one equals central differences of its
// gradient in the raw outputs, and the Hessian is diagonal. h = 1e-5, outputs spread over
// [-2, 2] (hinge's kinks at ±1 are not hit by these values).
TEST(UnrollCurvature, MatchesDifferencesOfTheLossGradient) {
  const Eigen::Index n = 7, m = 5;
  Rng rng(3);
  Vec r(n), f(m);
  for (Eigen::Index i = 0; i < n; ++i) r[i] = rng.uniform(-2.0, 2.0);
  for (Eigen::Index i = 0; i < m; ++i) f[i] = rng.uniform(-2.0, 2.0);
  int withCurvature = 0;
  for (const std::string& name : objectiveNames()) {
    SCOPED_TRACE(name);
    auto obj = makeObjective(name);
    LossInputs in;
    in.real = &r;
    in.fake = &f;
    Vec d2r, d2f;
    const bool has = obj->criticLossCurvature(in, d2r, d2f);
    for (const char* must : {"non-saturating", "minimax", "lsgan", "hinge"})
      if (name == must) EXPECT_TRUE(has);
    if (!has) continue;
    ++withCurvature;
    ASSERT_EQ(d2r.size(), n);
    ASSERT_EQ(d2f.size(), m);
    auto gradient = [&](const Vec& rr, const Vec& ff) {
      LossInputs li;
      li.real = &rr;
      li.fake = &ff;
      LossGrads g;
      g.dReal.setZero(n);
      g.dFake.setZero(m);
      obj->criticLoss(li, g);
      Vec out(n + m);
      out << g.dReal, g.dFake;
      return out;
    };
    const double h = 1e-5;
    Mat hessian(n + m, n + m);
    for (Eigen::Index j = 0; j < n + m; ++j) {
      Vec rp = r, rm = r, fp = f, fm = f;
      if (j < n) {
        rp[j] += h, rm[j] -= h;
      } else {
        fp[j - n] += h, fm[j - n] -= h;
      }
      hessian.col(j) = (gradient(rp, fp) - gradient(rm, fm)) / (2 * h);
    }
    Vec diag(n + m);
    diag << d2r, d2f;
    Mat expected = diag.asDiagonal();
    EXPECT_LT((hessian - expected).cwiseAbs().maxCoeff(), 1e-8 * std::max(1.0, diag.cwiseAbs().maxCoeff()));
  }
  EXPECT_GE(withCurvature, 4);
}

// One optimiser step's adjoint against central differences of F = a·p' + b·m' + c·v' in the
// parameters and the gradient it read (weight decay on, moments from two earlier steps).
TEST(UnrollOptimizerAdjoint, MatchesDifferencesOfOneStep) {
  struct Case {
    OptimizerType type;
    double beta1;
  };
  for (const Case& cs : {Case{OptimizerType::SGD, 0.0}, Case{OptimizerType::SGD, 0.9}, Case{OptimizerType::Adam, 0.5},
                         Case{OptimizerType::RMSProp, 0.0}}) {
    SCOPED_TRACE(optimizerName(cs.type) + " beta1 " + std::to_string(cs.beta1));
    OptimizerSettings s;
    s.type = cs.type, s.lr = 0.05, s.beta1 = cs.beta1, s.beta2 = 0.9, s.weightDecay = 0.01;
    const int P = 9;
    Rng rng(23);
    auto randomVec = [&] {
      Vec x(P);
      for (int i = 0; i < P; ++i) x[i] = rng.normal();
      return x;
    };
    Optimizer<double> opt(s);
    Vec p = randomVec();
    for (int k = 0; k < 2; ++k) opt.step(p, randomVec());
    const Vec g = randomVec(), a = randomVec(), b = randomVec(), c = randomVec();
    auto F = [&](const Vec& p0, const Vec& g0) {
      Optimizer<double> o = opt;
      Vec q = p0;
      o.step(q, g0);
      return a.dot(q) + b.dot(o.firstMoment()) + c.dot(o.secondMoment());
    };
    Optimizer<double> after = opt;
    Vec q = p;
    after.step(q, g);
    Vec pBar = a, mBar = b, vBar = c, gBar;
    optimizerStepAdjoint<double>(s, after.steps(), p, g, after.firstMoment(), after.secondMoment(), pBar, mBar, vBar,
                                 gBar);
    const double h = 1e-6;
    Vec fdP(P), fdG(P);
    for (int i = 0; i < P; ++i) {
      Vec e = Vec::Zero(P);
      e[i] = h;
      fdP[i] = (F(p + e, g) - F(p - e, g)) / (2 * h);
      fdG[i] = (F(p, g + e) - F(p, g - e)) / (2 * h);
    }
    EXPECT_LT(relError(pBar, fdP), 1e-7);
    EXPECT_LT(relError(gBar, fdG), 1e-7);
  }
}

struct UnrollCase {
  std::string optimizer;
  double lr, beta1;
  int k;
  int warmup;  // iterations before the check (t > 0 moments for Adam)
  double noise = 0;
  double minTerm = 1e-2;  // the second-order term's least size, relative to the gradient
};

// (2) + (3): the second-order gradient equals central differences of L_G(θ_G, θ_D^k(θ_G))
// (h = 1e-6), the first-order one does not and differs from it by a term well above the
// tolerance.
void checkUnrolled(const UnrollCase& uc) {
  SCOPED_TRACE(uc.optimizer + " lr " + std::to_string(uc.lr) + " beta1 " + std::to_string(uc.beta1) + " k " +
               std::to_string(uc.k) + " warmup " + std::to_string(uc.warmup));
  Config c = unrollConfig(uc.optimizer, uc.lr, uc.beta1, uc.k);
  c.instanceNoise = uc.noise;
  Trainer<double> t(c);
  for (int i = 0; i < uc.warmup; ++i) t.iterate();
  ASSERT_FALSE(t.diverged());
  StepBatch<double> g, d;
  t.sampleBatch(g, false);
  t.sampleBatch(d, true);
  const double loss = t.unrolledGeneratorLossAndGrad(g, d);
  const Vec exact = generatorGrads(t);
  const Vec fd = differencesOverGenerator(t, [&] { return t.unrolledGeneratorLossAndGrad(g, d); }, 1e-6);
  EXPECT_LT(relError(exact, fd), 1e-6) << "second order";

  Config first = c;
  first.unrollSecondOrder = false;
  t.applyConfig(first);
  EXPECT_EQ(t.unrolledGeneratorLossAndGrad(g, d), loss);  // same θ_D^k, only the gradient differs
  const Vec surrogate = generatorGrads(t);
  EXPECT_GT(relError(exact, surrogate), uc.minTerm) << "the second-order term is negligible here";
}

TEST(UnrollGradient, SecondOrderMatchesDifferencesOfTheUnrolledLoss) {
  for (int k : {1, 3}) {
    checkUnrolled({"sgd", 0.2, 0.0, k, 2});
    checkUnrolled({"sgd", 0.1, 0.9, k, 3});     // momentum, buffer already filled
    // Fresh moments (t = 0). Adam's first step is lr·g/(|g| + ε) ≈ lr·sign(g), whose derivative
    // in g is ~lr·ε/g²: with k = 1 the second-order term is ~1e-4 of the gradient, still 100
    // times the tolerance.
    checkUnrolled({"adam", 0.02, 0.5, k, 0, 0.0, k == 1 ? 3e-5 : 1e-2});
    checkUnrolled({"adam", 0.02, 0.5, k, 4});   // t > 0: moments and bias correction carried
    checkUnrolled({"rmsprop", 0.01, 0.0, k, 3});
  }
  checkUnrolled({"adam", 0.02, 0.5, 3, 2, 0.05});  // instance noise
}

// (3) The first-order gradient is the gradient at θ_D^k held fixed: θ_D^k replayed by hand
// (plain SGD, which carries no state), then differences of generatorLossAndGrad there.
TEST(UnrollGradient, FirstOrderIsTheGradientAtTheUnrolledCriticHeldFixed) {
  const double lr = 0.2;
  const int k = 3;
  Config c = unrollConfig("sgd", lr, 0.0, k);
  c.unrollSecondOrder = false;
  Trainer<double> t(c);
  for (int i = 0; i < 2; ++i) t.iterate();
  StepBatch<double> g, d;
  t.sampleBatch(g, false);
  t.sampleBatch(d, true);
  const double loss = t.unrolledGeneratorLossAndGrad(g, d);
  const Vec surrogate = generatorGrads(t);

  Critic<double>& critic = t.critic();
  const Vec p0 = critic.params();
  for (int i = 0; i < k; ++i) {
    t.criticLossAndGrad(d);
    critic.params() -= lr * critic.grads();
  }
  EXPECT_NEAR(t.generatorLossAndGrad(g), loss, 1e-12);
  const Vec fd = differencesOverGenerator(t, [&] { return t.generatorLossAndGrad(g); }, 1e-6);
  EXPECT_LT(relError(surrogate, fd), 1e-6);
  critic.params() = p0;
}

// (4) The unrolled updates leave no trace: the whole trainer state (critic parameters and
// optimiser moments included) is the same bytes after the call, and a generator step moves
// only the generator.
TEST(UnrollState, CriticAndOptimiserRestoredBitForBit) {
  Trainer<float> t(unrollConfig("adam", 0.02, 0.5, 5));
  for (int i = 0; i < 4; ++i) t.iterate();
  ASSERT_FALSE(t.diverged());
  StepBatch<float> g, d;
  t.sampleBatch(g, false);
  t.sampleBatch(d, true);
  const std::string before = t.saveState();
  const Eigen::VectorXf critic = t.critic().params();
  t.unrolledGeneratorLossAndGrad(g, d);
  const std::string after = t.saveState();
  ASSERT_EQ(before.size(), after.size());
  EXPECT_EQ(std::memcmp(before.data(), after.data(), before.size()), 0);
  EXPECT_EQ(std::memcmp(critic.data(), t.critic().params().data(), sizeof(float) * size_t(critic.size())), 0);

  const std::vector<float> gen(t.generator().params(), t.generator().params() + t.generator().numParams());
  t.generatorStep();
  EXPECT_EQ(std::memcmp(critic.data(), t.critic().params().data(), sizeof(float) * size_t(critic.size())), 0);
  EXPECT_NE(std::memcmp(gen.data(), t.generator().params(), sizeof(float) * gen.size()), 0);
}

// Training runs in float: the float path gives the double path's second-order gradient from
// the same state and batches (relative 1e-4: float rounding, ~6e-8, grown through k = 3 steps;
// measured 6e-7).
TEST(UnrollGradient, FloatAgreesWithDouble) {
  const Config c = unrollConfig("adam", 0.02, 0.5, 3);
  Trainer<float> tf(c);
  Trainer<double> td(c);
  for (int i = 0; i < 2; ++i) tf.iterate(), td.iterate();
  StepBatch<float> gf, df;
  StepBatch<double> gd, dd;
  tf.sampleBatch(gf, false);
  tf.sampleBatch(df, true);
  td.sampleBatch(gd, false);
  td.sampleBatch(dd, true);
  tf.unrolledGeneratorLossAndGrad(gf, df);
  td.unrolledGeneratorLossAndGrad(gd, dd);
  const Vec exact = generatorGrads(td);
  const Vec single = Eigen::Map<const Eigen::VectorXf>(tf.generator().grads(), tf.generator().numParams()).cast<double>();
  EXPECT_LT(relError(exact, single), 1e-4);
}

// MIX+GAN, first order: the unrolled updates of D's mixture logits are undone, the generator's
// logit gradient is kept (and trains G's weights).
TEST(UnrollGradient, FirstOrderMixtureKeepsTheGeneratorsLogitGradient) {
  Config c = unrollConfig("adam", 1e-2, 0.5, 2);
  c.objective = "mixgan";
  c.objectiveParams["components"] = 2;
  c.unrollSecondOrder = false;
  Trainer<double> t(c);
  t.iterate();
  StepBatch<double> g, d;
  t.sampleBatch(g, false);
  t.sampleBatch(d, true);
  const Vec logitsD = t.model().mixture().logitsD, gradD = t.model().mixture().gradD;
  t.unrolledGeneratorLossAndGrad(g, d);
  const Vec gradG = t.model().mixture().gradG;
  EXPECT_EQ(t.model().mixture().logitsD, logitsD);
  EXPECT_EQ(t.model().mixture().gradD, gradD);
  t.generatorLossAndGrad(g);  // the plain gradient at the unrolled D differs, but has the size
  ASSERT_EQ(gradG.size(), 2);
  EXPECT_GT(gradG.cwiseAbs().maxCoeff(), 0.0);
  const Vec before = t.model().mixture().logitsG;
  t.generatorStep();
  EXPECT_NE(t.model().mixture().logitsG, before);
}

// What the second-order option cannot cover is refused when the trainer is built or a config
// is applied, naming the key; the first-order option takes every one of them.
TEST(UnrollConfig, RefusesWhatTheReversePassDoesNotModel) {
  auto variants = std::vector<std::pair<std::string, std::function<void(Config&)>>>{
      {"wgan-gp", [](Config& c) { c.objective = "wgan-gp"; }},
      {"wgan (clipping)", [](Config& c) { c.objective = "wgan"; }},
      {"ebgan (auto-encoder)", [](Config& c) { c.objective = "ebgan"; }},
      {"rasgan (no curvature)", [](Config& c) { c.objective = "rasgan"; }},
      {"r1", [](Config& c) { c.r1Gamma = 1.0; }},
      {"mixgan", [](Config& c) {
         c.objective = "mixgan";
         c.objectiveParams["components"] = 2;
       }},
      {"pack", [](Config& c) { c.pack = 2; }},
      {"replay", [](Config& c) { c.replay = 0.5; }},
  };
  const Config base = unrollConfig("adam", 1e-3, 0.5, 2);
  Trainer<double> running(base);
  for (auto& [what, change] : variants) {
    SCOPED_TRACE(what);
    Config c = base;
    change(c);
    const std::string err = errorOf([&] { Trainer<double> t(c); });
    EXPECT_NE(err.find("train.unroll_second_order"), std::string::npos) << err;
    EXPECT_NE(errorOf([&] { running.applyConfig(c); }).find("train.unroll_second_order"), std::string::npos);
    EXPECT_EQ(running.config().objective, base.objective);
    c.unrollSecondOrder = false;
    Trainer<double> t(c);
    t.iterate();
    EXPECT_FALSE(t.diverged());
  }
  Config noisy = base;
  noisy.instanceNoise = 0.1;
  EXPECT_EQ(errorOf([&] { Trainer<double> t(noisy); }), "");
}

}  // namespace
}  // namespace gs
