// runGui: the window, the frame loop, scripted screenshots (see Gui.h).
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "gui/App.h"
#include "gui/Exports.h"
#include "gui/GlUtil.h"
#include "gui/Gui.h"
#include "gui/InputQueue.h"
#include "gui/RasterThreads.h"
#include "gui/TestProbe.h"
#include "gui/Theme.h"
#include "gui/WindowRecording.h"
#include "util/Error.h"

namespace gs {

namespace {

std::string g_glfwError;  // last GLFW error text, for the failure message (main thread only)

void onGlfwError(int code, const char* text) {
  g_glfwError = std::string(text ? text : "unknown") + " (GLFW error " + std::to_string(code) + ")";
}

int fail(const std::string& message) {
  std::fprintf(stderr, "ganscope: error: %s\n", message.c_str());
  return 1;
}

// The monitor's work area (the window opens maximised there); 1600x900 when none is known.
void defaultWindowSize(int& w, int& h) {
  w = 1600;
  h = 900;
  if (GLFWmonitor* m = glfwGetPrimaryMonitor()) {
    int x, y, mw = 0, mh = 0;
    glfwGetMonitorWorkarea(m, &x, &y, &mw, &mh);
    if (mw > 0 && mh > 0) {
      w = mw;
      h = mh;
    }
  }
}

struct GlfwSession {
  ~GlfwSession() { glfwTerminate(); }
};

}  // namespace

int runGui(const GuiOptions& options) {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland))
    return fail("no display (DISPLAY is not set); run under xvfb-run or use `ganscope train`");

  limitRasterThreads(options.threads);  // before Mesa loads: llvmpipe must leave training its core
  glfwSetErrorCallback(onGlfwError);
  if (!glfwInit())
    return fail("cannot open the display: " + g_glfwError + "; run under xvfb-run or use `ganscope train`");
  GlfwSession glfwGuard;

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  glfwWindowHint(GLFW_MAXIMIZED, GLFW_TRUE);
  int winW, winH;
  defaultWindowSize(winW, winH);
  std::string title = "ganscope";
  if (!options.config.title.empty()) title += " - " + options.config.title;
  GLFWwindow* window = glfwCreateWindow(winW, winH, title.c_str(), nullptr, nullptr);
  if (!window) return fail("cannot create an OpenGL 3.3 window: " + g_glfwError);
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  std::unique_ptr<Session> session;
  try {
    session = std::make_unique<Session>(options.config);
    session->setCompute(options.backend, options.threads);  // auto's fallback: the banner's notice
    if (options.session) session->openSession(*options.session, options.sessionFile);
  } catch (const std::exception& e) {
    glfwDestroyWindow(window);
    return fail(e.what());
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // fixed layout; nothing to remember
  float contentScale = 1, ys = 1;
  glfwGetWindowContentScale(window, &contentScale, &ys);
  int fbW = 0, fbH = 0;
  glfwGetFramebufferSize(window, &fbW, &fbH);
  const float px =
      options.fontScale > 0 ? std::round(20.0f * options.fontScale) : autoFontPx(std::max(contentScale, ys), fbW, fbH);
  GuiFonts fonts = loadFonts(io, px);
  applyTheme(px);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  InputQueue input;
  input.install(window);
  TestProbe probe(options.testState);
  bindProbe(&probe);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  int rc = 0;
  {
    std::unique_ptr<App> app;
    try {
      app = std::make_unique<App>(*session, fonts, options.presetName, true);
    } catch (const std::exception& e) { rc = fail(std::string("cannot set up the views: ") + e.what()); }
    // The window starts teaching at once: training runs from the first frame.
    if (app) session->setRunning(true);
    if (app && options.quitAfter > 0) app->setScripted(true);
    const double start = glfwGetTime();
    double lastFrame = glfwGetTime();
    long long frames = 0;
    while (app && !glfwWindowShouldClose(window)) {
      ++frames;
      // At most ~60 frames/s even without vsync (Xvfb): the CPU is the training thread's.
      const double wait = 1.0 / 60.0 - (glfwGetTime() - lastFrame);
      if (wait > 1e-4)
        glfwWaitEventsTimeout(wait);
      else
        glfwPollEvents();
      lastFrame = glfwGetTime();
      if (app->wantedFontPx() != fonts.px) {  // text size changed in the Display section
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        fonts = loadFonts(io, app->wantedFontPx());
        applyTheme(fonts.px);
        ImGui_ImplOpenGL3_CreateFontsTexture();
        app->setFonts(fonts);
      }
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      input.applyFrame(io);  // keys and modifiers stay fixed from here to Render()
      ImGui::NewFrame();
      probe.beginFrame();
      try {
        app->frame();
      } catch (const std::exception& e) {
        // A view must never take the lecture down: report and keep going.
        std::fprintf(stderr, "ganscope: warning: %s\n", e.what());
      }
      if (probe.enabled()) {
        probe.state()["pending_input_events"] = input.pending();
        probe.state()["pid"] = int(getpid());
      }
      ImGui::Render();
      probe.endFrame(glfwGetTime());
      glfwGetFramebufferSize(window, &fbW, &fbH);
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      glViewport(0, 0, fbW, fbH);
      glClearColor(0.07f, 0.07f, 0.086f, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      renderWindowFrame(*app, fbW, fbH);  // a real-time whole-window recording reads it back here

      const bool timeUp = options.quitAfter > 0 && glfwGetTime() - start >= options.quitAfter;
      const bool closing = glfwWindowShouldClose(window);
      if (!options.screenshot.empty() && (timeUp || (closing && options.quitAfter <= 0))) {
        glReadBuffer(GL_BACK);
        const std::string err = writePngAtomic(options.screenshot, readPixelsTopDown(fbW, fbH), fbW, fbH,
                                               screenshotText(app->snapshot(), options.presetName));
        if (!err.empty()) rc = fail(err);
      }
      glfwSwapBuffers(window);
      takePendingWindowShot(*app);     // F12 / Screenshot: the window re-rendered at 1x, 2x or 4x
      takeWindowRecordingFrame(*app);  // a per-K whole-window recording's frame, when due
      if (timeUp) {
        // One line for scripts and docs/PERFORMANCE.md: UI rate and training rate side by side.
        const double seconds = glfwGetTime() - start;
        const auto snap = session->latest();
        std::printf("gui seconds=%.1f frames_per_s=%.1f iterations=%lld iters_per_s=%.1f\n", seconds,
                    double(frames) / seconds, snap->step, double(snap->step) / seconds);
        break;
      }
    }
    app.reset();  // GL objects go before the context
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  session.reset();
  glfwDestroyWindow(window);
  return rc;
}

}  // namespace gs
