// Whole-window capture at k times the size (see WindowCapture.h).
#include "gui/WindowCapture.h"

#include <epoxy/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <cfloat>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <string>

#include "gui/App.h"
#include "gui/GlUtil.h"
#include "gui/TestProbe.h"
#include "gui/Theme.h"

namespace gs {

namespace {

void useFonts(App& app, float px) {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  const GuiFonts fonts = loadFonts(ImGui::GetIO(), px);
  ImGui_ImplOpenGL3_CreateFontsTexture();
  app.setFonts(fonts);
}

}  // namespace

std::vector<uint8_t> captureWindow(App& app, int scale, int& w, int& h) {
  if (scale < 1 || scale > 4)
    throw std::runtime_error("screenshot scale must be 1 to 4 (got " + std::to_string(scale) + ")");
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 display = io.DisplaySize, mouse = io.MousePos;
  const ImGuiStyle style = ImGui::GetStyle();
  GuiState& ui = app.commands().ui();
  const float px = ui.fontPx, wanted = ui.wantedFontPx, slider = ui.fontSliderPx;
  const float k = float(scale);
  w = int(std::lround(display.x * io.DisplayFramebufferScale.x * k));
  h = int(std::lround(display.y * io.DisplayFramebufferScale.y * k));
  TestProbe* probe = activeProbe();
  bindProbe(nullptr);  // the k-times frame's widgets are not the window's

  std::vector<uint8_t> pixels;
  std::string error;
  try {
    if (scale != 1) {
      useFonts(app, px * k);
      applyTheme(px * k);
    }
    Framebuffer fb;
    fb.resize(w, h);
    // Two frames: the second sees the first's content sizes (scroll bars, wrapped rows) at the
    // new size; views already drawn at that size are not drawn again.
    for (int pass = 0; pass < 2; ++pass) {
      io.DisplaySize = ImVec2(display.x * k, display.y * k);
      io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // no hover highlights or read-outs in the picture
      ImGui_ImplOpenGL3_NewFrame();
      ImGui::NewFrame();
      try {
        app.frame();
      } catch (const std::exception& e) { error = e.what(); }
      ImGui::Render();
    }
    fb.bind();
    glClearColor(0.07f, 0.07f, 0.086f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    pixels = fb.readPixels();
  } catch (const std::exception& e) { error = e.what(); }

  if (scale != 1) useFonts(app, px);
  ImGui::GetStyle() = style;
  ui.wantedFontPx = wanted;
  ui.fontSliderPx = slider;
  io.DisplaySize = display;
  io.MousePos = mouse;
  bindProbe(probe);
  if (pixels.empty())
    throw std::runtime_error("cannot capture the window at " + std::to_string(w) + "x" + std::to_string(h) +
                             (error.empty() ? "" : ": " + error));
  return pixels;
}

}  // namespace gs
