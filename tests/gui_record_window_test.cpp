// Whole-window recording in real time, through the window's own framebuffer: a (hidden) GLFW
// window under Xvfb, the App's frames rendered by renderWindowFrame as the frame loop does. The
// recorder takes the frames it asks for at the window's size, and the REC indicator, which is
// on the screen, is not in them.
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <stb/stb_image.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "SmallConfig.h"
#include "TestFiles.h"
#include "gui/App.h"
#include "gui/GlUtil.h"
#include "gui/Recorder.h"
#include "gui/Theme.h"
#include "gui/WindowRecording.h"
#include "gui/panels/Panel.h"
#include "gui/panels/RecordPanel.h"
#include "train/Session.h"

namespace {

namespace fs = std::filesystem;

// Pixels of the REC indicator's red text in the top strip of an RGBA picture.
int recRedPixels(const uint8_t* px, int w, int h) {
  int n = 0;
  for (int y = 0; y < h / 10; ++y)
    for (int x = 0; x < w; ++x) {
      const uint8_t* p = &px[(size_t(y) * w + x) * 4];
      if (p[0] > 200 && p[1] < 100 && p[2] < 90) ++n;
    }
  return n;
}

TEST(RecordWindow, RealTimeReadsBackTheWindowAtItsSizeWithoutTheIndicator) {
  if (!std::getenv("DISPLAY") || !*std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  ASSERT_TRUE(glfwInit());
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(640, 360, "record", nullptr, nullptr);
  ASSERT_NE(window, nullptr);
  glfwMakeContextCurrent(window);
  int fbW = 0, fbH = 0;
  glfwGetFramebufferSize(window, &fbW, &fbH);
  const auto dir = gs::test::scratchDir();

  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DeltaTime = 1.0f / 60;
  const gs::GuiFonts fonts = gs::loadFonts(io, 16);
  gs::applyTheme(16);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  ImGui_ImplOpenGL3_CreateFontsTexture();
  int onScreenRed = 0;
  {
    gs::Session session(gs::smallConfig("ring8", "wgan-gp", 16));
    session.setRunning(true);
    gs::App app(session, fonts, "test", true);
    app.setScripted(true);
    // One frame of the window's loop: build, render through the recording hook, read the screen.
    auto frame = [&](bool readScreen) {
      io.DisplaySize = ImVec2(float(fbW), float(fbH));
      ImGui_ImplOpenGL3_NewFrame();
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      glViewport(0, 0, fbW, fbH);
      glClearColor(0.07f, 0.07f, 0.086f, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      gs::renderWindowFrame(app, fbW, fbH);
      if (readScreen) {
        glReadBuffer(GL_BACK);
        const std::vector<uint8_t> screen = gs::readPixelsTopDown(fbW, fbH);
        onScreenRed = std::max(onScreenRed, recRedPixels(screen.data(), fbW, fbH));
      }
      glfwSwapBuffers(window);
      gs::takeWindowRecordingFrame(app);
    };
    for (int i = 0; i < 3; ++i) frame(false);
    auto& rs = app.commands().ui().record;
    ASSERT_TRUE(rs && rs->recorder);
    rs->settings.view = gs::kRecordWindow;
    rs->settings.mode = gs::RecordMode::RealTime;
    rs->settings.fps = 240;  // due on nearly every frame
    rs->settings.maxFrames = 5;
    rs->scaleChoice = 2;  // 4x is per K only: real time records the window as shown
    rs->path = (dir / "frames").string();
    gs::Config edited = session.config();
    gs::PanelContext ctx{edited, app.snapshot(), app.commands(), 16};
    gs::toggleRecording(ctx);
    gs::Recorder& rec = *rs->recorder;
    ASSERT_TRUE(rec.recording()) << app.commands().ui().toast;
    EXPECT_EQ(rec.frameWidth(), fbW);
    EXPECT_EQ(rec.frameHeight(), fbH);
    EXPECT_EQ(gs::windowRecorder(app), &rec);
    std::string saved, error;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!rec.poll(saved, error) && std::chrono::steady_clock::now() < deadline) {
      frame(rec.recording());
      std::this_thread::sleep_for(std::chrono::milliseconds(6));
    }
    ASSERT_EQ(error, "");
    EXPECT_EQ(rec.frames(), 5);
    EXPECT_TRUE(session.latest()->running) << "real time leaves training running";
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();

  EXPECT_GT(onScreenRed, 20) << "the REC indicator is not on the screen where the check looks";
  int n = 0;
  for (auto& e : fs::directory_iterator(dir / "frames")) {
    ++n;
    int w = 0, h = 0, c = 0;
    uint8_t* px = stbi_load(e.path().c_str(), &w, &h, &c, 4);
    ASSERT_NE(px, nullptr) << e.path();
    EXPECT_EQ(w, fbW);
    EXPECT_EQ(h, fbH);
    EXPECT_EQ(recRedPixels(px, w, h), 0) << e.path() << ": the REC indicator is in the recorded frame";
    stbi_image_free(px);
  }
  EXPECT_EQ(n, 5);
}

}  // namespace
