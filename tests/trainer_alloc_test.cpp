// "No allocation in the training hot loop": after warm-up, iterations must not call malloc.
// glibc lets an executable interpose malloc; this test counts calls inside a window.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "train/Trainer.h"

#include "CountMalloc.h"

namespace gs {
namespace {

long allocationsDuring(const std::string& objective, const std::string& data, int dSteps) {
  Config c;
  c.objective = objective;
  c.data.name = data;
  c.g.width = c.d.width = 32;
  c.batch = 64;
  c.dSteps = dSteps;
  Trainer<float> t(c);
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
  }
}

}  // namespace
}  // namespace gs
