// History: rows sorted by step whatever order they arrive in, series aligned, thinning.
#include <gtest/gtest.h>

#include <cmath>

#include "train/History.h"

namespace gs {
namespace {

TEST(History, ALateRowSlotsInByStep) {
  History h;
  h.append(10, {{"d_loss", 1.0}});
  h.append(30, {{"d_loss", 3.0}});
  h.append(20, {{"jsd", 0.5}});  // metrics of an older published model arrive late
  ASSERT_EQ(h.steps(), (std::vector<long long>{10, 20, 30}));
  const Series* d = h.find("d_loss");
  const Series* j = h.find("jsd");
  ASSERT_TRUE(d && j);
  EXPECT_EQ(d->values[0], 1.0f);
  EXPECT_TRUE(std::isnan(d->values[1]));
  EXPECT_EQ(d->values[2], 3.0f);
  EXPECT_TRUE(std::isnan(j->values[0]));
  EXPECT_EQ(j->values[1], 0.5f);
  EXPECT_TRUE(std::isnan(j->values[2]));
}

TEST(History, ThinningKeepsOrderAndSparseValues) {
  History h(64);
  for (int i = 0; i < 200; ++i) h.append(i, {{"d_loss", double(i)}});
  h.append(150, {{"jsd", 0.25}});
  long long prev = -1;
  for (long long s : h.steps()) {
    EXPECT_GE(s, prev);
    prev = s;
  }
  EXPECT_LE(h.size(), 64u);
  const Series* j = h.find("jsd");
  ASSERT_TRUE(j);
  int finite = 0;
  for (float v : j->values) finite += std::isfinite(v);
  EXPECT_EQ(finite, 1);
}

}  // namespace
}  // namespace gs
