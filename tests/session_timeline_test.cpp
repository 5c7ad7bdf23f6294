// Session timeline: checkpoints every K iterations, viewing an old state, branching from it,
// marks for objective and data changes (the rewind a lecture uses).
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <memory>
#include <string>

#include "SmallConfig.h"
#include "train/Session.h"
#include "train/Trainer.h"

namespace gs {
namespace {

Config small() { return smallConfig("ring8", "non-saturating"); }

// Posts n single iterations and waits until a snapshot shows the last one applied.
std::shared_ptr<const Snapshot> steps(Session& s, int n) {
  long long seq = 0;
  for (int i = 0; i < n; ++i) seq = s.stepIteration();
  return s.waitForCommand(seq, 30.0);
}

std::shared_ptr<const Snapshot> apply(Session& s, long long seq) { return s.waitForCommand(seq, 30.0); }

bool hasMark(const TimelineSummary& t, long long step, MarkKind kind) {
  return std::any_of(t.marks.begin(), t.marks.end(),
                     [&](const TimelineMark& m) { return m.step == step && m.kind == kind; });
}

TEST(SessionTimeline, CheckpointsAppearEveryKIterations) {
  Session s(small());
  apply(s, s.setTimelineInterval(10));
  auto snap = steps(s, 35);
  ASSERT_EQ(snap->step, 35);
  EXPECT_EQ(snap->timeline.steps, (std::vector<long long>{0, 10, 20, 30}));
  EXPECT_EQ(snap->timeline.interval, 10);
  EXPECT_EQ(snap->timeline.viewedStep, -1);
  size_t states = 0;
  for (long long st : snap->timeline.steps) states += s.checkpointAt(st)->state.size();
  EXPECT_GT(snap->timeline.bytesUsed, states);
  EXPECT_LE(snap->timeline.bytesUsed, snap->timeline.budgetBytes);
  ASSERT_TRUE(s.checkpointAt(29));
  EXPECT_EQ(s.checkpointAt(29)->step, 20);
  EXPECT_EQ(s.checkpointAt(29)->config->objective, "non-saturating");
  // Free running captures too, within the budget.
  apply(s, s.setTimelineBudgetMB(1));
  s.setRunning(true);
  snap = s.waitFor(400, 0, 30.0);
  s.setRunning(false);
  EXPECT_GE(snap->timeline.steps.size(), 5u);
  EXPECT_LE(snap->timeline.bytesUsed, size_t(1) << 20);
  for (long long st : snap->timeline.steps) EXPECT_EQ(st % 10, 0) << st;
  // Bad settings are refused with the key named.
  EXPECT_NE(apply(s, s.setTimelineInterval(0))->error.find("timeline.interval"), std::string::npos);
  EXPECT_NE(apply(s, s.setTimelineBudgetMB(0.5))->error.find("timeline.budget_mb"), std::string::npos);
}

TEST(SessionTimeline, ViewingAnOldCheckpointShowsItAndLeavesTheLiveRunAlone) {
  Session s(small());
  apply(s, s.setTimelineInterval(10));
  const Eigen::MatrixXd fake20 = steps(s, 20)->fake;
  auto live = steps(s, 20);
  ASSERT_EQ(live->step, 40);
  const Eigen::MatrixXd fake40 = live->fake;
  const std::string state40 = s.checkpointAt(40)->state;
  ASSERT_FALSE(fake20.isApprox(fake40)) << "training did not move the generator";

  auto viewed = apply(s, s.viewCheckpoint(25));
  EXPECT_EQ(viewed->step, 20) << "the nearest checkpoint at or before 25";
  EXPECT_EQ(viewed->timeline.viewedStep, 20);
  EXPECT_TRUE(viewed->fake == fake20) << "the views show the state of iteration 20";
  EXPECT_EQ(viewed->diagnostics.step, 20);
  EXPECT_FALSE(viewed->verdict.empty());
  ASSERT_TRUE(viewed->history);
  EXPECT_EQ(viewed->history->steps().back(), 40) << "the curves still show the whole run";
  apply(s, s.viewCheckpoint(0));
  auto back = apply(s, s.viewLive());
  EXPECT_EQ(back->step, 40);
  EXPECT_EQ(back->timeline.viewedStep, -1);
  EXPECT_FALSE(back->running);
  EXPECT_TRUE(back->fake == fake40) << "the live run is untouched by viewing";
  EXPECT_EQ(s.checkpointAt(40)->state, state40);
  // Scrubbing back pauses a playing run; Live plays it again.
  s.setRunning(true);
  auto paused = apply(s, s.viewCheckpoint(10));
  EXPECT_FALSE(paused->running);
  EXPECT_EQ(paused->step, 10);
  const long long liveStep = s.checkpointAt(1 << 30)->step;
  EXPECT_EQ(apply(s, s.viewCheckpoint(20))->step, 20);
  EXPECT_EQ(s.checkpointAt(1 << 30)->step, liveStep) << "nothing trains while viewing";
  auto resumed = apply(s, s.viewLive());
  EXPECT_TRUE(resumed->running);
  EXPECT_GE(resumed->step, 40);
  s.setRunning(false);
  Session fresh(small());  // (a scrub to a missing step is an error, not a crash)
  EXPECT_NE(apply(fresh, fresh.viewCheckpoint(-5))->error.find("no checkpoint"), std::string::npos);
  EXPECT_NE(apply(fresh, fresh.branchFromViewed())->error.find("no checkpoint is being viewed"), std::string::npos);
}

TEST(SessionTimeline, BranchingEqualsRestoringTheCheckpointAndTrainingOn) {
  omp_set_num_threads(1);  // the reference trains on this thread, as the session does on its own
  Session s(small());
  apply(s, s.setTimelineInterval(10));
  steps(s, 40);
  const std::string old30 = s.checkpointAt(30)->state;
  apply(s, s.viewCheckpoint(27));
  const std::shared_ptr<const Checkpoint> at20 = s.checkpointAt(20);
  ASSERT_EQ(at20->step, 20);
  // The current settings (changed while looking at the past) apply to the branch.
  Config changed = s.config();
  changed.g.lr *= 3;
  changed.d.lr *= 0.5;
  auto cs = apply(s, s.setConfig(changed));
  EXPECT_EQ(cs->timeline.viewedStep, 20) << "a settings change keeps the view";
  auto br = apply(s, s.branchFromViewed());
  EXPECT_EQ(br->step, 20) << "the step continues from the checkpoint's";
  EXPECT_EQ(br->timeline.viewedStep, -1);
  EXPECT_TRUE(hasMark(br->timeline, 20, MarkKind::Branch));
  EXPECT_EQ(br->timeline.steps, (std::vector<long long>{0, 10, 20})) << "the abandoned future is forgotten";
  EXPECT_NE(br->notice.find("continued from iteration 20"), std::string::npos) << br->notice;
  auto after = steps(s, 10);
  ASSERT_EQ(after->step, 30);

  Trainer<float> ref(*at20->config);
  ref.loadState(at20->state);
  ref.applyConfig(changed);
  for (int i = 0; i < 10; ++i) ref.iterate();
  ASSERT_TRUE(s.checkpointAt(30));
  EXPECT_TRUE(s.checkpointAt(30)->state == ref.saveState()) << "branch + 10 iterations != restore + 10 iterations";
  EXPECT_FALSE(s.checkpointAt(30)->state == old30);
  // Without the current settings the numbers differ (so the test can tell).
  Trainer<float> stale(*at20->config);
  stale.loadState(at20->state);
  for (int i = 0; i < 10; ++i) stale.iterate();
  EXPECT_FALSE(stale.saveState() == ref.saveState());

  // The curves keep the rows up to the branch and continue with the new ones.
  const History& h = *after->history;
  ASSERT_GT(h.size(), 0u);
  EXPECT_EQ(h.steps().back(), 30);
  const Series* d = h.find("d_loss");
  ASSERT_TRUE(d);
  size_t at30 = 0, rows21to30 = 0;
  for (size_t i = 0; i < h.size(); ++i) {
    if (h.steps()[i] == 30 && std::isfinite(d->values[i])) at30 = i;
    if (h.steps()[i] > 20 && std::isfinite(d->values[i])) ++rows21to30;
  }
  EXPECT_FLOAT_EQ(d->values[at30], float(ref.diagnostics().dLoss)) << "the last row is the branch's";
  EXPECT_EQ(rows21to30, 10u) << "one row per branch iteration, none from the abandoned 21..40";
  EXPECT_TRUE(hasMark(after->timeline, 20, MarkKind::Branch));
}

TEST(SessionTimeline, MarksOnObjectiveAndDataChangesAndHistorySurvivesThem) {
  Session s(small());
  apply(s, s.setTimelineInterval(10));
  steps(s, 20);
  Config c = s.config();
  c.objective = "wgan-gp";
  apply(s, s.setConfig(c));
  steps(s, 10);
  c.data.name = "grid25";
  apply(s, s.setConfig(c));
  auto snap = steps(s, 10);
  ASSERT_EQ(snap->step, 40);
  EXPECT_TRUE(hasMark(snap->timeline, 20, MarkKind::ObjectiveChange));
  EXPECT_TRUE(hasMark(snap->timeline, 30, MarkKind::DataChange));
  EXPECT_EQ(snap->timeline.steps, (std::vector<long long>{0, 10, 20, 30, 40})) << "history survives the changes";
  // Each checkpoint restores with the config it was taken under.
  auto v10 = apply(s, s.viewCheckpoint(10));
  EXPECT_EQ(v10->step, 10);
  EXPECT_EQ(v10->config.objective, "non-saturating");
  EXPECT_EQ(v10->modes.size(), 8u) << "ring8 before the data change";
  auto v30 = apply(s, s.viewCheckpoint(30));
  EXPECT_EQ(v30->config.objective, "wgan-gp");
  EXPECT_EQ(v30->modes.size(), 8u) << "taken after iteration 30, before the data changed";
  EXPECT_EQ(apply(s, s.viewCheckpoint(40))->modes.size(), 25u);
  auto live = apply(s, s.viewLive());
  EXPECT_EQ(live->step, 40);
  EXPECT_EQ(live->config.data.name, "grid25");
  // Branching back before both changes runs the current settings from there: marks say so.
  apply(s, s.viewCheckpoint(10));
  auto br = apply(s, s.branchFromViewed());
  EXPECT_EQ(br->config.objective, "wgan-gp");
  EXPECT_TRUE(hasMark(br->timeline, 10, MarkKind::Branch));
  EXPECT_TRUE(hasMark(br->timeline, 10, MarkKind::ObjectiveChange));
  EXPECT_TRUE(hasMark(br->timeline, 10, MarkKind::DataChange));
  EXPECT_FALSE(hasMark(br->timeline, 30, MarkKind::DataChange)) << "marks of the abandoned future go";
  // A reset starts a new timeline at 0 with its mark.
  auto r = apply(s, s.reset());
  EXPECT_EQ(r->timeline.steps, (std::vector<long long>{0}));
  ASSERT_EQ(r->timeline.marks.size(), 1u);
  EXPECT_EQ(r->timeline.marks[0].kind, MarkKind::Reset);
}

}  // namespace
}  // namespace gs
