// View export with real OpenGL: every view renders alone into its own framebuffer at
// 1920x1080 and is written as a PNG (atomically). Uses a hidden GLFW window for the GL
// context; skipped without DISPLAY (./test.sh runs the tests under xvfb-run).
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <stb/stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "config/Config.h"
#include "gui/App.h"
#include "gui/Theme.h"
#include "train/Session.h"

namespace {

class GuiExport : public ::testing::TestWithParam<const char*> {};

TEST_P(GuiExport, EveryViewExportsAloneAt1080p) {
  if (!std::getenv("DISPLAY") || !*std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  ASSERT_TRUE(glfwInit());
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(320, 240, "export", nullptr, nullptr);
  ASSERT_NE(window, nullptr);
  glfwMakeContextCurrent(window);
  {
    gs::Config cfg = gs::configFromJson(gs::loadPreset(GetParam()));
    cfg.evalSamples = 500;
    gs::Session session(cfg);
    session.setRunning(true);
    auto snap = session.waitFor(20, 0, 30.0);
    session.setRunning(false);
    session.waitFor(20, snap->version, 5.0);

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 900);
    gs::GuiFonts fonts = gs::loadFonts(io, 20);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    ImGui_ImplOpenGL3_CreateFontsTexture();
    {
      gs::App app(session, fonts, GetParam(), /*withGl=*/true);
      ImGui::NewFrame();
      app.frame();  // uploads the snapshot's textures
      ImGui::Render();
      std::filesystem::create_directories(GANSCOPE_TEST_TMP);
      for (gs::View* v : app.views()) {
        const std::string path = std::string(GANSCOPE_TEST_TMP) + "/export-" + GetParam() + "-" + v->name() + ".png";
        std::filesystem::remove(path);
        ASSERT_EQ(app.exportView(v->name(), 1920, 1080, path), "");
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load(path.c_str(), &w, &h, &n, 3);
        ASSERT_NE(px, nullptr) << path;
        EXPECT_EQ(w, 1920);
        EXPECT_EQ(h, 1080);
        std::set<int> colours;
        for (int i = 0; i < w * h; i += 97) colours.insert(px[i * 3] << 16 | px[i * 3 + 1] << 8 | px[i * 3 + 2]);
        stbi_image_free(px);
        EXPECT_GT(colours.size(), 5u) << v->name() << " exported a blank picture";
        EXPECT_FALSE(std::filesystem::exists(path + ".tmp")) << "temporary file left behind";
      }
      EXPECT_NE(app.exportView("no-such-view", 64, 64, "/tmp/x.png"), "");
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
  }
  glfwDestroyWindow(window);
  glfwTerminate();
}

INSTANTIATE_TEST_SUITE_P(Presets, GuiExport, ::testing::Values("wgan-gp-ring8", "ebgan-ring8", "flat-1d"));

}  // namespace
