// Recording in the window, per K iterations: the recorder pauses free running, paces the
// Session itself and queues one frame after every K iterations through the asynchronous
// encoder. Runs in an EGL surfaceless context (no window needed) against a real Session; the
// frames must equal `ganscope render`'s for the same config, bit for bit.
#include <gtest/gtest.h>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <sys/wait.h>
#include "TestFiles.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "SmallConfig.h"
#include "config/Config.h"
#include "gui/App.h"
#include "gui/FrameComposer.h"
#include "gui/HeadlessGl.h"
#include "gui/Recorder.h"
#include "gui/ViewHost.h"
#include "gui/WindowCapture.h"
#include "gui/WindowRecording.h"
#include "gui/panels/Panel.h"
#include "gui/panels/RecordPanel.h"
#include "train/Session.h"

namespace {

namespace fs = std::filesystem;

using gs::test::readFile;

fs::path scratch(const std::string& name) { return gs::test::scratchDir("record-" + name); }

gs::Config recordConfig() {
  gs::Config c = gs::smallConfig("ring8", "wgan-gp", 16);
  c.seed = 5;
  return c;
}

// Ticks the recorder like the window's frame loop does until its file is written.
std::string recordUntilDone(gs::Recorder& rec, std::string& error) {
  std::string saved;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    rec.tick();
    if (rec.poll(saved, error)) return saved;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  error = "timed out";
  return "";
}

struct Recording : ::testing::Test {
  std::unique_ptr<gs::HeadlessGl> gl;
  void SetUp() override {
    try {
      // The text size `render` uses for the 192-line frames compared below.
      gl = std::make_unique<gs::HeadlessGl>(gs::renderFontPx(192));
    } catch (const std::exception& e) { GTEST_SKIP() << e.what(); }
  }
};

TEST_F(Recording, PerKMakesOneFramePerKIterationsAndPausesTraining) {
  if (std::system("command -v ffprobe >/dev/null 2>&1") != 0) GTEST_SKIP() << "no ffmpeg";
  const auto dir = scratch("mp4");
  gs::Session session(recordConfig());
  gs::ViewHost host(true);
  host.setFonts(gl->fonts());
  gs::Recorder rec(session, host);
  session.waitForCommand(session.setRunning(true), 10.0);
  gs::RecordSettings s;
  s.view = "data";
  s.width = 320;
  s.height = 200;
  s.mode = gs::RecordMode::PerK;
  s.every = 3;
  s.maxFrames = 6;
  s.caption = true;
  s.path = (dir / "talk.mp4").string();
  ASSERT_EQ(rec.start(s, 0, 0), "");
  EXPECT_TRUE(rec.recording());
  const long long paused = session.waitForCommand(session.stepIteration(), 10.0)->step;  // after the pause
  std::string error;
  const std::string saved = recordUntilDone(rec, error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(saved, s.path);
  EXPECT_EQ(rec.frames(), 6);
  EXPECT_EQ(rec.dropped(), 0);
  EXPECT_GE(session.latest()->step, paused + 6 * 3 - 1);
  // The recorder posts setRunning(true) when it stops; wait for the session to apply it.
  for (int i = 0; i < 500 && !session.latest()->running; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(session.latest()->running) << "free running comes back after a per-K recording";
  const std::string cmd =
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=nb_read_frames,width,height -of csv=p=0 '" +
      s.path + "' > '" + (dir / "probe.txt").string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(readFile(dir / "probe.txt"), "320,200,6\n");
  for (auto& e : fs::directory_iterator(dir)) EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u);
}

// The data view and the curves: the recorder's K iterations are one Session command, so the
// curves hold what `render` records (diagnostics every iteration, metrics at each frame).
TEST_F(Recording, PerKFramesEqualRenderOfTheSameConfig) {
  for (const std::string view : {"data", "curves"}) {
    SCOPED_TRACE(view);
    const auto dir = scratch("same-" + view);
    const gs::Config cfg = recordConfig();
    std::ofstream(dir / "config.json") << gs::configToJson(cfg).dump(2);
    {
      gs::Session session(cfg);  // not running: the recorder is the only one to train it
      gs::ViewHost host(true);
      host.setFonts(gl->fonts());
      gs::Recorder rec(session, host);
      gs::RecordSettings s;
      s.view = view;
      s.width = 256;
      s.height = 192;
      s.every = 4;
      s.maxFrames = 3;
      s.path = (dir / "recorded").string();
      ASSERT_EQ(rec.start(s, 0, 0), "");
      std::string error;
      ASSERT_EQ(recordUntilDone(rec, error), s.path) << error;
    }
    const std::string render = "cd '" + dir.string() + "' && env -u DISPLAY '" + GANSCOPE_BIN +
                               "' render --config config.json --steps 12 --every 4 --views " + view +
                               " --size 256x192 -q --out rendered >render.log 2>&1";
    ASSERT_EQ(std::system(render.c_str()), 0) << readFile(dir / "render.log");
    for (const char* name : {"frame-000001.png", "frame-000002.png", "frame-000003.png"}) {
      const std::string a = readFile(dir / "recorded" / name), b = readFile(dir / "rendered" / name);
      ASSERT_FALSE(a.empty()) << name;
      EXPECT_EQ(a, b) << name << ": the recording and `ganscope render` differ";
    }
    EXPECT_NE(readFile(dir / "recorded" / "frame-000001.png"), readFile(dir / "recorded" / "frame-000003.png"))
        << "training did not move the picture";
    EXPECT_FALSE(fs::exists(dir / "recorded" / "frame-000004.png"));
  }
}

TEST_F(Recording, BadPathIsRefusedAndNothingStarts) {
  gs::Session session(recordConfig());
  gs::ViewHost host(true);
  host.setFonts(gl->fonts());
  gs::Recorder rec(session, host);
  gs::RecordSettings s;
  s.path = "/nonexistent-folder/x.mp4";
  const std::string err = rec.start(s, 640, 360);
  EXPECT_NE(err.find("nonexistent-folder"), std::string::npos) << err;
  EXPECT_FALSE(rec.recording());
  s.path = (scratch("bad") / "x.mp4").string();
  s.view = "no-such-view";
  EXPECT_NE(rec.start(s, 640, 360).find("no-such-view"), std::string::npos);
  EXPECT_FALSE(rec.recording());
}

// A PNG's width and height (IHDR), or 0x0.
std::pair<int, int> pngSize(const fs::path& p) {
  const std::string b = readFile(p);
  if (b.size() < 24) return {0, 0};
  auto be = [&](size_t i) {
    return int((uint8_t(b[i]) << 24) | (uint8_t(b[i + 1]) << 16) | (uint8_t(b[i + 2]) << 8) | uint8_t(b[i + 3]));
  };
  return {be(16), be(20)};
}

// Pixels of the REC indicator's red text in the top strip of an RGBA picture.
int recRedPixels(const std::vector<uint8_t>& px, int w, int h) {
  int n = 0;
  for (int y = 0; y < h / 12; ++y)
    for (int x = 0; x < w; ++x) {
      const uint8_t* p = &px[(size_t(y) * w + x) * 4];
      if (p[0] > 200 && p[1] < 100 && p[2] < 90) ++n;
    }
  return n;
}

// The whole window per K, as the window's frame loop does it: the App's Record section starts
// it (F9's path), every frame is built and the due frame captured at the boundary at 2x.
TEST_F(Recording, WholeWindowPerKGivesOneFramePerKAtTwiceTheWindowSizeWithoutTheIndicator) {
  const auto dir = scratch("window");
  ASSERT_TRUE(ImGui_ImplOpenGL3_Init("#version 330 core"));
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = 1.0f / 60;
  {
    gs::Session session(recordConfig());
    gs::App app(session, gl->fonts(), "test", true);
    app.setScripted(true);
    auto uiFrame = [&] {
      io.DisplaySize = ImVec2(480, 270);
      ImGui_ImplOpenGL3_NewFrame();
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
    };
    for (int i = 0; i < 3; ++i) uiFrame();
    auto& rs = app.commands().ui().record;
    ASSERT_TRUE(rs && rs->recorder);
    rs->settings.view = gs::kRecordWindow;
    rs->settings.mode = gs::RecordMode::PerK;
    rs->settings.every = 3;
    rs->settings.maxFrames = 4;
    rs->scaleChoice = 1;  // 2x
    rs->path = (dir / "frames").string();
    gs::Config edited = session.config();
    gs::PanelContext ctx{edited, app.snapshot(), app.commands(), 16};
    gs::toggleRecording(ctx);
    gs::Recorder& rec = *rs->recorder;
    ASSERT_TRUE(rec.recording()) << app.commands().ui().toast;
    EXPECT_EQ(rec.frameWidth(), 960);
    EXPECT_EQ(rec.frameHeight(), 540);

    // While recording, a capture that does not hide the indicator shows it (so the check below can fail).
    int w = 0, h = 0;
    const std::vector<uint8_t> shown = gs::captureWindow(app, 2, w, h);
    EXPECT_GT(recRedPixels(shown, w, h), 20) << "the REC indicator is not where the check looks";

    const std::string wanted = rs->path;
    std::string saved, error;
    // Generous: under ThreadSanitizer and a loaded machine the 2x re-renders take a while.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
    while (std::chrono::steady_clock::now() < deadline) {
      uiFrame();
      gs::takeWindowRecordingFrame(app);
      // The end is reported once: to this poll, or to the Record section's own poll inside the
      // frame, which then shows the saved path (and names the next file).
      if (rec.poll(saved, error)) break;
      if (!rec.recording() && !rec.finishing()) {
        saved = app.commands().ui().lastSaved;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_EQ(error, "");
    EXPECT_EQ(saved, wanted) << app.commands().ui().toast;
    EXPECT_EQ(rec.frames(), 4);
    EXPECT_EQ(session.latest()->step, 12) << "paced: 4 frames of K = 3 iterations, never free running";
  }
  ImGui_ImplOpenGL3_Shutdown();
  int n = 0;
  for (auto& e : fs::directory_iterator(dir / "frames")) {
    ++n;
    EXPECT_EQ(pngSize(e.path()), std::make_pair(960, 540)) << e.path();
  }
  EXPECT_EQ(n, 4);
  if (std::system("command -v ffmpeg >/dev/null 2>&1") != 0) return;  // the indicator check decodes the PNG
  const std::string raw = (dir / "last.rgba").string();
  const std::string cmd = "ffmpeg -v error -y -i '" + (dir / "frames" / "frame-000004.png").string() +
                          "' -f rawvideo -pix_fmt rgba '" + raw + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string bytes = readFile(raw);
  ASSERT_EQ(bytes.size(), size_t(960) * 540 * 4);
  EXPECT_EQ(recRedPixels(std::vector<uint8_t>(bytes.begin(), bytes.end()), 960, 540), 0)
      << "the REC indicator is in the recorded frame";
}

}  // namespace
