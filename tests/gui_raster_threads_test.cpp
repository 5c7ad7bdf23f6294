// The window's limit on llvmpipe's rasteriser threads (RasterThreads.h): what it leaves to
// training, and that a user's own LP_NUM_THREADS wins.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "gui/RasterThreads.h"

namespace gs {
namespace {

TEST(RasterThreads, LeaveTrainingAndTheUiThreadTheirCores) {
  EXPECT_EQ(rasterThreadsFor(2, 1), 0);  // the development VM: rasterise on the UI thread
  EXPECT_EQ(rasterThreadsFor(2, 2), 0);
  EXPECT_EQ(rasterThreadsFor(1, 1), 0);
  EXPECT_EQ(rasterThreadsFor(0, 1), 0);  // hardware_concurrency() may not know
  EXPECT_EQ(rasterThreadsFor(4, 1), 2);
  EXPECT_EQ(rasterThreadsFor(16, 4), 11);
  EXPECT_EQ(rasterThreadsFor(8, 0), 6);  // a nonsensical count still leaves one training core
}

TEST(RasterThreads, SetsTheVariableOnlyWhenTheUserHasNot) {
  unsetenv("LP_NUM_THREADS");
  const int n = limitRasterThreads(1);
  EXPECT_EQ(n, rasterThreadsFor(int(std::thread::hardware_concurrency()), 1));
  ASSERT_NE(std::getenv("LP_NUM_THREADS"), nullptr);
  EXPECT_EQ(std::string(std::getenv("LP_NUM_THREADS")), std::to_string(n));

  setenv("LP_NUM_THREADS", "3", 1);
  EXPECT_EQ(limitRasterThreads(1), 3);
  EXPECT_EQ(std::string(std::getenv("LP_NUM_THREADS")), "3");

  setenv("LP_NUM_THREADS", "", 1);  // empty = unset
  EXPECT_EQ(limitRasterThreads(2), rasterThreadsFor(int(std::thread::hardware_concurrency()), 2));
  unsetenv("LP_NUM_THREADS");
}

}  // namespace
}  // namespace gs
