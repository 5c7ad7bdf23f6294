// Screenshots and the metrics CSV from the window (gui/Exports.h, gui/WindowCapture.h) with real
// OpenGL in a hidden GLFW window: a 2x window or view shot is twice the size and a real re-render
// (not an enlarged 1x picture), names are numbered and never overwrite, the PNG's config opens
// again as the same Config, a damaged config chunk or a PNG without one is refused naming the
// file. Skipped without DISPLAY (./test.sh runs the tests under xvfb-run).
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "SmallConfig.h"
#include "TestFiles.h"
#include "config/Config.h"
#include "config/PngConfig.h"
#include "gui/App.h"
#include "gui/Exports.h"
#include "gui/GlUtil.h"
#include "gui/Theme.h"
#include "gui/WindowCapture.h"
#include "train/MetricsCsv.h"
#include "train/Session.h"
#include "util/Error.h"
#include "util/PngText.h"

namespace {

namespace fs = std::filesystem;

std::string readBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Image {
  int w = 0, h = 0;
  std::vector<uint8_t> rgb;
};

Image loadPng(const std::string& path) {
  Image im;
  int n = 0;
  unsigned char* px = stbi_load(path.c_str(), &im.w, &im.h, &n, 3);
  if (px) im.rgb.assign(px, px + size_t(im.w) * size_t(im.h) * 3);
  stbi_image_free(px);
  return im;
}

Image fromRgba(const std::vector<uint8_t>& rgba, int w, int h) {
  Image im{w, h, {}};
  for (size_t i = 0; i + 3 < rgba.size(); i += 4) im.rgb.insert(im.rgb.end(), {rgba[i], rgba[i + 1], rgba[i + 2]});
  return im;
}

// Fraction of the big picture's pixels that differ from the small one enlarged by pixel
// repetition (nearest neighbour): 0 for an upscale.
double differsFromUpscale(const Image& small, const Image& big, int k) {
  size_t differ = 0;
  for (int y = 0; y < big.h; ++y)
    for (int x = 0; x < big.w; ++x) {
      const uint8_t* a = &big.rgb[(size_t(y) * big.w + x) * 3];
      const uint8_t* b = &small.rgb[(size_t(y / k) * small.w + x / k) * 3];
      differ += std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]) > 24;
    }
  return double(differ) / (double(big.w) * big.h);
}

// Mean absolute difference between the small picture and the big one averaged over k x k
// blocks: small when both show the same layout.
double meanDifferenceAfterDownscale(const Image& small, const Image& big, int k) {
  double sum = 0;
  for (int y = 0; y < small.h; ++y)
    for (int x = 0; x < small.w; ++x)
      for (int c = 0; c < 3; ++c) {
        double v = 0;
        for (int dy = 0; dy < k; ++dy)
          for (int dx = 0; dx < k; ++dx) v += big.rgb[((size_t(y) * k + dy) * big.w + x * k + dx) * 3 + c];
        sum += std::abs(v / (k * k) - small.rgb[(size_t(y) * small.w + x) * 3 + c]);
      }
  return sum / (double(small.w) * small.h * 3);
}

class GuiScreenshot : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY") || !*std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
    ASSERT_TRUE(glfwInit());
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    window_ = glfwCreateWindow(320, 240, "screenshot", nullptr, nullptr);
    ASSERT_NE(window_, nullptr);
    glfwMakeContextCurrent(window_);
    gs::Config cfg = gs::smallConfig("ring8", "wgan-gp", 32);
    cfg.seed = 11;
    session_ = std::make_unique<gs::Session>(cfg);
    session_->setRunning(true);
    auto snap = session_->waitFor(30, 0, 30.0);
    session_->setRunning(false);
    snap = session_->waitFor(30, snap->version, 5.0);
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(960, 540);
    io.DeltaTime = 1.0f / 60;
    gs::GuiFonts fonts = gs::loadFonts(io, 16);
    gs::applyTheme(16);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    ImGui_ImplOpenGL3_CreateFontsTexture();
    app_ = std::make_unique<gs::App>(*session_, fonts, "test-preset", /*withGl=*/true);
    dir_ = gs::test::scratchDir();
    gs::exportState(app_->commands().ui()).folder = dir_.string();
    for (int i = 0; i < 3; ++i) frame();  // the views take their on-screen sizes
  }
  void TearDown() override {
    if (!window_) return;
    app_.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
    session_.reset();
    glfwDestroyWindow(window_);
    glfwTerminate();
  }
  void frame() {
    ImGui::GetIO().DisplaySize = ImVec2(960, 540);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    app_->frame();
    ImGui::Render();
  }
  // The config the PNG carries, read the way `--config shot.png` reads it.
  static nlohmann::json reopened(const std::string& path) {
    return gs::configToJson(gs::configFromJson(gs::loadPngConfig(path)));
  }

  GLFWwindow* window_ = nullptr;
  std::unique_ptr<gs::Session> session_;
  std::unique_ptr<gs::App> app_;
  fs::path dir_;
};

TEST_F(GuiScreenshot, WindowAtTwiceTheSizeIsARealRerenderOfTheSameLayout) {
  int w1 = 0, h1 = 0, w2 = 0, h2 = 0;
  const std::vector<uint8_t> px1 = gs::captureWindow(*app_, 1, w1, h1);
  const std::vector<uint8_t> px2 = gs::captureWindow(*app_, 2, w2, h2);
  const Image one = fromRgba(px1, w1, h1), two = fromRgba(px2, w2, h2);
  ASSERT_EQ(gs::writePngAtomic(dir_.string() + "/look-1x.png", px1, w1, h1), "");
  ASSERT_EQ(gs::writePngAtomic(dir_.string() + "/look-2x.png", px2, w2, h2), "");
  frame();  // the window goes on at its own size afterwards
  EXPECT_EQ(w1, 960);
  EXPECT_EQ(h1, 540);
  EXPECT_EQ(w2, 2 * w1);
  EXPECT_EQ(h2, 2 * h1);
  EXPECT_EQ(app_->commands().ui().fontPx, 16);
  EXPECT_EQ(ImGui::GetIO().DisplaySize.x, 960);
  // Text and lines drawn at 2x put edges inside what would be 2x2 blocks of an upscale...
  const double differ = differsFromUpscale(one, two, 2);
  EXPECT_GT(differ, 0.01) << "the 2x picture looks like the 1x one enlarged";
  // ...while the layout is the window's: averaged back to 1x it is close to the 1x picture.
  const double mean = meanDifferenceAfterDownscale(one, two, 2);
  // (Views choose what fits at their pixel size, e.g. one more curve group at 2x: measured about
  // 14 at 960x540; a picture of another layout or a shifted one is far above 20.)
  EXPECT_LT(mean, 20.0) << "the 2x picture does not show the 1x layout";
  Image shifted = one;  // the measure tells layouts apart: the same picture moved by 24 px
  for (int y = 0; y < h1; ++y)
    for (int x = 0; x < w1; ++x)
      for (int c = 0; c < 3; ++c)
        shifted.rgb[(size_t(y) * w1 + x) * 3 + c] = one.rgb[(size_t(y) * w1 + std::min(w1 - 1, x + 24)) * 3 + c];
  Image shiftedUp{w2, h2, std::vector<uint8_t>(size_t(w2) * h2 * 3)};
  for (int y = 0; y < h2; ++y)
    for (int x = 0; x < w2; ++x)
      for (int c = 0; c < 3; ++c)
        shiftedUp.rgb[(size_t(y) * w2 + x) * 3 + c] = shifted.rgb[(size_t(y / 2) * w1 + x / 2) * 3 + c];
  EXPECT_GT(meanDifferenceAfterDownscale(one, shiftedUp, 2), 20.0);
  // An actual upscale fails the first check (the measure can tell).
  Image up{w2, h2, std::vector<uint8_t>(size_t(w2) * h2 * 3)};
  for (int y = 0; y < h2; ++y)
    for (int x = 0; x < w2; ++x)
      for (int c = 0; c < 3; ++c) up.rgb[(size_t(y) * w2 + x) * 3 + c] = one.rgb[(size_t(y / 2) * w1 + x / 2) * 3 + c];
  EXPECT_EQ(differsFromUpscale(one, up, 2), 0.0);
  // 4x: the largest choice works too (fonts at 64 px, a 3840x2160 framebuffer).
  int w4 = 0, h4 = 0;
  const std::vector<uint8_t> px4 = gs::captureWindow(*app_, 4, w4, h4);
  EXPECT_EQ(w4, 4 * w1);
  EXPECT_EQ(h4, 4 * h1);
  const Image four = fromRgba(px4, w4, h4);
  EXPECT_GT(differsFromUpscale(one, four, 4), 0.01);
  EXPECT_LT(meanDifferenceAfterDownscale(one, four, 4), 20.0);
  ASSERT_EQ(gs::writePngAtomic(dir_.string() + "/look-4x.png", px4, w4, h4), "");
  std::printf("2x window: %.1f%% of pixels differ from an upscale, mean difference after downscale %.2f\n",
              differ * 100, mean);
}

TEST_F(GuiScreenshot, WindowShotsAreNumberedCarryTheConfigAndReopenIt) {
  gs::Commands& cmd = app_->commands();
  gs::ExportState& st = gs::exportState(cmd.ui());
  st.target = "window";
  st.scale = 2;
  std::vector<std::string> paths;
  for (int i = 0; i < 2; ++i) {
    gs::requestScreenshot(cmd, app_->snapshot());  // F12 / the Screenshot button
    EXPECT_EQ(st.pendingWindowScale, 2);
    gs::takePendingWindowShot(*app_);  // the frame loop, between frames
    EXPECT_EQ(st.pendingWindowScale, 0);
    paths.push_back(cmd.ui().lastSaved);
    ASSERT_TRUE(fs::exists(paths.back())) << cmd.ui().toast;
    EXPECT_NE(cmd.ui().toast.find(paths.back()), std::string::npos) << cmd.ui().toast;
  }
  const long long step = app_->snapshot().step;
  const std::string stem = "ganscope-window-test-preset-step" + std::to_string(step) + "-2x-";
  EXPECT_EQ(fs::path(paths[0]).filename().string(), stem + "001.png");
  EXPECT_EQ(fs::path(paths[1]).filename().string(), stem + "002.png");
  const Image im = loadPng(paths[0]);
  EXPECT_EQ(im.w, 1920);
  EXPECT_EQ(im.h, 1080);
  for (auto& e : fs::directory_iterator(dir_))  // atomic writes leave no temporaries
    EXPECT_EQ(e.path().filename().string().rfind(".tmp", 0), std::string::npos) << e.path();

  const auto text = gs::pngReadText(readBytes(paths[0]));
  ASSERT_NE(gs::findPngText(text, gs::kPngPresetKey), nullptr);
  EXPECT_EQ(*gs::findPngText(text, gs::kPngPresetKey), "test-preset");
  EXPECT_EQ(*gs::findPngText(text, gs::kPngIterationKey), std::to_string(step));
  EXPECT_EQ(*gs::findPngText(text, gs::kPngSeedKey), "11");
  ASSERT_NE(gs::findPngText(text, "Software"), nullptr);
  EXPECT_EQ(reopened(paths[0]), gs::configToJson(app_->snapshot().config));
}

TEST_F(GuiScreenshot, ViewAtTwiceItsSizeWithTheConfigInside) {
  gs::Commands& cmd = app_->commands();
  gs::View& view = app_->commands().views().data();
  int w = 0, h = 0;
  cmd.views().shownSize(view, w, h);
  ASSERT_GT(w, 50);
  ASSERT_GT(h, 50);
  gs::exportState(cmd.ui()).scale = 2;
  cmd.exportView(view, app_->snapshot());  // the view's PNG button
  const std::string path2 = cmd.ui().lastSaved;
  ASSERT_TRUE(fs::exists(path2)) << cmd.ui().toast;
  EXPECT_NE(path2.find("ganscope-data-test-preset-step"), std::string::npos) << path2;
  gs::saveViewShot(cmd, view, app_->snapshot(), 1);
  const std::string path1 = cmd.ui().lastSaved;
  const Image one = loadPng(path1), two = loadPng(path2);
  EXPECT_EQ(one.w, w);
  EXPECT_EQ(one.h, h);
  EXPECT_EQ(two.w, 2 * w);
  EXPECT_EQ(two.h, 2 * h);
  EXPECT_GT(differsFromUpscale(one, two, 2), 0.01);
  EXPECT_EQ(reopened(path2), gs::configToJson(app_->snapshot().config));
}

TEST_F(GuiScreenshot, DamagedOrForeignPngIsRefusedNamingTheFile) {
  gs::Commands& cmd = app_->commands();
  gs::saveViewShot(cmd, cmd.views().coverage(), app_->snapshot(), 1);
  const std::string path = cmd.ui().lastSaved;
  std::string bytes = readBytes(path);
  const size_t at = bytes.find("\"objective\"");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 2] ^= 0x20;  // one flipped bit in the config text, the chunk's CRC unchanged
  const std::string damaged = (dir_ / "damaged.png").string();
  std::ofstream(damaged, std::ios::binary) << bytes;
  try {
    gs::loadPngConfig(damaged);
    FAIL() << "a damaged config chunk was read";
  } catch (const gs::ConfigError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(damaged), std::string::npos) << m;
    EXPECT_NE(m.find("CRC"), std::string::npos) << m;
  }
  const std::string plain = (dir_ / "shot.png").string();
  ASSERT_EQ(gs::writePngAtomic(plain, std::vector<uint8_t>(16 * 16 * 4, 200), 16, 16), "");
  try {
    gs::loadPngConfig(plain);
    FAIL() << "a PNG without a config was read";
  } catch (const gs::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), plain + " has no ganscope config (not saved by ganscope?)");
  }
}

TEST_F(GuiScreenshot, MetricsCsvHasTrainsColumns) {
  gs::Commands& cmd = app_->commands();
  gs::saveMetricsCsv(cmd, app_->snapshot());
  const std::string path = cmd.ui().lastSaved;
  ASSERT_TRUE(fs::exists(path)) << cmd.ui().toast;
  EXPECT_NE(path.find("ganscope-metrics-test-preset-step"), std::string::npos) << path;
  std::istringstream in(readBytes(path));
  std::string header, line;
  std::getline(in, header);
  std::string want;
  for (auto& c : gs::metricsCsvColumns(app_->snapshot().diagnostics, app_->snapshot().metrics))
    want += (want.empty() ? "" : ",") + c;
  EXPECT_EQ(header, want);
  EXPECT_NE(header.find(",penalty,"), std::string::npos);  // the history's series outside train's columns are left out
  size_t rows = 0;
  long long lastStep = -1;
  while (std::getline(in, line)) {
    ++rows;
    std::istringstream cells(line);
    std::string c;
    size_t n = 0;
    while (std::getline(cells, c, ',')) {
      char* end = nullptr;
      const double v = std::strtod(c.c_str(), &end);
      EXPECT_EQ(*end, '\0') << c;
      if (n == 0) {
        EXPECT_GT(v, lastStep);  // one row per step, in order
        lastStep = (long long)v;
      }
      ++n;
    }
    EXPECT_EQ(n, gs::metricsCsvColumns(app_->snapshot().diagnostics, app_->snapshot().metrics).size());
  }
  EXPECT_GT(rows, 5u);
}

}  // namespace
