// Timeline: the checkpoint store (budget, thinning order, look-up, marks) and history truncation.
#include "train/Timeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "util/Error.h"

namespace gs {
namespace {

constexpr size_t MB = size_t(1) << 20;

std::shared_ptr<const Checkpoint> cp(long long step, std::shared_ptr<const Config> cfg, size_t bytes) {
  auto c = std::make_shared<Checkpoint>();
  c->step = step;
  c->config = std::move(cfg);
  c->state.assign(bytes, char(step & 0x7f));
  return c;
}

// Fills a timeline with checkpoints every K iterations up to `last`.
void fill(Timeline& t, std::shared_ptr<const Config> cfg, long long last, size_t bytes) {
  for (long long s = 0; s <= last; s += t.interval())
    if (t.due(s)) t.add(cp(s, cfg, bytes));
}

TEST(Timeline, DueEveryKAndOnlyForNewerSteps) {
  Timeline t(50, 8 * MB);
  EXPECT_TRUE(t.due(0));
  EXPECT_FALSE(t.due(49));
  EXPECT_TRUE(t.due(50));
  t.add(cp(50, std::make_shared<Config>(), 100));
  EXPECT_FALSE(t.due(50)) << "a step already stored is not due again";
  EXPECT_FALSE(t.due(0));
  EXPECT_TRUE(t.due(100));
  EXPECT_THROW(t.add(cp(50, std::make_shared<Config>(), 100)), std::logic_error);
}

TEST(Timeline, BudgetIsNeverExceededAndTheEndsStay) {
  auto cfg = std::make_shared<const Config>();
  Timeline t(10, 2 * MB);
  const size_t each = 100 * 1024;
  for (long long s = 0; s <= 20000; s += 10) {
    ASSERT_TRUE(t.add(cp(s, cfg, each)));
    ASSERT_LE(t.bytesUsed(), t.budget()) << "at step " << s;
  }
  // 2 MB hold about 20 checkpoints of 100 KB, however long the run.
  EXPECT_GE(t.size(), 15u);
  EXPECT_LE(t.size(), 21u);
  const auto steps = t.steps();
  EXPECT_EQ(steps.front(), 0) << "the first checkpoint (the start of the run) is kept";
  EXPECT_EQ(steps.back(), 20000) << "the newest checkpoint is kept";
  EXPECT_TRUE(std::is_sorted(steps.begin(), steps.end()));
  // The byte count is what the checkpoints cost: one config plus each state.
  size_t sum = 0;
  for (long long s : steps) sum += t.atOrBefore(s)->bytes();
  EXPECT_GE(t.bytesUsed(), sum);
  EXPECT_LT(t.bytesUsed(), sum + 4096);
}

TEST(Timeline, ThinningKeepsRecentDenseAndOldSparse) {
  auto cfg = std::make_shared<const Config>();
  Timeline t(10, 4 * MB);
  fill(t, cfg, 50000, 100 * 1024);
  const auto s = t.steps();
  ASSERT_GE(s.size(), 10u);
  // Gaps grow with age: the newest gaps are the interval itself, the oldest are far wider.
  EXPECT_EQ(s[s.size() - 1] - s[s.size() - 2], 10);
  const long long oldGap = s[2] - s[1], newGap = s[s.size() - 2] - s[s.size() - 3];
  EXPECT_GT(oldGap, 20 * newGap) << "old history should be much sparser than recent history";
  // Gaps never shrink going back in time by more than a little (roughly geometric spacing).
  int inversions = 0;
  for (size_t i = 2; i + 1 < s.size(); ++i)
    if (s[i] - s[i - 1] < s[i + 1] - s[i]) ++inversions;
  EXPECT_LE(inversions, int(s.size() / 4));
}

TEST(Timeline, ThinningRemovesTheOldestInteriorFirst) {
  auto cfg = std::make_shared<const Config>();
  const size_t each = 200 * 1024;
  // Budget for exactly 6 checkpoints (plus the one shared config).
  Timeline t(1, 1 * MB);
  t.setBudget(6 * (cp(0, cfg, each)->bytes()) + 4096);
  for (long long s = 0; s < 6; ++s) ASSERT_TRUE(t.add(cp(s, cfg, each)));
  EXPECT_EQ(t.steps(), (std::vector<long long>{0, 1, 2, 3, 4, 5}));
  t.add(cp(6, cfg, each));
  EXPECT_EQ(t.steps(), (std::vector<long long>{0, 2, 3, 4, 5, 6})) << "the oldest interior checkpoint goes first";
  t.add(cp(7, cfg, each));
  EXPECT_EQ(t.steps(), (std::vector<long long>{0, 2, 4, 5, 6, 7}))
      << "thinning moves to newer gaps only as the old ones widen";
}

TEST(Timeline, LoweringTheBudgetThinsAtOnceAndTooBigIsRefused) {
  auto cfg = std::make_shared<const Config>();
  Timeline t(10, 64 * MB);
  fill(t, cfg, 2000, 256 * 1024);
  EXPECT_EQ(t.size(), 201u);
  t.setBudget(2 * MB);
  EXPECT_LE(t.bytesUsed(), 2 * MB);
  EXPECT_EQ(t.steps().back(), 2000);
  EXPECT_FALSE(t.add(cp(2010, cfg, 3 * MB))) << "a checkpoint larger than the budget is not stored";
  EXPECT_EQ(t.newestStep(), 2000);
  EXPECT_THROW(t.setBudget(1000), ConfigError);
  EXPECT_THROW(t.setInterval(0), ConfigError);
}

TEST(Timeline, ConfigsSharedByCheckpointsAreCountedOnce) {
  auto a = std::make_shared<Config>();
  a->data.points.assign(100000, 0.5);  // a drawn data set: 800 KB
  auto b = std::make_shared<Config>(*a);
  Timeline t(1, 64 * MB);
  t.add(cp(0, a, 1000));
  const size_t one = t.bytesUsed();
  EXPECT_GT(one, 800000u);
  t.add(cp(1, a, 1000));
  EXPECT_LT(t.bytesUsed(), one + 2000) << "the same config is not paid for twice";
  t.add(cp(2, b, 1000));
  EXPECT_GT(t.bytesUsed(), 2 * one - 100) << "a new config is";
  t.truncateAfter(1);
  EXPECT_LT(t.bytesUsed(), one + 2000);
  t.truncateAfter(-1);
  EXPECT_EQ(t.bytesUsed(), 0u);
  EXPECT_EQ(t.size(), 0u);
}

TEST(Timeline, LookupFindsTheNearestCheckpointAtOrBefore) {
  auto cfg = std::make_shared<const Config>();
  Timeline t(100, 8 * MB);
  fill(t, cfg, 1000, 10);
  EXPECT_EQ(t.atOrBefore(-1), nullptr);
  EXPECT_EQ(t.atOrBefore(0)->step, 0);
  EXPECT_EQ(t.atOrBefore(99)->step, 0);
  EXPECT_EQ(t.atOrBefore(100)->step, 100);
  EXPECT_EQ(t.atOrBefore(555)->step, 500);
  EXPECT_EQ(t.atOrBefore(1e9)->step, 1000);
  EXPECT_EQ(t.atOrBefore(555)->state, std::string(10, char(500 & 0x7f)));
}

TEST(Timeline, MarksStaySortedAndATruncationDropsTheAbandonedFuture) {
  auto cfg = std::make_shared<const Config>();
  Timeline t(100, 8 * MB);
  fill(t, cfg, 1000, 10);
  t.mark(700, MarkKind::DataChange, "data: grid25");
  t.mark(300, MarkKind::ObjectiveChange, "objective: wgan-gp");
  t.mark(300, MarkKind::DataChange, "data: spiral");
  ASSERT_EQ(t.marks().size(), 3u);
  EXPECT_EQ(t.marks()[0].label, "objective: wgan-gp") << "same step: in the order they happened";
  EXPECT_EQ(t.marks()[1].label, "data: spiral");
  EXPECT_EQ(t.marks()[2].step, 700);
  const long long rev = t.revision();
  t.truncateAfter(450);
  EXPECT_GT(t.revision(), rev);
  EXPECT_EQ(t.newestStep(), 400);
  EXPECT_EQ(t.marks().size(), 2u) << "the mark at 700 belonged to the abandoned future";
  t.mark(400, MarkKind::Branch, "branch");
  const TimelineSummary s = t.summary(400);
  EXPECT_EQ(s.steps, (std::vector<long long>{0, 100, 200, 300, 400}));
  EXPECT_EQ(s.marks.back().kind, MarkKind::Branch);
  EXPECT_EQ(s.viewedStep, 400);
  EXPECT_EQ(s.interval, 100);
  EXPECT_EQ(s.bytesUsed, t.bytesUsed());
  EXPECT_STREQ(markKindName(MarkKind::Branch), "branch");
  t.clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_TRUE(t.marks().empty());
  EXPECT_TRUE(t.due(0));
}

TEST(Timeline, TruncatedHistoryKeepsRowsUpToTheStepAndItsSeriesOrder) {
  History h(4096);
  for (long long s = 1; s <= 100; ++s) {
    h.append(s, {{"d_loss", double(s)}, {"g_loss", -double(s)}});
    if (s % 10 == 0) h.append(s, {{"jsd", s * 0.01}});
  }
  truncateHistory(h, 55);
  ASSERT_FALSE(h.steps().empty());
  EXPECT_EQ(h.steps().back(), 55);
  EXPECT_EQ(h.size(), 55u + 5u);
  ASSERT_EQ(h.series().size(), 3u);
  EXPECT_EQ(h.series()[0].name, "d_loss");
  EXPECT_EQ(h.series()[2].name, "jsd");
  const Series* jsd = h.find("jsd");
  int finite = 0;
  for (float v : jsd->values) finite += std::isfinite(v);
  EXPECT_EQ(finite, 5);
  EXPECT_FLOAT_EQ(h.find("d_loss")->values[0], 1.0f);
  const size_t before = h.size();
  truncateHistory(h, 1000);
  EXPECT_EQ(h.size(), before) << "nothing after the step: unchanged";
}

}  // namespace
}  // namespace gs
