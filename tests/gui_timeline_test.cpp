// The timeline strip, headless: a real Session and the window's App on a backend-less ImGui
// context; the pointer drags the scrubber back (the views show that checkpoint, the run pauses)
// and presses Continue from here (the viewed state becomes the run, the branch is marked).
// Widgets are found through the test probe, never by hard-coded pixels.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "SmallConfig.h"
#include "gui/App.h"
#include "gui/TestProbe.h"
#include "gui/Theme.h"
#include "train/Session.h"

namespace {

struct Headless {
  std::string path;
  gs::Session session;
  gs::GuiFonts fonts;
  std::unique_ptr<gs::App> app;
  gs::TestProbe probe;
  double now = 0;
  nlohmann::json state;

  explicit Headless(const gs::Config& c, const std::string& probePath) : path(probePath), session(c), probe(probePath) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 900);
    io.DeltaTime = 1.0f / 60;
    fonts = gs::loadFonts(io, 20);
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    gs::applyTheme(20);
    app = std::make_unique<gs::App>(session, fonts, "", /*withGl=*/false);
    gs::bindProbe(&probe);
  }
  ~Headless() {
    gs::bindProbe(nullptr);
    app.reset();
    ImGui::DestroyContext();
  }
  // One frame; the probe's file is read back after it.
  void tick() {
    ImGui::NewFrame();
    probe.beginFrame();
    app->frame();
    ImGui::Render();
    now += 0.1;
    probe.endFrame(now);
    std::ifstream in(path);
    state = nlohmann::json::parse(in);
  }
  const nlohmann::json& widget(const std::string& id) {
    EXPECT_TRUE(state["widgets"].contains(id)) << "no widget " << id << " in " << state["widgets"].dump();
    return state["widgets"][id];
  }
  ImVec2 centre(const std::string& id) {
    const auto& w = widget(id);
    return ImVec2(w["x"].get<float>() + w["w"].get<float>() / 2, w["y"].get<float>() + w["h"].get<float>() / 2);
  }
  // Ticks until the snapshot satisfies `ok` (the session works on its own threads).
  template <class F>
  bool tickUntil(F ok, int frames = 300) {
    for (int i = 0; i < frames; ++i) {
      tick();
      if (ok(*session.latest())) return true;
      session.waitFor(0, session.latest()->version, 0.05);
    }
    return false;
  }
};

std::string probeFile(const char* name) {
  std::filesystem::create_directories(GANSCOPE_TEST_TMP);
  return std::string(GANSCOPE_TEST_TMP) + "/" + name;
}

TEST(GuiTimeline, DragTheScrubberBackThenContinueFromThere) {
  const std::string path = probeFile("probe-timeline.json");
  Headless h(gs::smallConfig("ring8", "non-saturating", 16), path);
  gs::Session& s = h.session;
  s.waitForCommand(s.setTimelineInterval(5), 10.0);
  long long seq = 0;
  for (int i = 0; i < 40; ++i) seq = s.stepIteration();
  s.waitForCommand(seq, 30.0);
  ASSERT_TRUE(h.tickUntil([](const gs::Snapshot& sn) { return sn.timeline.steps.size() == 9; }));
  h.tick();
  EXPECT_EQ(h.state["timeline"]["viewed_step"], -1);
  EXPECT_EQ(h.state["timeline"]["live_step"], 40);

  // Drag from the live end back to iteration 12 (checkpoint 10), then to 17 (checkpoint 15).
  const auto& sc = h.widget("timeline.scrubber");
  const float tx0 = sc["track"][0].get<float>(), tx1 = sc["track"][1].get<float>();
  const long long s0 = sc["range"][0].get<long long>(), s1 = sc["range"][1].get<long long>();
  EXPECT_EQ(s0, 0);
  EXPECT_EQ(s1, 40);
  const float y = h.centre("timeline.scrubber").y;
  auto xOf = [&](double step) { return tx0 + float(step - double(s0)) / float(s1 - s0) * (tx1 - tx0); };
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(tx1, y);
  io.MouseDown[0] = true;
  h.tick();
  io.MousePos = ImVec2(xOf(12.5), y);
  EXPECT_TRUE(h.tickUntil([](const gs::Snapshot& sn) { return sn.timeline.viewedStep == 10; }))
      << "dragging to iteration 12 shows checkpoint 10";
  io.MousePos = ImVec2(xOf(17.5), y);
  ASSERT_TRUE(h.tickUntil([](const gs::Snapshot& sn) { return sn.timeline.viewedStep == 15; }));
  io.MouseDown[0] = false;
  h.tick();
  auto viewed = s.latest();
  EXPECT_EQ(viewed->step, 15) << "the views show the viewed state";
  EXPECT_FALSE(viewed->running);
  h.tick();
  EXPECT_EQ(h.state["timeline"]["viewed_step"], 15);
  EXPECT_EQ(h.state["step"], 15) << "the header numbers are the viewed state's";
  EXPECT_EQ(s.checkpointAt(1 << 30)->step, 40) << "the live run is still at 40";

  // Continue from here: a click on the button.
  const ImVec2 cont = h.centre("timeline.continue");
  io.MousePos = cont;
  h.tick();
  io.MouseDown[0] = true;
  h.tick();
  io.MouseDown[0] = false;
  ASSERT_TRUE(h.tickUntil([](const gs::Snapshot& sn) {
    return sn.timeline.viewedStep == -1 && std::any_of(sn.timeline.marks.begin(), sn.timeline.marks.end(), [](auto& m) {
             return m.kind == gs::MarkKind::Branch && m.step == 15;
           });
  })) << "Continue did not branch from iteration 15";
  EXPECT_TRUE(h.tickUntil([](const gs::Snapshot& sn) { return sn.running; })) << "Continue trains on";
  s.waitForCommand(s.setRunning(false), 10.0);
  EXPECT_GE(s.latest()->step, 15) << "the step continues from the checkpoint's";
  h.tick();
  EXPECT_EQ(h.state["timeline"]["viewed_step"], -1);
}

}  // namespace
