// GUI panels and views, headless: a Dear ImGui context without any backend ticks every
// window for several frames against real Snapshots from a training Session, and each view
// draws into a Canvas. No window, no GL: this runs everywhere, display or not.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include "SmallConfig.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "backend/CudaBackend.h"
#include "config/Settings.h"
#include "gui/App.h"
#include "gui/Canvas.h"
#include "gui/Colormap.h"
#include "gui/TestProbe.h"
#include "gui/Theme.h"
#include "gui/views/Plot.h"
#include "objectives/Registry.h"
#include "train/Session.h"

namespace {

gs::Config smallConfig(const std::string& data, const std::string& objective) {
  gs::Config c = gs::smallConfig(data, objective, 32);
  c.evalSamples = 400;
  c.seed = 3;
  return c;
}

// Owns an ImGui context with fonts, as a backend-less "window".
struct HeadlessImGui {
  gs::GuiFonts fonts;
  explicit HeadlessImGui(ImVec2 size = ImVec2(1600, 900)) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = size;
    io.DeltaTime = 1.0f / 60;
    fonts = gs::loadFonts(io, 20);
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    gs::applyTheme(20);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
};

// A Session and the window's App on a headless ImGui context; tick() is one frame.
struct HeadlessApp {
  gs::Session session;
  HeadlessImGui ui;
  gs::App app;
  explicit HeadlessApp(const gs::Config& c) : session(c), app(session, ui.fonts, "", /*withGl=*/false) {}
  void tick() {
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
  }
};

std::shared_ptr<const gs::Snapshot> trainedSnapshot(gs::Session& s, long long steps) {
  s.setRunning(true);
  auto snap = s.waitFor(steps, 0, 30.0);
  s.setRunning(false);
  // One more publication so fields and metrics computed after the last step are in.
  return s.waitFor(steps, snap->version, 5.0);
}

class GuiPanels : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(GuiPanels, TickEveryWindowAndViewAgainstARealSnapshot) {
  const auto [data, objective] = GetParam();
  gs::Session session(smallConfig(data, objective));
  auto snap = trainedSnapshot(session, 3);
  ASSERT_GE(snap->step, 3) << "training did not reach 3 iterations in time";

  HeadlessImGui ui;
  gs::App app(session, ui.fonts, "", /*withGl=*/false);
  int vertices = 0;
  for (int frame = 0; frame < 6; ++frame) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(700.0f + frame * 10, 400);  // hover over the data view: read-outs
    io.KeysDown['H'] = frame == 2;                   // help overlay on ...
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  EXPECT_GT(vertices, 1000) << "the windows drew almost nothing";
  EXPECT_TRUE(app.helpVisible()) << "H should open the help overlay";

  // Each view, alone, at an export-like size, draws real content.
  gs::Canvas canvas(ImGui::GetIO().Fonts, ui.fonts.regular, ui.fonts.large);
  const gs::Snapshot& s = app.snapshot();
  for (gs::View* v : app.views()) {
    canvas.begin(1280, 720, 24);
    v->render(gs::ViewInput{s, {}, ImVec2(640, 360)}, canvas);
    EXPECT_GT(canvas.draw().VtxBuffer.Size, 100) << v->name() << " drew almost nothing";
  }
  // The 2-D data view puts the critic heat map in as a field layer.
  if (s.dim == 2 && !s.criticField.empty()) {
    gs::DataView dv;
    canvas.begin(800, 800, 20);
    dv.render(gs::ViewInput{s, {}, {}}, canvas);
    EXPECT_EQ(canvas.fields().size(), 1u);
  }
}

TEST(GuiBanner, ARejectedCommandShowsTheErrorBanner) {
  HeadlessApp h(smallConfig("ring8", "non-saturating"));
  gs::Session& session = h.session;
  auto tick = [&] { h.tick(); };
  tick();
  gs::Config bad = session.config();
  bad.data.name = "csv";
  bad.data.path = "/nonexistent/points.csv";
  const long long before = session.latest()->version;
  session.setConfig(bad);
  std::shared_ptr<const gs::Snapshot> snap;
  // Wait for newer and newer snapshots: one published before the command ran has no error yet.
  for (int i = 0; i < 50 && (!snap || snap->error.empty()); ++i)
    snap = session.waitFor(0, snap ? snap->version : before, 0.2);
  ASSERT_FALSE(snap->error.empty()) << "the session did not reject a missing CSV file";
  tick();
  tick();
  ImGuiWindow* banner = ImGui::FindWindowByName("##banner");
  ASSERT_NE(banner, nullptr);
  EXPECT_TRUE(banner->Active || banner->WasActive) << "no banner for: " << snap->error;
}

// A notice ("reset: fresh networks") floats over the main view: no window moves, so the next
// click lands where the user aimed (it used to push everything down by the banner's height).
TEST(GuiBanner, ANoticeDoesNotMoveTheLayout) {
  HeadlessApp h(smallConfig("ring8", "non-saturating"));
  gs::Session& session = h.session;
  auto tick = [&] { h.tick(); };
  tick();
  tick();
  ImGuiWindow* controls = ImGui::FindWindowByName("Controls");
  ASSERT_NE(controls, nullptr);
  const ImVec2 before = controls->Pos, sizeBefore = controls->Size;
  const long long v0 = session.latest()->version;
  session.reset();
  std::shared_ptr<const gs::Snapshot> snap;
  for (int i = 0; i < 50 && (!snap || snap->notice.empty()); ++i)
    snap = session.waitFor(0, snap ? snap->version : v0, 0.2);
  ASSERT_FALSE(snap->notice.empty());
  tick();
  tick();
  ImGuiWindow* banner = ImGui::FindWindowByName("##banner");
  ASSERT_NE(banner, nullptr);
  EXPECT_TRUE(banner->Active || banner->WasActive);
  EXPECT_EQ(controls->Pos.x, before.x);
  EXPECT_EQ(controls->Pos.y, before.y);
  EXPECT_EQ(controls->Size.y, sizeBefore.y);
  // A notice is not a failure: no Reset button on it (the probe lists the banner's widgets).
  std::filesystem::create_directories(GANSCOPE_TEST_TMP);
  const std::string path = std::string(GANSCOPE_TEST_TMP) + "/probe-banner.json";
  gs::TestProbe probe(path);
  gs::bindProbe(&probe);
  probe.beginFrame();
  tick();
  probe.endFrame(1.0);
  gs::bindProbe(nullptr);
  std::ifstream in(path);
  const nlohmann::json state = nlohmann::json::parse(in);
  EXPECT_TRUE(state["widgets"].contains("banner.Dismiss")) << state["widgets"].dump();
  EXPECT_FALSE(state["widgets"].contains("banner.Reset"));
  EXPECT_EQ(state["banner"], snap->notice);
}

// The window with the test probe on and the Training section open, on a display tall enough
// for every control; click() presses and releases the mouse at a point, as a person would.
struct ProbedApp : HeadlessApp {
  std::string path;
  gs::TestProbe probe;
  double t = 0;
  explicit ProbedApp(const gs::Config& c, const std::string& name)
      : HeadlessApp(c), path(std::string(GANSCOPE_TEST_TMP) + "/probe-" + name + ".json"), probe(path) {
    gs::bindProbe(&probe);
    ImGui::GetIO().DisplaySize = ImVec2(1600, 3000);
  }
  ~ProbedApp() { gs::bindProbe(nullptr); }
  void frame() {
    ImGui::NewFrame();
    if (ImGuiWindow* w = ImGui::FindWindowByName("Controls")) w->StateStorage.SetInt(w->GetID("Training"), 1);
    probe.beginFrame();
    app.frame();
    ImGui::Render();
    probe.endFrame(t += 1.0);  // the probe writes at most every 50 ms of this clock
  }
  nlohmann::json state() {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
  }
  void click(float x, float y) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
  }
  // Ticks frames until the snapshot satisfies pred (or 20 s pass); the last snapshot seen.
  template <class Pred>
  std::shared_ptr<const gs::Snapshot> until(Pred pred) {
    auto snap = session.latest();
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!pred(*snap) && std::chrono::steady_clock::now() < end) {
      snap = session.waitFor(0, snap->version, 0.1);
      frame();
    }
    frame();
    frame();
    return snap;
  }
};

// The x at which a click on an integer slider (ImGui 1.86's SliderBehavior: 2 px grab padding,
// one grab per unit when it fits) sets `value`: the middle of that value's span.
float sliderX(const nlohmann::json& w, int value) {
  const int lo = w["min"], hi = w["max"];
  const float pad = 2.0f, size = w["w"].get<float>() - 2 * pad;
  const float grab = std::min(size, std::max(size / float(hi - lo + 1), ImGui::GetStyle().GrabMinSize));
  return w["x"].get<float>() + pad + grab / 2 + (size - grab) * float(value - lo) / float(hi - lo);
}

// The Training section's compute row: threads set on its slider reach the training thread
// between iterations, the snapshot and the status bar say so, and the same run trains on (no
// restart: the step never goes back, the curves keep their start).
TEST(GuiCompute, ThreadsFromThePanelReachTheSnapshotAndTrainingGoesOn) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core: the threads slider is fixed at 1";
  std::filesystem::create_directories(GANSCOPE_TEST_TMP);
  ProbedApp h(smallConfig("ring8", "non-saturating"), "compute-threads");
  h.session.setRunning(true);
  auto snap = h.until([](const gs::Snapshot& s) { return s.step >= 5 && s.history && s.history->size() > 0; });
  ASSERT_GE(snap->step, 5) << "no training";
  nlohmann::json st = h.state();
  const nlohmann::json slider = st["widgets"]["controls.training.threads"];
  ASSERT_TRUE(slider.is_object()) << "no threads control in the Training section";
  EXPECT_EQ(slider["value"], 1);
  EXPECT_EQ(slider["min"], 1);
  EXPECT_EQ(slider["max"], int(std::thread::hardware_concurrency()));
  EXPECT_FALSE(slider["disabled"].get<bool>());
  EXPECT_TRUE(slider["visible"].get<bool>());
  EXPECT_EQ(st["compute"]["label"], "backend cpu · 1 thread");
  const long long before = snap->step, firstRow = snap->history->steps().front();
  const std::string noticeBefore = snap->notice;

  h.click(sliderX(slider, 2), slider["y"].get<float>() + slider["h"].get<float>() / 2);
  long long lowest = before;
  snap = h.until([&](const gs::Snapshot& s) {
    lowest = std::min(lowest, s.step);
    return s.threads == 2;
  });
  ASSERT_EQ(snap->threads, 2) << "the slider's 2 did not reach the training thread (error: " << snap->error << ")";
  EXPECT_EQ(snap->backend, "cpu");
  EXPECT_TRUE(snap->error.empty()) << snap->error;
  EXPECT_EQ(snap->notice, noticeBefore) << "a change of threads is not a rebuild or a reset";
  EXPECT_EQ(h.state()["compute"]["label"], "backend cpu · 2 threads");
  EXPECT_EQ(h.state()["widgets"]["controls.training.threads"]["value"], 2);

  // Training goes on from where it was, on the same run.
  const long long at2 = snap->step;
  snap = h.until([&](const gs::Snapshot& s) {
    lowest = std::min(lowest, s.step);
    return s.step >= at2 + 5;
  });
  EXPECT_GE(snap->step, at2 + 5) << "training stopped after the change";
  EXPECT_TRUE(snap->running);
  EXPECT_EQ(snap->threads, 2);
  EXPECT_GE(lowest, before) << "the run restarted";
  ASSERT_TRUE(snap->history && snap->history->size() > 0);
  EXPECT_EQ(snap->history->steps().front(), firstRow) << "the curves restarted";
}

// No CUDA device here: the cuda entry is offered disabled with the reason as its tooltip, and
// asking for it anyway (the command the entry posts) shows the banner while the CPU trains on.
TEST(GuiCompute, CudaWithoutADeviceShowsTheBannerAndKeepsTheCpu) {
  const std::string why = gs::cudaUnavailableReason();
  if (why.empty()) GTEST_SKIP() << "a CUDA device is usable here";
  std::filesystem::create_directories(GANSCOPE_TEST_TMP);
  ProbedApp h(smallConfig("ring8", "non-saturating"), "compute-cuda");
  h.session.setRunning(true);
  h.until([](const gs::Snapshot& s) { return s.step >= 3; });
  nlohmann::json combo = h.state()["widgets"]["controls.training.backend"];
  ASSERT_TRUE(combo.is_object()) << "no backend control in the Training section";
  EXPECT_EQ(combo["value"], "cpu");
  h.click(combo["x"].get<float>() + combo["w"].get<float>() / 2, combo["y"].get<float>() + combo["h"].get<float>() / 2);
  h.frame();  // a new popup is laid out hidden in its first frame
  const nlohmann::json cuda = h.state()["widgets"]["controls.training.backend.cuda"];
  ASSERT_TRUE(cuda.is_object()) << "the backend list shows no cuda entry";
  EXPECT_TRUE(cuda["disabled"].get<bool>());
  EXPECT_EQ(cuda["tooltip"], why);
  // Clicking the disabled entry posts nothing.
  const long long posted = h.session.latest()->appliedCommand;
  h.click(cuda["x"].get<float>() + cuda["w"].get<float>() / 2, cuda["y"].get<float>() + cuda["h"].get<float>() / 2);
  EXPECT_EQ(h.session.latest()->appliedCommand, posted);
  EXPECT_EQ(h.session.latest()->backend, "cpu");

  const long long seq = h.session.setCompute("cuda", 1);
  auto snap = h.session.waitForCommand(seq, 10.0);
  ASSERT_GE(snap->appliedCommand, seq);
  EXPECT_EQ(snap->error, "--backend cuda: " + why);
  EXPECT_EQ(snap->backend, "cpu");
  EXPECT_EQ(snap->threads, 1);
  const long long at = snap->step;
  snap = h.until([&](const gs::Snapshot& s) { return s.step >= at + 5; });
  EXPECT_GE(snap->step, at + 5) << "training stopped after the rejected backend";
  EXPECT_TRUE(snap->running);
  const nlohmann::json st = h.state();
  EXPECT_EQ(st["banner"], "Rejected: --backend cuda: " + why);
  EXPECT_EQ(st["compute"]["label"], "backend cpu · 1 thread");
}

// Every string the program draws from the engine (objective titles, formulas, parameter help,
// preset titles and notes) must be covered by the glyph ranges the fonts are built with, and
// the font must have each glyph: otherwise ImGui draws "?" (it did for ||x-G(z)||₁ and [.]⁺).
TEST(GuiFonts, EveryShownCharacterHasAGlyph) {
  HeadlessImGui ui;
  std::vector<std::string> texts;
  for (const std::string& name : gs::objectiveNames()) {
    auto o = gs::makeObjective(name);
    texts.push_back(o->info().title);
    texts.push_back(o->info().formula);
    for (const auto& p : o->params()) texts.push_back(p.help);
  }
  for (const gs::PresetInfo& p : gs::listPresets()) {
    texts.push_back(p.title);
    texts.push_back(p.note);
  }
  const ImWchar* ranges = gs::fontGlyphRanges();
  auto inRanges = [&](unsigned c) {
    for (const ImWchar* r = ranges; r[0]; r += 2)
      if (c >= r[0] && c <= r[1]) return true;
    return false;
  };
  ImFont* font = ui.fonts.regular;
  const bool dejavu = font->ConfigData && std::string(font->ConfigData->Name).find("DejaVu") != std::string::npos;
  for (const std::string& t : texts) {
    const char* s = t.c_str();
    const char* end = s + t.size();
    while (s < end) {
      unsigned int c = 0;
      s += ImTextCharFromUtf8(&c, s, end);
      if (c < 0x20) continue;
      EXPECT_TRUE(inRanges(c)) << "U+" << std::hex << c << " is outside the font ranges, in: " << t;
      if (dejavu)
        EXPECT_NE(font->FindGlyphNoFallback(ImWchar(c)), nullptr) << "no glyph for U+" << std::hex << c << " in: " << t;
    }
  }
}

// Every control bound to a config key offers exactly the key's declared range and choices
// (the schema in core/config/Settings.cpp): the GUI can neither reject a valid value nor offer
// an invalid one. All sections are opened and the probe lists what each widget enforces.
TEST(GuiSettings, EveryControlUsesItsKeysDeclaredRange) {
  gs::Config c = smallConfig("ring8", "ebgan");  // auto-encoder critic: code dim is shown too
  gs::Session session(c);
  HeadlessImGui ui;
  gs::App app(session, ui.fonts, "", /*withGl=*/false);
  std::filesystem::create_directories(GANSCOPE_TEST_TMP);
  const std::string path = std::string(GANSCOPE_TEST_TMP) + "/probe-settings.json";
  gs::TestProbe probe(path);
  gs::bindProbe(&probe);
  // A tall display, so no section is scrolled out of the panel.
  ImGui::GetIO().DisplaySize = ImVec2(1600, 4000);
  for (int i = 0; i < 6; ++i) {
    ImGui::NewFrame();
    if (ImGuiWindow* w = ImGui::FindWindowByName("Controls"))
      for (const char* h : {"Training", "Architecture", "Display"}) w->StateStorage.SetInt(w->GetID(h), 1);
    probe.beginFrame();
    app.frame();
    ImGui::Render();
    probe.endFrame(double(i));
  }
  gs::bindProbe(nullptr);
  std::ifstream in(path);
  const nlohmann::json state = nlohmann::json::parse(in);
  std::set<std::string> keys;
  for (const auto& [id, w] : state["widgets"].items()) {
    if (!w.contains("setting")) continue;
    const std::string key = w["setting"];
    keys.insert(key);
    const gs::SettingSpec& spec = gs::settingSpec(key);
    if (w.contains("min")) {
      EXPECT_EQ(w["min"].get<double>(), spec.min) << id << " (" << key << ")";
      EXPECT_EQ(w["max"].get<double>(), spec.max) << id << " (" << key << ")";
    }
    if (w.contains("choices")) EXPECT_EQ(w["choices"].get<std::vector<std::string>>(), spec.choices) << id;
  }
  for (const char* k : {"d.lr", "g.lr", "d.beta1", "g.depth", "d.width", "d.code_dim", "latent.dim", "latent.dist",
                        "train.batch", "train.d_steps", "train.g_steps", "data.scale", "reg.r1_gamma", "d.optimizer"})
    EXPECT_TRUE(keys.count(k)) << k << " has no control bound to its declaration";
}

INSTANTIATE_TEST_SUITE_P(Objectives, GuiPanels,
                         ::testing::Values(std::make_pair("ring8", "non-saturating"),
                                           std::make_pair("mix2-1d", "minimax"), std::make_pair("ring8", "wgan-gp"),
                                           std::make_pair("ring8", "ebgan")));

TEST(GuiColormap, DivergingIsNeutralAtOneHalfAndSymmetricInLightness) {
  auto lum = [](ImVec4 c) { return 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z; };
  const float mid = lum(gs::colormap(gs::ColorScale::Diverging, 0.5f));
  EXPECT_LT(mid, lum(gs::colormap(gs::ColorScale::Diverging, 0.1f)));
  EXPECT_LT(mid, lum(gs::colormap(gs::ColorScale::Diverging, 0.9f)));
  // A flat D = 1/2 must be one colour whatever tiny noise it has.
  ImVec4 a = gs::colormap(gs::ColorScale::Diverging, 0.499f), b = gs::colormap(gs::ColorScale::Diverging, 0.501f);
  EXPECT_NEAR(a.x, b.x, 0.01f);
  EXPECT_NEAR(a.y, b.y, 0.01f);
  EXPECT_NEAR(a.z, b.z, 0.01f);
}

TEST(GuiColormap, ViridisGetsLighterMonotonically) {
  auto lum = [](ImVec4 c) { return 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z; };
  float prev = -1;
  for (int i = 0; i <= 20; ++i) {
    const float l = lum(gs::colormap(gs::ColorScale::Sequential, i / 20.0f));
    EXPECT_GT(l, prev) << "at t = " << i / 20.0f;
    prev = l;
  }
}

TEST(GuiPlot, NiceTicksCoverTheRangeWithRoundSteps) {
  auto t = gs::niceTicks(-1.3, 2.7, 5);
  ASSERT_GE(t.size(), 3u);
  EXPECT_GE(t.front(), -1.3);
  EXPECT_LE(t.back(), 2.7);
  const double step = t[1] - t[0];
  for (size_t i = 1; i < t.size(); ++i) EXPECT_NEAR(t[i] - t[i - 1], step, 1e-9);
}

}  // namespace
