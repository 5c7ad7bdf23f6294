// The data-parallel CPU backend against the serial reference: the same passes on the same
// inputs give the same outputs and gradients (up to the order of the slice sums), training
// with it follows the serial run, and a given thread count is deterministic.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "RandomMatrix.h"
#include "SmallConfig.h"
#include "backend/CpuBackend.h"
#include "backend/ParallelCpuBackend.h"
#include "train/Trainer.h"
#include "util/WorkerPool.h"

namespace gs {
namespace {

using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

double relDiff(const MatD& a, const MatD& b) {
  EXPECT_EQ(a.rows(), b.rows());
  EXPECT_EQ(a.cols(), b.cols());
  if (a.rows() != b.rows() || a.cols() != b.cols()) return 1e300;
  return (a - b).norm() / std::max(1e-300, b.norm());
}

TEST(WorkerPool, RunsEveryTaskOnceForAnyCountAndThreads) {
  for (int threads : {1, 2, 3, 5}) {
    WorkerPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (int rep = 0; rep < 300; ++rep) {
      const int n = rep % 37;
      std::vector<std::atomic<int>> hits(size_t(n + 1));
      for (auto& h : hits) h = 0;
      pool.run(n, [&](int i) { hits[size_t(i)].fetch_add(1); });
      for (int i = 0; i < n; ++i) ASSERT_EQ(hits[size_t(i)].load(), 1) << "threads " << threads << " n " << n;
      EXPECT_EQ(hits[size_t(n)].load(), 0);
    }
  }
}

TEST(WorkerPool, SlicesCoverTheBatchAndNarrowBatchesStayWhole) {
  ParallelCpuBackend<double> two(2), one(1);
  EXPECT_EQ(one.slicesFor(256), 1);
  EXPECT_EQ(two.slicesFor(16), 1);
  EXPECT_GT(two.slicesFor(256), 1);
  EXPECT_LE(two.slicesFor(1 << 20), 4);
}

// Every pass of the seam on a scalar critic and a generator, serial vs split over 2 and 3
// threads; an odd batch so the slices are unequal.
TEST(ParallelCpuBackend, PassesMatchTheSerialBackend) {
  for (int threads : {2, 3}) {
    Rng rng(11);
    const CriticShape cs{CriticKind::Scalar, 2, 24, 3, Activation::Tanh};
    auto dSerial = makeCritic<double>(cs);
    dSerial->init(rng);
    auto dPar = dSerial->clone();
    Mlp<double> gSerial(MlpShape{2, 2, 20, 2, Activation::ReLU});
    gSerial.init(rng);
    Mlp<double> gPar(gSerial);
    CpuBackend<double> ref;
    ParallelCpuBackend<double> par(threads);
    const int n = 257;
    ASSERT_GT(par.slicesFor(n), 1);
    const MatD x = randomMatrix(rng, 2, n), dOut = randomMatrix(rng, 1, n), dU = randomMatrix(rng, 2, n);

    // Critic: forward, backward with parameter and input gradients.
    ref.zeroGrad(*dSerial);
    par.zeroGrad(*dPar);
    EXPECT_LT(relDiff(par.forward(*dPar, x), ref.forward(*dSerial, x)), 1e-13);
    MatD dxRef, dxPar;
    ref.backward(*dSerial, dOut, nullptr, &dxRef, true);
    par.backward(*dPar, dOut, nullptr, &dxPar, true);
    EXPECT_LT(relDiff(dxPar, dxRef), 1e-13);
    EXPECT_LT(relDiff(dPar->grads(), dSerial->grads()), 1e-13);
    // Input gradient and its double backward (gradient penalties), accumulating.
    ref.forward(*dSerial, x);
    par.forward(*dPar, x);
    MatD uRef, uPar;
    ref.inputGradient(*dSerial, uRef);
    par.inputGradient(*dPar, uPar);
    EXPECT_LT(relDiff(uPar, uRef), 1e-13);
    ref.inputGradientBackward(*dSerial, dU);
    par.inputGradientBackward(*dPar, dU);
    EXPECT_LT(relDiff(dPar->grads(), dSerial->grads()), 1e-13);
    // Input gradient only (Langevin, the generator's step): parameter gradients untouched.
    const VecD before = dPar->grads();
    par.forward(*dPar, x);
    par.backward(*dPar, dOut, nullptr, &dxPar, false);
    EXPECT_EQ(dPar->grads(), before);
    EXPECT_LT(relDiff(dxPar, dxRef), 1e-13);

    // Generator: forward and backward, twice (gradients accumulate), then a narrow batch that
    // is not split must still pair with its own backward.
    const MatD z = randomMatrix(rng, 2, n), dY = randomMatrix(rng, 2, n);
    ref.zeroGrad(gSerial);
    par.zeroGrad(gPar);
    for (int rep = 0; rep < 2; ++rep) {
      EXPECT_LT(relDiff(par.forward(gPar, z), ref.forward(gSerial, z)), 1e-13);
      ref.backward(gSerial, dY);
      par.backward(gPar, dY);
    }
    const MatD zNarrow = z.leftCols(8), dYNarrow = dY.leftCols(8);
    EXPECT_LT(relDiff(par.forward(gPar, zNarrow), ref.forward(gSerial, zNarrow)), 1e-13);
    ref.backward(gSerial, dYNarrow);
    par.backward(gPar, dYNarrow);
    const Eigen::Map<const VecD> gr(gSerial.grads(), gSerial.numParams()), gp(gPar.grads(), gPar.numParams());
    EXPECT_LT(relDiff(gp, gr), 1e-13);
  }
}

VecD trainedParams(const Config& c, int threads, int iters) {
  Trainer<double> t(c);
  t.setThreads(threads);
  for (int i = 0; i < iters; ++i) t.iterate();
  EXPECT_FALSE(t.diverged()) << t.divergenceMessage();
  const Mlp<double>& g = t.generator();
  VecD p(g.numParams() + t.critic().numParams());
  p << Eigen::Map<const VecD>(g.params(), g.numParams()), t.critic().params();
  return p;
}

// Whole training steps of objectives that use every pass: plain logit, the gradient penalty,
// the auto-encoder critic (not split), relativistic (batch-coupled loss).
TEST(ParallelCpuBackend, TrainingFollowsTheSerialRunAndIsDeterministic) {
  for (const char* objective : {"non-saturating", "wgan-gp", "ebgan", "rasgan"}) {
    SCOPED_TRACE(objective);
    Config c = smallConfig("ring8", objective, 16);
    c.batch = 128;
    const VecD serial = trainedParams(c, 1, 20);
    const VecD two = trainedParams(c, 2, 20);
    EXPECT_LT(relDiff(two, serial), 1e-9);
    EXPECT_EQ(trainedParams(c, 2, 20), two) << "two runs with 2 threads differ";
  }
}

TEST(ParallelCpuBackend, ThreadCountIsChecked) {
  Trainer<double> t(smallConfig());
  EXPECT_THROW(t.setThreads(0), std::exception);
  t.setThreads(2);
  EXPECT_EQ(t.threads(), 2);
  t.iterate();
  t.setThreads(1);
  t.iterate();
  EXPECT_FALSE(t.diverged());
}

}  // namespace
}  // namespace gs
