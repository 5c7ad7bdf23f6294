// The threaded Session saves and opens session files: the state it saves is the state of the
// same number of plain Trainer iterations (bit for bit), an opened session trains on as if it
// had never stopped and its curves come along, and a bad file or path is refused in
// Snapshot::error with the current run kept.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "SmallConfig.h"
#include "TestFiles.h"
#include "train/Session.h"
#include "train/SessionFile.h"
#include "train/Trainer.h"

namespace gs {
namespace {

namespace fs = std::filesystem;

using gs::test::scratchDir;

Config beganConfig() {
  Config c = smallConfig("ring8", "began");
  c.objectiveParams["gamma"] = 1.0;  // k_t moves from the first iterations
  c.objectiveParams["lambda_k"] = 0.05;
  return c;
}

// The newest snapshot once `pred` holds (or the last one after the timeout).
std::shared_ptr<const Snapshot> waitUntil(Session& s, const std::function<bool(const Snapshot&)>& pred,
                                          double timeout = 20.0) {
  auto snap = s.latest();
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
  while (!pred(*snap) && std::chrono::steady_clock::now() < end) snap = s.waitFor(0, snap->version, 0.2);
  return snap;
}

std::string stateAfter(const Config& c, int iterations) {
  Trainer<float> t(c);
  for (int i = 0; i < iterations; ++i) t.iterate();
  return t.saveState();
}

void steps(Session& s, int n) {
  long long seq = 0;
  for (int i = 0; i < n; ++i) seq = s.stepIteration();
  ASSERT_EQ(s.waitForCommand(seq, 20.0)->appliedCommand, seq);
}

std::shared_ptr<const Snapshot> save(Session& s, const std::string& path) {
  s.saveSession(path, "began-ring8");
  return waitUntil(s, [&](const Snapshot& x) { return x.notice == "saved session " + path || !x.error.empty(); });
}

TEST(SessionSave, SavedStateIsThePlainTrainersAndOpeningTrainsOn) {
  const fs::path dir = scratchDir("session_save");
  const Config c = beganConfig();
  const std::string path = (dir / "a.gsession").string();
  {
    Session s(c);
    steps(s, 12);
    auto snap = save(s, path);
    ASSERT_EQ(snap->notice, "saved session " + path) << snap->error;
  }
  const SessionData data = readSessionFile(path);
  EXPECT_TRUE(data.trainerState == stateAfter(c, 12)) << "the session saved another state than 12 iterations";
  EXPECT_EQ(data.presetName, "began-ring8");
  ASSERT_GT(data.history.size(), 0u);
  EXPECT_EQ(data.history.steps().back(), 12);
  EXPECT_NE(data.history.find("k_t"), nullptr);

  // Another run opens it: the step, the curves and, after 5 more iterations, the numbers of 17.
  Session s(smallConfig());
  steps(s, 3);
  auto snap = s.waitForCommand(s.openSession(data, path), 20.0);
  EXPECT_TRUE(snap->error.empty()) << snap->error;
  EXPECT_EQ(snap->step, 12);
  EXPECT_FALSE(snap->running);
  EXPECT_EQ(snap->notice, "opened session " + path + " at iteration 12");
  EXPECT_EQ(s.config().objective, "began");
  snap = waitUntil(s, [](const Snapshot& x) { return x.history && x.history->size() > 0; });
  ASSERT_TRUE(snap->history);
  EXPECT_EQ(snap->history->steps().front(), data.history.steps().front()) << "the opened curves were not adopted";
  steps(s, 5);
  const std::string again = (dir / "b.gsession").string();
  snap = save(s, again);
  ASSERT_EQ(snap->notice, "saved session " + again) << snap->error;
  const SessionData b = readSessionFile(again);
  EXPECT_TRUE(b.trainerState == stateAfter(c, 17)) << "opening and training on differs from never stopping";
  EXPECT_EQ(b.history.steps().front(), data.history.steps().front());
  EXPECT_EQ(b.history.steps().back(), 17);
}

TEST(SessionSave, SlowMotionSavesOnceTheIterationIsComplete) {
  const fs::path dir = scratchDir("session_save_slow");
  const Config c = beganConfig();
  Session s(c);
  steps(s, 4);
  s.waitForCommand(s.setSlowMotion(true), 10.0);
  s.waitForCommand(s.stepIteration(), 10.0);  // the critic step of iteration 5
  const std::string path = (dir / "slow.gsession").string();
  auto snap = s.waitForCommand(s.saveSession(path), 10.0);
  EXPECT_FALSE(fs::exists(path)) << "saved in the middle of an iteration";
  s.stepIteration();  // the generator step completes iteration 5, then the save happens
  snap = waitUntil(s, [&](const Snapshot& x) { return x.notice == "saved session " + path || !x.error.empty(); });
  ASSERT_EQ(snap->notice, "saved session " + path) << snap->error;
  EXPECT_TRUE(readSessionFile(path).trainerState == stateAfter(c, 5));
}

TEST(SessionSave, BadFilesAndPathsAreRefusedAndTheRunKept) {
  const fs::path dir = scratchDir("session_save_bad");
  const Config c = beganConfig();
  Session s(c);
  steps(s, 6);
  const std::string path = (dir / "ok.gsession").string();
  ASSERT_EQ(save(s, path)->notice, "saved session " + path);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  bytes[bytes.size() / 2] ^= 0x40;
  const std::string flipped = (dir / "flipped.gsession").string();
  std::ofstream(flipped, std::ios::binary) << bytes;

  steps(s, 2);
  auto snap = s.waitForCommand(s.openSessionFile(flipped), 10.0);
  EXPECT_EQ(snap->error, flipped + ": checksum mismatch: the file is corrupt");
  EXPECT_EQ(snap->step, 8) << "a refused file must keep the current run";
  snap = s.waitForCommand(s.openSessionFile((dir / "none.gsession").string()), 10.0);
  EXPECT_EQ(snap->error, (dir / "none.gsession").string() + ": no such file");

  // A session whose state does not fit its config (edited width) names the file and the mismatch.
  SessionData wrong = readSessionFile(path);
  wrong.config.g.width = 24;
  snap = s.waitForCommand(s.openSession(wrong, "edited.gsession"), 10.0);
  EXPECT_EQ(snap->error.rfind("edited.gsession: ", 0), 0u) << snap->error;
  EXPECT_NE(snap->error.find("g.width"), std::string::npos) << snap->error;
  EXPECT_EQ(snap->step, 8);

  const std::string unwritable = (dir / "no-such-folder" / "x.gsession").string();
  s.saveSession(unwritable);
  snap = waitUntil(s, [](const Snapshot& x) { return x.error.find("no-such-folder") != std::string::npos; });
  EXPECT_NE(snap->error.find("no-such-folder"), std::string::npos) << snap->error;
  EXPECT_FALSE(fs::exists(unwritable));
}

}  // namespace
}  // namespace gs
