// The data-parallel CPU backend against the serial reference: the same passes on the same
// inputs give the same outputs and gradients (up to the order of the slice sums), training
// with it follows the serial run, and a given thread count is deterministic.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
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

// More tasks than one published job holds (65535): the pool runs them in rounds.
TEST(WorkerPool, RunsJobsLargerThanOneRound) {
  WorkerPool pool(3);
  const int n = 70001;
  std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
  for (auto& h : hits) h = 0;
  pool.run(n, [&](int i) { hits[size_t(i)].fetch_add(1); });
  for (int i = 0; i < n; ++i) ASSERT_EQ(hits[size_t(i)].load(), 1) << i;
}

// Jobs back to back with tasks of uneven length: a worker still on one job never claims a
// task of the next (each job's sum is exact), and sleeping workers wake for the next job.
TEST(WorkerPool, BackToBackJobsNeverMix) {
  WorkerPool pool(4);
  for (int rep = 0; rep < 2000; ++rep) {
    const int n = 1 + rep % 9;
    std::atomic<long> sum{0};
    pool.run(n, [&](int i) {
      volatile int spin = (i * 7919 + rep) % 200;
      while (spin > 0) spin = spin - 1;
      sum.fetch_add(long(rep) * 100 + i);
    });
    ASSERT_EQ(sum.load(), long(rep) * 100 * n + long(n) * (n - 1) / 2) << "job " << rep;
    if (rep % 500 == 499) std::this_thread::sleep_for(std::chrono::milliseconds(5));  // let workers sleep
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

// Optimiser steps and finite checks split over the parameters: the same parameters bit for bit
// as the serial step (every optimiser, with and without clipping), the squared gradient norm
// up to its summation order, and a non-finite weight found in any part.
TEST(ParallelCpuBackend, StepsAndFiniteChecksMatchTheSerialBackend) {
  for (OptimizerType type : {OptimizerType::Adam, OptimizerType::SGD, OptimizerType::RMSProp}) {
    for (double clip : {0.0, 0.05}) {
      SCOPED_TRACE(optimizerName(type) + " clip " + std::to_string(clip));
      Rng rng(5);
      const CriticShape cs{CriticKind::Scalar, 2, 200, 2, Activation::ReLU};  // ~41k parameters: 2 parts
      auto dSerial = makeCritic<double>(cs);
      dSerial->init(rng);
      auto dPar = dSerial->clone();
      Mlp<double> gSerial(MlpShape{2, 2, 256, 2, Activation::ReLU});  // ~67k parameters
      gSerial.init(rng);
      Mlp<double> gPar(gSerial);
      OptimizerSettings os;
      os.type = type;
      os.lr = 1e-2;
      os.beta1 = type == OptimizerType::SGD ? 0.9 : 0.5;
      os.weightDecay = 1e-3;
      Optimizer<double> oDs(os), oDp(os), oGs(os), oGp(os);
      CpuBackend<double> ref;
      ParallelCpuBackend<double> par(2);
      for (int step = 0; step < 3; ++step) {
        dSerial->grads() = randomMatrix(rng, dSerial->numParams(), 1);
        dPar->grads() = dSerial->grads();
        Eigen::Map<VecD>(gSerial.grads(), gSerial.numParams()) = randomMatrix(rng, gSerial.numParams(), 1);
        std::copy(gSerial.grads(), gSerial.grads() + gSerial.numParams(), gPar.grads());
        const double nD = ref.step(oDs, *dSerial, clip), nG = ref.step(oGs, gSerial);
        EXPECT_NEAR(par.step(oDp, *dPar, clip), nD, 1e-12 * nD);
        EXPECT_NEAR(par.step(oGp, gPar), nG, 1e-12 * nG);
        EXPECT_EQ(dPar->params(), dSerial->params());
        EXPECT_TRUE(std::equal(gPar.params(), gPar.params() + gPar.numParams(), gSerial.params()));
      }
      EXPECT_TRUE(par.allFinite(*dPar));
      EXPECT_TRUE(par.allFinite(gPar));
      for (double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
        for (double where : {0.1, 0.9}) {  // one in each part
          const Eigen::Index i = Eigen::Index(where * gPar.numParams());
          const double keep = gPar.params()[i];
          gPar.params()[i] = bad;
          EXPECT_FALSE(par.allFinite(gPar)) << "parameter " << i;
          gPar.params()[i] = keep;
          const Eigen::Index j = Eigen::Index(where * dPar->numParams());
          const double keepD = dPar->params()[j];
          dPar->params()[j] = bad;
          EXPECT_FALSE(par.allFinite(*dPar)) << "parameter " << j;
          dPar->params()[j] = keepD;
        }
      }
      EXPECT_TRUE(par.allFinite(gPar));
    }
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
