// Session: background training, commands between iterations, snapshots for the views.
#include <gtest/gtest.h>
#include "SmallConfig.h"

#include <chrono>
#include <cmath>
#include <thread>

#include "data/Datasets.h"
#include "objectives/Registry.h"
#include "train/Session.h"
#include "util/Rng.h"

namespace gs {
namespace {

Config small(const std::string& data = "ring8", const std::string& objective = "non-saturating") {
  return smallConfig(data, objective);
}

TEST(Session, FirstSnapshotExistsAndIsComplete) {
  Session s(small());
  auto snap = s.latest();
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->step, 0);
  EXPECT_EQ(snap->dim, 2);
  EXPECT_EQ(snap->criticField.nx, 32);
  EXPECT_EQ(snap->criticField.values.size(), 32u * 32u);
  EXPECT_EQ(snap->fake.cols(), snap->real.cols());
  EXPECT_EQ(snap->push.cols(), snap->fake.cols());
  EXPECT_EQ(snap->modes.size(), 8u);
  EXPECT_FALSE(snap->pData.empty());
  EXPECT_FALSE(snap->qKde.empty());
  EXPECT_FALSE(snap->dStar.empty());
  EXPECT_FALSE(snap->manifold.empty());
  EXPECT_FALSE(snap->verdict.empty());
}

TEST(Session, RunsInBackgroundAndPublishes) {
  Session s(small());
  s.setRunning(true);
  auto snap = s.waitFor(50, 0, 30.0);
  ASSERT_GE(snap->step, 50);
  EXPECT_TRUE(snap->running);
  ASSERT_TRUE(snap->history);
  EXPECT_TRUE(snap->history->find("d_loss"));
  EXPECT_GT(snap->history->size(), 0u);
  s.setRunning(false);
}

TEST(Session, StepCommandsAdvanceExactly) {
  Session s(small());
  s.stepIteration();
  auto snap = s.waitForCommand(s.stepIteration(), 10.0);
  EXPECT_EQ(snap->step, 2);
  // A single critic update does not complete an iteration.
  auto after = s.waitForCommand(s.stepCritic(), 10.0);
  EXPECT_EQ(after->step, 2);
  EXPECT_NE(after->subStepLabel.find("Discriminator"), std::string::npos);
}

TEST(Session, BadConfigShowsErrorAndKeepsRunning) {
  Session s(small());
  Config bad = small();
  bad.objectiveParams["bogus"] = 1;
  s.setConfig(bad);
  auto snap = s.waitForCommand(s.stepIteration(), 10.0);
  EXPECT_EQ(snap->step, 1);
  EXPECT_NE(snap->error.find("bogus"), std::string::npos) << snap->error;
  EXPECT_EQ(snap->config.objective, "non-saturating");
}

TEST(Session, SwapObjectiveLiveAndEnergyViewHasLangevinParticles) {
  Session s(small());
  Config c = small();
  c.objective = "ebgan";
  s.setConfig(c);
  auto snap = s.waitForCommand(s.stepIteration(), 10.0);
  EXPECT_EQ(snap->config.objective, "ebgan");
  EXPECT_NE(snap->notice.find("fresh discriminator"), std::string::npos) << snap->notice;
  EXPECT_EQ(snap->objective.output, OutputKind::Energy);
  EXPECT_GT(snap->langevin.cols(), 0);
}

TEST(Session, OneDimensionalDataGivesLineFields) {
  Config c = small("gauss1d");
  c.latentDim = 1;
  Session s(c);
  auto snap = s.latest();
  EXPECT_EQ(snap->dim, 1);
  EXPECT_EQ(snap->criticField.ny, 1);
  EXPECT_FALSE(snap->dStar.empty());
  EXPECT_FALSE(snap->pData.empty());
}

TEST(Session, SwitchingTo1dDataLiveRebuildsBothNetworks) {
  Session s(small());
  s.stepIteration();
  Config c = small("gauss1d");
  s.setConfig(c);
  auto snap = s.waitForCommand(s.stepIteration(), 10.0);
  EXPECT_EQ(snap->step, 2);
  EXPECT_EQ(snap->dim, 1);
  EXPECT_EQ(snap->fake.rows(), 1);
  EXPECT_EQ(snap->criticField.ny, 1);
  EXPECT_NE(snap->notice.find("rebuilt"), std::string::npos) << snap->notice;
  EXPECT_TRUE(snap->error.empty()) << snap->error;
}

// A lecturer clicking around: random live changes of objective, data, shapes, batch and latent
// size while training runs. Nothing may crash, and each change must show in the first snapshot
// that reports its command applied.
TEST(Session, SurvivesRandomLiveChangesWhileRunning) {
  Session s(small());
  s.setRunning(true);
  Rng rng(7);
  const auto objectives = objectiveNames();
  const std::vector<std::string> datasets = {"ring8", "gauss1d", "grid25", "mix3-1d", "moons", "biased-mixture"};
  long long version = 0;
  for (int k = 0; k < 40; ++k) {
    Config c = s.config();
    switch (rng.below(6)) {
      case 0:
        c.objective = objectives[rng.below(objectives.size())], c.objectiveParams.clear();
        break;
      case 1:
        c.data.name = datasets[rng.below(datasets.size())];
        break;
      case 2:
        c.d.width = int(4 + rng.below(40)), c.g.depth = int(rng.below(4));
        break;
      case 3:
        c.batch = int(2 + rng.below(100));
        break;
      case 4:
        c.latentDim = int(1 + rng.below(8)), c.latentDist = rng.below(2) ? "uniform" : "gaussian";
        break;
      case 5: {
        auto r = s.waitForCommand(s.reset(), 10.0);
        EXPECT_NE(r->notice.find("reset"), std::string::npos) << "change " << k << ": " << r->notice;
        break;
      }
    }
    long long seq = s.setConfig(c);
    if (k % 7 == 0) seq = s.stepCritic();
    auto snap = s.waitForCommand(seq, 10.0);
    ASSERT_GE(snap->appliedCommand, seq) << "change " << k << " never took effect";
    ASSERT_GT(snap->version, version) << "no snapshot after change " << k;
    version = snap->version;
    EXPECT_TRUE(snap->error.empty()) << "change " << k << ": " << snap->error;
    EXPECT_EQ(snap->config.objective, c.objective) << "change " << k;
    EXPECT_EQ(snap->config.data.name, c.data.name) << "change " << k;
    EXPECT_EQ(snap->config.d.width, c.d.width) << "change " << k;
    EXPECT_EQ(snap->config.g.depth, c.g.depth) << "change " << k;
    EXPECT_EQ(snap->config.batch, c.batch) << "change " << k;
    EXPECT_EQ(snap->config.latentDim, c.latentDim) << "change " << k;
    EXPECT_EQ(snap->config.latentDist, c.latentDist) << "change " << k;
    EXPECT_EQ(snap->fake.rows(), snap->dim) << "change " << k;
    std::this_thread::sleep_for(std::chrono::milliseconds(40));  // let it train on this config
  }
  const long long stop = s.setRunning(false);
  auto last = s.waitForCommand(stop, 10.0);
  EXPECT_FALSE(last->running);
  EXPECT_EQ(last->fake.rows(), last->dim);
  EXPECT_EQ(last->real.rows(), last->dim);
}

// Command numbers: each command's number is echoed once it has taken effect, in order.
TEST(Session, CommandNumbersAreEchoedOnceApplied) {
  Session s(small());
  EXPECT_EQ(s.latest()->appliedCommand, 0);
  const long long a = s.stepIteration();
  const long long b = s.stepIteration();
  EXPECT_GT(b, a);
  auto snap = s.waitForCommand(b, 10.0);
  ASSERT_GE(snap->appliedCommand, b);
  EXPECT_EQ(snap->step, 2);  // both steps are in the snapshot that reports the second
  EXPECT_EQ(snap->backend, "cpu");
  Config c = small();
  c.batch = 17;
  snap = s.waitForCommand(s.setConfig(c), 10.0);
  EXPECT_EQ(snap->config.batch, 17);
  Config bad = small();
  bad.objectiveParams["bogus"] = 1;
  snap = s.waitForCommand(s.setConfig(bad), 10.0);  // a rejected command is applied too: its error shows
  EXPECT_NE(snap->error.find("bogus"), std::string::npos) << snap->error;
  EXPECT_EQ(snap->config.batch, 17);
}

TEST(Session, ResetClearsHistoryAndStep) {
  Session s(small());
  for (int i = 0; i < 4; ++i) s.stepIteration();
  auto snap = s.waitForCommand(s.stepIteration(), 10.0);
  ASSERT_EQ(snap->step, 5);
  s.reset();
  auto after = s.waitForCommand(s.stepIteration(), 10.0);
  EXPECT_EQ(after->step, 1);
}

// Reset while training: the curves start again at once. Rows of the old run must not reach the
// new run's history (they used to, and their later steps hid the new run's curves).
TEST(Session, ResetWhileRunningRestartsTheCurves) {
  Session s(small());
  s.setRunning(true);
  auto snap = s.waitFor(1500, 0, 60.0);
  ASSERT_GE(snap->step, 1500);
  s.setSpeedLimit(200);  // the new run advances at a pace the checks below can follow
  s.reset();
  std::shared_ptr<const Snapshot> after = snap;
  bool newRun = false;
  for (int i = 0; i < 400 && !newRun; ++i) {
    after = s.waitFor(0, after->version, 2.0);
    newRun = after->step > 20 && after->step < 1000 && after->history && after->history->size() > 5;
  }
  s.setRunning(false);
  ASSERT_TRUE(newRun) << "no snapshot of the new run with curves";
  const auto& steps = after->history->steps();
  EXPECT_LE(steps.front(), after->step);  // the new run's own first rows, not the old run's
  // Diagnostics rows can run a little ahead of the published step, never by a whole old run.
  EXPECT_LT(steps.back(), after->step + 500);
  long long previous = -1;
  for (long long st : steps) {
    EXPECT_GE(st + 50, previous) << "history steps jump back: rows of two runs are mixed";
    previous = std::max(previous, st);
  }
}

// A single critic-only or generator-only step is a row of the curves too (it used to change
// the header's numbers only), and its caption names what moved.
TEST(Session, SingleStepsReachTheCurves) {
  Session s(small());
  auto snap = s.waitForCommand(s.stepIteration(), 10.0);
  ASSERT_TRUE(snap && snap->history);
  const size_t before = snap->history->size();
  snap = s.waitForCommand(s.stepCritic(), 10.0);
  ASSERT_TRUE(snap && snap->history);
  EXPECT_GT(snap->history->size(), before) << "a D-only step added no row to the curves";
  EXPECT_NE(snap->subStepLabel.find("Discriminator step"), std::string::npos) << snap->subStepLabel;
  const size_t afterD = snap->history->size();
  snap = s.waitForCommand(s.stepGenerator(), 10.0);
  ASSERT_TRUE(snap && snap->history);
  EXPECT_GT(snap->history->size(), afterD) << "a G-only step added no row to the curves";
  EXPECT_NE(snap->subStepLabel.find("Generator step"), std::string::npos) << snap->subStepLabel;
  // Training on clears the single-step caption.
  s.setRunning(true);
  auto later = s.waitFor(snap->step + 20, snap->version, 20.0);
  for (int i = 0; i < 50 && later && !later->subStepLabel.empty(); ++i) later = s.waitFor(0, later->version, 1.0);
  s.setRunning(false);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->subStepLabel, "") << "the caption outlived its step";
}

// Captions speak the objective's language: an energy is pushed down on data and the fakes
// move down it; a WGAN critic only ranks (no "p/(p+q)").
TEST(Session, StepCaptionsFollowTheObjectivesOutputKind) {
  Session energy(small("ring8", "ebgan"));
  auto snap = energy.waitForCommand(energy.stepGenerator(), 10.0);
  ASSERT_TRUE(snap);
  EXPECT_NE(snap->subStepLabel.find("down the energy"), std::string::npos) << snap->subStepLabel;
  Session critic(small("ring8", "wgan-gp"));
  snap = critic.waitForCommand(critic.stepCritic(), 10.0);
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->subStepLabel.find("p/(p+q)"), std::string::npos) << snap->subStepLabel;
  EXPECT_NE(snap->subStepLabel.find("critic"), std::string::npos) << snap->subStepLabel;
}

// The curves end where the snapshot is: the last row of the history is the snapshot's own step
// and diagnostics, so the legend and the header never show two different states.
TEST(Session, CurvesEndAtTheSnapshotsOwnNumbers) {
  Session s(small());
  s.setRunning(true);
  auto snap = s.waitFor(300, 0, 30.0);
  for (int i = 0; i < 5; ++i) snap = s.waitFor(0, snap->version, 2.0);
  s.setRunning(false);
  ASSERT_TRUE(snap && snap->history && snap->history->size() > 0);
  EXPECT_EQ(snap->history->steps().back(), snap->step);
  const Series* d = snap->history->find("d_loss");
  ASSERT_TRUE(d);
  // The last recorded d_loss (a metrics row at the same step has none), as the legend reads it.
  float last = NAN;
  for (size_t i = d->values.size(); i-- > 0 && std::isnan(last);) last = d->values[i];
  EXPECT_FLOAT_EQ(last, float(snap->diagnostics.dLoss));
}

}  // namespace
}  // namespace gs
