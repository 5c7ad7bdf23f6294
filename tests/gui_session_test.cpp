// Saved sessions from the window, headless: Ctrl+S opens the dialog with the default path,
// its Save button writes the session and the path joins the recent list; Ctrl+O proposes the
// most recent file and its Open button brings back the saved step and parameters; a damaged
// file shows the banner with the reason and the current run is kept.
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "SmallConfig.h"
#include "TestFiles.h"
#include "gui/App.h"
#include "gui/TestProbe.h"
#include "gui/Theme.h"
#include "gui/panels/SessionDialog.h"
#include "train/Session.h"
#include "train/SessionFile.h"

namespace gs {
namespace {

namespace fs = std::filesystem;

using gs::test::readFile;

// A Session and the window's App on a backend-less ImGui context, probed every frame.
struct Harness {
  Session session;
  GuiFonts fonts;
  std::unique_ptr<App> app;
  std::string probePath;
  std::unique_ptr<TestProbe> probe;
  double t = 0;

  Harness(const Config& c, const fs::path& dir) : session(c) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 900);
    io.DeltaTime = 1.0f / 60;
    fonts = loadFonts(io, 20);
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    applyTheme(20);
    app = std::make_unique<App>(session, fonts, "", /*withGl=*/false);
    probePath = (dir / "probe.json").string();
    probe = std::make_unique<TestProbe>(probePath);
    bindProbe(probe.get());
  }
  ~Harness() {
    bindProbe(nullptr);
    app.reset();
    ImGui::DestroyContext();
  }
  void tick() {
    ImGui::NewFrame();
    probe->beginFrame();
    app->frame();
    ImGui::Render();
    t += 1.0;  // the probe writes at most every 50 ms of this clock
    probe->endFrame(t);
  }
  nlohmann::json state() { return nlohmann::json::parse(readFile(probePath)); }
  void ctrlKey(char key) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    io.KeysDown[int(key)] = true;
    tick();
    io.KeysDown[int(key)] = false;
    io.KeyCtrl = false;
    tick();
  }
  // Hover, press and release on a probed widget.
  void click(const std::string& id) {
    const nlohmann::json w = state()["widgets"][id];
    ASSERT_TRUE(w.is_object()) << "no widget " << id;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(w["x"].get<float>() + w["w"].get<float>() / 2, w["y"].get<float>() + w["h"].get<float>() / 2);
    tick();
    io.MouseDown[0] = true;
    tick();
    io.MouseDown[0] = false;
    tick();
  }
  std::shared_ptr<const Snapshot> waitUntil(const std::function<bool(const Snapshot&)>& pred) {
    auto snap = session.latest();
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!pred(*snap) && std::chrono::steady_clock::now() < end) {
      snap = session.waitFor(0, snap->version, 0.2);
      tick();
    }
    tick();
    tick();
    return session.latest();
  }
};

void steps(Session& s, int n) {
  long long seq = 0;
  for (int i = 0; i < n; ++i) seq = s.stepIteration();
  s.waitForCommand(seq, 20.0);
}

TEST(GuiSession, SaveWithCtrlSOpenWithCtrlOAndABadFileKeepsTheRun) {
  const fs::path dir = gs::test::scratchDir();
  fs::create_directories(dir / "home");
  setenv("HOME", (dir / "home").c_str(), 1);
  setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);

  Harness h(smallConfig("ring8", "began"), dir);
  steps(h.session, 7);
  h.tick();
  h.tick();

  // Ctrl+S: the dialog proposes ~/ganscope-sessions/session-step7.gsession.
  h.ctrlKey('S');
  const std::string path = (dir / "home" / "ganscope-sessions" / "session-step7.gsession").string();
  nlohmann::json st = h.state();
  ASSERT_TRUE(st["widgets"].contains("session.path")) << "Ctrl+S opened no dialog";
  EXPECT_EQ(st["widgets"]["session.path"]["value"], path);
  h.click("session.go");
  auto snap = h.waitUntil([&](const Snapshot& s) { return s.notice == "saved session " + path || !s.error.empty(); });
  ASSERT_EQ(snap->notice, "saved session " + path) << snap->error;
  ASSERT_TRUE(fs::exists(path));
  EXPECT_FALSE(h.state()["widgets"].contains("session.path")) << "the dialog stayed open";
  EXPECT_EQ(loadRecentSessions(), std::vector<std::string>{path});
  EXPECT_EQ(recentSessionsFile(), (dir / "config" / "ganscope" / "recent.json").string());
  const SessionData saved = readSessionFile(path);

  // Train on, then Ctrl+O: the recent file is proposed and listed; Open brings back step 7.
  steps(h.session, 4);
  h.tick();
  h.ctrlKey('O');
  st = h.state();
  EXPECT_EQ(st["widgets"]["session.path"]["value"], path);
  EXPECT_EQ(st["widgets"]["session.recent0"]["value"], path);
  h.click("session.go");
  snap = h.waitUntil([&](const Snapshot& s) { return s.notice.rfind("opened session " + path, 0) == 0; });
  EXPECT_EQ(snap->notice, "opened session " + path + " at iteration 7");
  EXPECT_EQ(snap->step, 7);
  EXPECT_EQ(h.state()["step"], 7);
  // The same parameters (and everything else): saving the opened run gives the same state.
  const std::string again = (dir / "again.gsession").string();
  h.session.saveSession(again);
  snap = h.waitUntil([&](const Snapshot& s) { return s.notice == "saved session " + again || !s.error.empty(); });
  ASSERT_TRUE(fs::exists(again)) << snap->error;
  EXPECT_TRUE(readSessionFile(again).trainerState == saved.trainerState) << "the opened run is not the saved one";

  // A damaged file, proposed from the recent list: the banner names it and why; the run stays.
  std::string bytes = readFile(path);
  bytes[bytes.size() / 3] ^= 0x08;
  const std::string bad = (dir / "damaged.gsession").string();
  std::ofstream(bad, std::ios::binary) << bytes;
  ASSERT_EQ(addRecentSession(bad), "");
  steps(h.session, 2);
  h.ctrlKey('O');
  EXPECT_EQ(h.state()["widgets"]["session.path"]["value"], bad);
  h.click("session.go");
  snap = h.waitUntil([&](const Snapshot& s) { return !s.error.empty(); });
  EXPECT_EQ(snap->error, bad + ": checksum mismatch: the file is corrupt");
  EXPECT_EQ(snap->step, 9);
  EXPECT_EQ(h.state()["banner"], "Rejected: " + bad + ": checksum mismatch: the file is corrupt");
  EXPECT_EQ(loadRecentSessions().front(), bad);  // put there by the test, not by the failed open
}

TEST(GuiSession, RecentFilesKeepTheNewestEightWithoutDuplicates) {
  const fs::path dir = gs::test::scratchDir();
  setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  EXPECT_TRUE(loadRecentSessions().empty());
  for (int i = 0; i < 10; ++i) ASSERT_EQ(addRecentSession("/s/" + std::to_string(i)), "");
  addRecentSession("/s/5");
  const std::vector<std::string> list = loadRecentSessions();
  EXPECT_EQ(list, (std::vector<std::string>{"/s/5", "/s/9", "/s/8", "/s/7", "/s/6", "/s/4", "/s/3", "/s/2"}));
  EXPECT_FALSE(fs::exists(dir / "ganscope" / ".tmp-recent.json"));
  std::ofstream(dir / "ganscope" / "recent.json") << "{ not json";
  EXPECT_TRUE(loadRecentSessions().empty());  // a damaged list is ignored, never fatal
  setenv("HOME", "/home/lecturer", 1);
  EXPECT_EQ(defaultSessionPath("wgan-gp-ring8", 1500),
            "/home/lecturer/ganscope-sessions/wgan-gp-ring8-step1500.gsession");
  EXPECT_EQ(defaultSessionPath("", 3), "/home/lecturer/ganscope-sessions/session-step3.gsession");
}

}  // namespace
}  // namespace gs
