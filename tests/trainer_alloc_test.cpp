// "No allocation in the training hot loop": after warm-up, iterations must not call malloc.
// glibc lets an executable interpose malloc; this test counts calls inside a window.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "train/Trainer.h"

#include "CountMalloc.h"

namespace gs {
namespace {

long allocationsDuring(const std::string& objective, const std::string& data, int dSteps, int threads = 1,
                       void (*edit)(Config&) = nullptr) {
  Config c;
  c.objective = objective;
  c.data.name = data;
  c.g.width = c.d.width = 32;
  c.batch = 64;
  c.dSteps = dSteps;
  if (edit) edit(c);
  Trainer<float> t(c);
  t.setThreads(threads);
  for (int i = 0; i < 5; ++i) t.iterate();  // warm-up: buffers reach their sizes
  allocations = 0;
  counting = true;
  for (int i = 0; i < 20; ++i) t.iterate();
  counting = false;
  return allocations.load();
}

TEST(TrainerAllocation, NoneInTheHotLoop) {
  for (auto [obj, data, k] :
       {std::tuple{"non-saturating", "ring8", 1}, std::tuple{"wgan-gp", "ring8", 5}, std::tuple{"wgan", "grid25", 5},
        std::tuple{"ebgan", "ring8", 1}, std::tuple{"began", "ring8", 1}, std::tuple{"lsgan", "gauss1d", 1}}) {
    EXPECT_EQ(allocationsDuring(obj, data, k), 0) << obj << " on " << data;
    // Data-parallel passes (ParallelCpuBackend): slices, replicas and the pool reuse their buffers.
    EXPECT_EQ(allocationsDuring(obj, data, k, 2), 0) << obj << " on " << data << " with 2 threads";
  }
}

TEST(TrainerAllocation, NoneInTheRemediesAndEnergyModels) {
  EXPECT_EQ(allocationsDuring("non-saturating", "ring8", 1, 1, [](Config& c) { c.unroll = 3; }), 0) << "unrolled";
  EXPECT_EQ(allocationsDuring("non-saturating", "ring8", 1, 1,
                              [](Config& c) {
                                c.unroll = 2;
                                c.unrollSecondOrder = true;
                                c.g.activation = c.d.activation = "tanh";
                              }),
            0)
      << "unrolled, second order";
  EXPECT_EQ(allocationsDuring("non-saturating", "ring8", 1, 1, [](Config& c) { c.pack = 2; }), 0) << "packed";
  EXPECT_EQ(allocationsDuring("non-saturating", "ring8", 1, 1, [](Config& c) { c.replay = 0.5; }), 0) << "replay";
  EXPECT_EQ(allocationsDuring("ebm-cd", "biased-mixture", 1), 0) << "ebm-cd";
  EXPECT_EQ(allocationsDuring("ebm-score", "biased-mixture", 1), 0) << "ebm-score (denoising)";
  EXPECT_EQ(allocationsDuring("ebm-score", "biased-mixture", 1, 1,
                              [](Config& c) {
                                c.objectiveParams["form"] = 0;
                                c.d.activation = "tanh";
                              }),
            0)
      << "ebm-score (exact)";
}

}  // namespace
}  // namespace gs
