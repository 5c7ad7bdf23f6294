// Saved sessions: Trainer::saveState / loadState continue a run bit for bit (networks, Adam and
// RMSProp moments, BEGAN's k_t, MAGAN's margin schedule, MIX+GAN's mixture weights, the RNG and
// the counters), and a state that is damaged or belongs to another config is refused with a
// message naming the reason, leaving the trainer untouched.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "RunGanscope.h"
#include "ConfigErrorOf.h"
#include "SmallConfig.h"
#include "TestFiles.h"
#include "train/SessionFile.h"
#include "train/Trainer.h"

namespace gs::test {
namespace {

struct Case {
  const char* name;
  Config config;
};

// BEGAN with k_t moving from the first iterations (the defaults keep it at 0 for a while, and
// a state that lost k_t would go unnoticed).
Config beganConfig() {
  Config c = smallConfig("ring8", "began");
  c.objectiveParams["gamma"] = 1.0;
  c.objectiveParams["lambda_k"] = 0.05;
  return c;
}

std::vector<Case> cases() {
  std::vector<Case> out;
  out.push_back({"began", beganConfig()});
  Config mix = smallConfig("ring8", "mixgan");
  mix.objectiveParams["components"] = 3;
  out.push_back({"mixgan", mix});
  Config magan = smallConfig("ring8", "magan");
  magan.objectiveParams["epoch_iters"] = 7;  // the margin schedule crosses epochs on both sides of the cut
  out.push_back({"magan", magan});
  Config gp = smallConfig("ring8", "wgan-gp");  // Adam moments, GP interpolation weights from the RNG
  gp.dSteps = 3;
  out.push_back({"wgan-gp", gp});
  Config rms = smallConfig("spiral", "non-saturating");
  rms.g.optimizer = rms.d.optimizer = "rmsprop";
  rms.instanceNoise = 0.1;
  out.push_back({"rmsprop", rms});
  out.push_back({"loss-sensitive", smallConfig("ring8", "loss-sensitive")});
  return out;
}

template <class S>
void expectSameRun(Trainer<S>& a, Trainer<S>& b) {
  ASSERT_EQ(a.step(), b.step());
  ASSERT_EQ(a.components(), b.components());
  for (int i = 0; i < a.components(); ++i) {
    ASSERT_EQ(a.generator(i).numParams(), b.generator(i).numParams());
    EXPECT_EQ(0, std::memcmp(a.generator(i).params(), b.generator(i).params(),
                             sizeof(S) * size_t(a.generator(i).numParams())))
        << "generator " << i;
    ASSERT_EQ(a.critic(i).numParams(), b.critic(i).numParams());
    EXPECT_EQ(0, std::memcmp(a.critic(i).params().data(), b.critic(i).params().data(),
                             sizeof(S) * size_t(a.critic(i).numParams())))
        << "critic " << i;
  }
  const auto wa = a.mixtureWeightsG(), wb = b.mixtureWeightsG();
  ASSERT_EQ(wa.size(), wb.size());
  EXPECT_EQ(0, std::memcmp(wa.data(), wb.data(), sizeof(double) * wa.size()));
  const auto da = a.diagnostics().named(), db = b.diagnostics().named();
  ASSERT_EQ(da.size(), db.size());
  for (size_t k = 0; k < da.size(); ++k) {
    EXPECT_EQ(da[k].first, db[k].first);
    EXPECT_EQ(0, std::memcmp(&da[k].second, &db[k].second, sizeof(double))) << da[k].first;
  }
  // Everything else that evolves (moments, RNG, objective state, counters) is in the bytes.
  EXPECT_TRUE(a.saveState() == b.saveState());
}

template <class S>
void checkResume(const Config& c, int n, int m) {
  Trainer<S> straight(c);
  for (int k = 0; k < n + m; ++k) straight.iterate();

  Trainer<S> first(c);
  for (int k = 0; k < n; ++k) first.iterate();
  const std::string state = first.saveState();
  Trainer<S> resumed(c);
  resumed.loadState(state);
  EXPECT_EQ(resumed.step(), n);
  EXPECT_TRUE(resumed.saveState() == state);
  for (int k = 0; k < m; ++k) resumed.iterate();
  ASSERT_FALSE(straight.diverged()) << straight.divergenceMessage();
  expectSameRun(straight, resumed);
}

TEST(TrainerState, ResumingGivesTheUninterruptedRunBitForBit) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    checkResume<float>(c.config, 23, 17);
  }
}

TEST(TrainerState, DoubleTrainerAndSingleStepsResumeToo) {
  const Config c = beganConfig();
  checkResume<double>(c, 9, 8);
  // A state captured between a critic and a generator step (GUI single steps) also continues.
  Trainer<float> straight(c), first(c);
  for (int k = 0; k < 5; ++k) straight.iterate(), first.iterate();
  straight.criticStep();
  first.criticStep();
  Trainer<float> resumed(c);
  resumed.loadState(first.saveState());
  straight.generatorStep();
  straight.finishIteration();
  resumed.generatorStep();
  resumed.finishIteration();
  expectSameRun(straight, resumed);
}

TEST(TrainerState, BeganKeepsItsEquilibriumTerm) {
  // k_t must travel with the state: a resumed run whose k_t restarted at 0 would differ.
  Trainer<float> t(beganConfig());
  for (int k = 0; k < 30; ++k) t.iterate();
  double kt = 0;
  for (auto& [name, v] : t.diagnostics().state)
    if (name == "k_t") kt = v;
  ASSERT_GT(kt, 0.0);
  ASSERT_LT(kt, 1.0);
  Trainer<float> r(t.config());
  r.loadState(t.saveState());
  double kr = -1;
  r.iterate();
  t.iterate();
  for (auto& [name, v] : r.diagnostics().state)
    if (name == "k_t") kr = v;
  for (auto& [name, v] : t.diagnostics().state)
    if (name == "k_t") kt = v;
  EXPECT_EQ(kr, kt);
}

TEST(TrainerState, DamagedStatesAreRefusedAndChangeNothing) {
  Config c = smallConfig("ring8", "began");
  Trainer<float> source(c);
  for (int k = 0; k < 4; ++k) source.iterate();
  const std::string state = source.saveState();

  Trainer<float> target(c);
  target.iterate();
  const std::string before = target.saveState();
  for (size_t len : {size_t(0), size_t(3), size_t(9), state.size() / 3, state.size() / 2, state.size() - 1}) {
    SCOPED_TRACE(len);
    const std::string msg = errorOf([&] { target.loadState(state.substr(0, len)); });
    EXPECT_NE(msg.find("trainer state"), std::string::npos) << msg;
    EXPECT_TRUE(target.saveState() == before);
  }
  EXPECT_NE(errorOf([&] { target.loadState(state + "x"); }).find("unexpected byte"), std::string::npos);
  std::string wrongMagic = state;
  wrongMagic[0] ^= 0x20;
  EXPECT_NE(errorOf([&] { target.loadState(wrongMagic); }).find("not a ganscope trainer state"), std::string::npos);
  std::string newer = state;
  newer[4] = 7;
  EXPECT_NE(errorOf([&] { target.loadState(newer); }).find("version 7 is newer"), std::string::npos);
  EXPECT_TRUE(target.saveState() == before);
}

TEST(TrainerState, AStateForAnotherConfigIsRefusedNamingTheMismatch) {
  Config c = smallConfig("ring8", "began");
  Trainer<float> source(c);
  source.iterate();
  const std::string state = source.saveState();

  Config wider = c;
  wider.g.width = 24;
  Trainer<float> a(wider);
  const std::string before = a.saveState();
  std::string msg = errorOf([&] { a.loadState(state); });
  EXPECT_NE(msg.find("generator 0"), std::string::npos) << msg;
  EXPECT_NE(msg.find("g.width"), std::string::npos) << msg;
  EXPECT_TRUE(a.saveState() == before);

  Config criticWider = c;
  criticWider.d.width = 24;
  Trainer<float> b(criticWider);
  msg = errorOf([&] { b.loadState(state); });
  EXPECT_NE(msg.find("discriminator 0"), std::string::npos) << msg;

  Trainer<float> other(smallConfig("ring8", "ebgan"));
  msg = errorOf([&] { other.loadState(state); });
  EXPECT_NE(msg.find("objective: the state is for 'began'"), std::string::npos) << msg;

  Config sgd = c;
  sgd.g.optimizer = "sgd";
  Trainer<float> s(sgd);
  msg = errorOf([&] { s.loadState(state); });
  EXPECT_NE(msg.find("g.optimizer"), std::string::npos) << msg;

  Trainer<double> d(c);
  msg = errorOf([&] { d.loadState(state); });
  EXPECT_NE(msg.find("float"), std::string::npos) << msg;

  Config mix = smallConfig("ring8", "mixgan");
  mix.objectiveParams["components"] = 2;
  Trainer<float> m2(mix);
  mix.objectiveParams["components"] = 3;
  Trainer<float> m3(mix);
  msg = errorOf([&] { m3.loadState(m2.saveState()); });
  EXPECT_NE(msg.find("objective.components"), std::string::npos) << msg;
}

// ---- session files ----

SessionData sessionAfter(const Config& c, int n, Trainer<float>& t) {
  SessionData d;
  d.config = c;
  d.presetName = "test-preset";
  for (int k = 0; k < n; ++k) {
    t.iterate();
    d.history.append(t.step(), t.diagnostics().named());
  }
  d.trainerState = t.saveState();
  return d;
}

using gs::test::scratchDir;

// Opens a session like the CLI and the window do and trains m more iterations.
void expectResumeFrom(const SessionData& opened, const Config& c, int n, int m) {
  EXPECT_EQ(configToJson(opened.config), configToJson(c));
  EXPECT_EQ(opened.presetName, "test-preset");
  EXPECT_EQ(opened.history.size(), size_t(n));
  Trainer<float> straight(c);
  for (int k = 0; k < n + m; ++k) straight.iterate();
  Trainer<float> resumed(opened.config);
  resumed.loadState(opened.trainerState);
  for (int k = 0; k < m; ++k) resumed.iterate();
  expectSameRun(straight, resumed);
}

TEST(SessionFile, EncodeDecodeResumesBitForBit) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    Trainer<float> t(c.config);
    const SessionData d = sessionAfter(c.config, 15, t);
    const SessionData back = decodeSession(encodeSession(d), "mem");
    EXPECT_TRUE(back.history == d.history);
    EXPECT_TRUE(back.trainerState == d.trainerState);
    expectResumeFrom(back, c.config, 15, 12);
  }
}

TEST(SessionFile, AFileOnDiskResumesBitForBit) {
  const auto dir = scratchDir("session_file_disk");
  const Config c = beganConfig();
  Trainer<float> t(c);
  const SessionData d = sessionAfter(c, 20, t);
  const std::string path = (dir / "run.gsession").string();
  writeSessionFile(path, d);
  EXPECT_FALSE(std::filesystem::exists(dir / ".tmp-run.gsession"));
  const SessionData back = readSessionFile(path);
  EXPECT_TRUE(back.history == d.history);
  expectResumeFrom(back, c, 20, 10);
  // Overwriting keeps the file whole; a write that cannot happen leaves nothing behind.
  writeSessionFile(path, d);
  EXPECT_TRUE(readSessionFile(path).trainerState == d.trainerState);
  const std::string bad = (dir / "no-such-dir" / "x.gsession").string();
  EXPECT_NE(errorOf([&] { writeSessionFile(bad, d); }).find("no-such-dir"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(bad));
  EXPECT_EQ(errorOf([&] { readSessionFile(bad); }), bad + ": no such file");
  EXPECT_EQ(errorOf([&] { readSessionFile(dir.string()); }), dir.string() + ": it is a directory");
}

TEST(SessionFile, DamagedFilesAreRefusedNamingTheFileAndTheReason) {
  const Config c = beganConfig();
  Trainer<float> t(c);
  const std::string bytes = encodeSession(sessionAfter(c, 6, t));
  const size_t n = bytes.size();
  const std::string src = "/some/dir/run.gsession";
  auto error = [&](const std::string& b) { return errorOf([&] { decodeSession(b, src); }); };

  EXPECT_EQ(error(""), src + ": empty file: not a ganscope session");
  for (size_t len : {size_t(5), size_t(17), size_t(20), size_t(29), size_t(40), n / 2, n - 4, n - 1}) {
    SCOPED_TRACE(len);
    const std::string msg = error(bytes.substr(0, len));
    EXPECT_EQ(msg.rfind(src + ": truncated (" + std::to_string(len) + " of ", 0), 0u) << msg;
  }
  EXPECT_EQ(error(bytes.substr(0, 40)), src + ": truncated (40 of " + std::to_string(n) + " bytes)");
  // Flipped bytes in the payload or the checksum itself.
  for (size_t pos : {size_t(29), size_t(40), n / 3, n / 2, n - 20, n - 5, n - 1}) {
    SCOPED_TRACE(pos);
    std::string b = bytes;
    b[pos] ^= 0x10;
    EXPECT_EQ(error(b), src + ": checksum mismatch: the file is corrupt");
  }
  // A flipped byte anywhere is refused, never crashes.
  for (size_t pos = 0; pos < 29; ++pos) {
    std::string b = bytes;
    b[pos] ^= 0x04;
    EXPECT_EQ(error(b).rfind(src + ": ", 0), 0u) << pos;
  }
  EXPECT_EQ(error(bytes + "zz"), src + ": 2 unexpected byte(s) after the end: the file is corrupt");
  EXPECT_EQ(error("PNG\x89 not a session at all, but long enough to have a header"), src + ": not a ganscope session");
  std::string magic = bytes;
  magic[0] = 'g';
  EXPECT_EQ(error(magic), src + ": not a ganscope session");
  std::string newer = bytes;
  newer[17] = 7;
  EXPECT_EQ(error(newer), src + ": format version 7 is newer than this ganscope (reads 1)");
}

TEST(SessionFile, DamagedFilesOnDiskAreRefusedNamingThePath) {
  const auto dir = scratchDir("session_file_damaged");
  const Config c = smallConfig();
  Trainer<float> t(c);
  const std::string bytes = encodeSession(sessionAfter(c, 3, t));
  const std::string path = (dir / "cut.gsession").string();
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 7);
  EXPECT_EQ(errorOf([&] { readSessionFile(path); }), path + ": truncated (" + std::to_string(bytes.size() - 7) +
                                                         " of " + std::to_string(bytes.size()) + " bytes)");
}

TEST(SessionFile, AStateForAnotherConfigIsRefused) {
  // A session whose config was edited to another hidden width no longer fits its trainer state.
  Config c = smallConfig("ring8", "began");
  Trainer<float> t(c);
  SessionData d = sessionAfter(c, 3, t);
  d.config.g.width = 32;
  const SessionData back = decodeSession(encodeSession(d), "edited.gsession");
  Trainer<float> other(back.config);
  const std::string msg = errorOf([&] { other.loadState(back.trainerState); });
  EXPECT_NE(msg.find("g.width"), std::string::npos) << msg;
}

// ---- the CLI: train --save-session, train --resume ----

const std::string kSmallRun =
    "--preset began-ring8 --set g.width=32 --set d.width=32 --set train.batch=64 --set eval.samples=300 "
    "--eval-every 20 -q";

TEST(SessionCli, ResumingGivesTheNumbersOfOneUninterruptedRun) {
  const auto dir = scratchDir("session_cli");
  const std::string q = "'" + dir.string();
  CliResult r = runGanscope("train " + kSmallRun + " --steps 80 --out " + q + "/straight'", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  r = runGanscope("train " + kSmallRun + " --steps 40 --out " + q + "/first' --save-session " + q + "/run.gsession'",
                  dir);
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(std::filesystem::exists(dir / "run.gsession"));
  r = runGanscope("train --resume " + q + "/run.gsession' --steps 40 --eval-every 20 -q --out " + q + "/second'", dir);
  ASSERT_EQ(r.code, 0) << r.err;

  const auto straight = nlohmann::json::parse(readFile(dir / "straight" / "summary.json"));
  const auto second = nlohmann::json::parse(readFile(dir / "second" / "summary.json"));
  EXPECT_EQ(second["step"], 80);
  EXPECT_EQ(second["resumed_from"]["step"], 40);
  EXPECT_EQ(second["preset"], "began-ring8");
  for (const char* key : {"final", "state", "metrics", "config", "step"}) EXPECT_EQ(second[key], straight[key]) << key;
  // metrics.csv continues the numbering: rows 60 and 80, as the second half of the straight run.
  const std::string csv = readFile(dir / "second" / "metrics.csv");
  const std::string straightCsv = readFile(dir / "straight" / "metrics.csv");
  const size_t firstRow = csv.find('\n') + 1;
  EXPECT_EQ(csv.substr(firstRow, 3), "60,");
  EXPECT_NE(straightCsv.find(csv.substr(firstRow)), std::string::npos) << csv << "\nvs\n" << straightCsv;

  // The curves of the whole run travel in the session: a second save holds steps 20..80.
  r = runGanscope("train --resume " + q + "/run.gsession' --steps 40 --eval-every 20 -q --out " + q +
                      "/third' --save-session " + q + "/run2.gsession'",
                  dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const SessionData again = readSessionFile((dir / "run2.gsession").string());
  EXPECT_EQ(again.history.steps(), (std::vector<long long>{20, 40, 60, 80}));
  EXPECT_NE(again.history.find("k_t"), nullptr);
  EXPECT_NE(again.history.find("sw1"), nullptr);  // 2-D data: the sliced W1
}

TEST(SessionCli, BadSessionInputExitsTwoAndWritesNothing) {
  const auto dir = scratchDir("session_cli_errors");
  const std::string q = "'" + dir.string();
  CliResult r =
      runGanscope("train " + kSmallRun + " --steps 3 --out " + q + "/a' --save-session " + q + "/ok.gsession'", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  std::string bytes = readFile(dir / "ok.gsession");
  bytes[bytes.size() / 2] ^= 0x01;
  std::ofstream(dir / "flipped.gsession", std::ios::binary) << bytes;
  std::ofstream(dir / "cut.gsession", std::ios::binary) << bytes.substr(0, 100);

  struct Case {
    std::string args, mustName;
  };
  const std::vector<Case> cases = {
      {"--resume " + q + "/flipped.gsession'", "flipped.gsession: checksum mismatch: the file is corrupt"},
      {"--resume " + q + "/cut.gsession'", "cut.gsession: truncated (100 of "},
      {"--resume " + q + "/none.gsession'", "none.gsession: no such file"},
      {"--resume " + q + "/ok.gsession' --preset began-ring8", "--preset and --config cannot be given"},
      {"--resume " + q + "/ok.gsession' --seed 3", "--seed cannot be given with --resume"},
      {"--resume " + q + "/ok.gsession' --set g.widht=3", "g.widht"},
      {"--resume " + q + "/ok.gsession' --set objective.gamma=7", "objective.gamma"},
      {kSmallRun + " --save-session " + q + "/no/such/x.gsession'", "does not exist"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    r = runGanscope("train " + c.args + " --steps 3 --out " + q + "/out'", dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find(c.mustName), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out"));
  }
  // The window refuses a bad session before it opens (no display needed to see that).
  for (const Case& c : std::vector<Case>{
           {"--session " + q + "/flipped.gsession'", "flipped.gsession: checksum mismatch: the file is corrupt"},
           {"--session " + q + "/cut.gsession'", "cut.gsession: truncated (100 of "},
           {"--session " + q + "/ok.gsession' --preset began-ring8", "--session takes the config from the session"}}) {
    SCOPED_TRACE(c.args);
    r = runGanscope(c.args + " --quit-after 1", dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find(c.mustName), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace gs::test
