// Fonts and theme (see Theme.h).
#include "gui/Theme.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace gs {

namespace {

// Latin, combining marks (x̂), Greek (σ, λ, γ in formulas), super- and subscripts (‖·‖₁, [·]⁺),
// arrows, math operators and geometric shapes. tests/gui_panels_test checks that every string
// the program shows is covered, so a new formula cannot silently render as "?".
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x0300, 0x036F, 0x0370, 0x03FF, 0x2010, 0x205E, 0x2070,
                                    0x209F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0};

}  // namespace

float autoFontPx(float contentScale, int windowWidth, int windowHeight) {
  const float bySize = std::min(windowWidth / 1600.0f, windowHeight / 900.0f);
  return std::round(20.0f * std::max(1.0f, contentScale) * std::clamp(bySize, 0.8f, 2.2f));
}

const ImWchar* fontGlyphRanges() { return kGlyphRanges; }

GuiFonts loadFonts(ImGuiIO& io, float px) {
  io.Fonts->Clear();
  GuiFonts f;
  f.px = px;
  static const char* candidates[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                     "/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"};
  for (const char* path : candidates) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    f.regular = io.Fonts->AddFontFromFileTTF(path, px, &cfg, kGlyphRanges);
    f.large = io.Fonts->AddFontFromFileTTF(path, std::round(px * 1.6f), &cfg, kGlyphRanges);
    if (f.regular && f.large) break;
  }
  if (!f.regular || !f.large) {
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.SizePixels = px;
    f.regular = io.Fonts->AddFontDefault(&cfg);
    cfg.SizePixels = std::round(px * 1.6f);
    f.large = io.Fonts->AddFontDefault(&cfg);
  }
  io.FontDefault = f.regular;
  io.Fonts->Build();
  return f;
}

void applyTheme(float px) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  style.GrabRounding = 3;
  style.TabRounding = 3;
  style.WindowBorderSize = 1;
  style.FrameBorderSize = 0;
  style.WindowPadding = ImVec2(10, 8);
  style.FramePadding = ImVec2(7, 4);
  style.ItemSpacing = ImVec2(9, 6);
  style.ScrollbarSize = 16;
  style.GrabMinSize = 8;
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = ImVec4(0.95f, 0.95f, 0.95f, 1);
  c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.62f, 0.66f, 1);
  c[ImGuiCol_WindowBg] = ImVec4(0.07f, 0.07f, 0.086f, 1);
  c[ImGuiCol_ChildBg] = ImVec4(0.07f, 0.07f, 0.086f, 1);
  c[ImGuiCol_PopupBg] = ImVec4(0.10f, 0.10f, 0.12f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.30f, 0.30f, 0.36f, 1);
  c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.16f, 0.20f, 1);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.24f, 0.24f, 0.30f, 1);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.28f, 0.28f, 0.36f, 1);
  c[ImGuiCol_TitleBg] = ImVec4(0.11f, 0.11f, 0.14f, 1);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.14f, 0.14f, 0.19f, 1);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.22f, 0.30f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.30f, 0.42f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(0.30f, 0.36f, 0.52f, 1);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.24f, 0.34f, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.28f, 0.34f, 0.50f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.34f, 0.42f, 0.62f, 1);
  c[ImGuiCol_CheckMark] = ImVec4(0.34f, 0.71f, 0.91f, 1);  // Okabe-Ito sky blue
  // Grabs are translucent and thin: the value printed across the slider stays readable.
  c[ImGuiCol_SliderGrab] = ImVec4(0.34f, 0.71f, 0.91f, 0.45f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.55f, 0.82f, 0.96f, 0.55f);
  c[ImGuiCol_Tab] = ImVec4(0.16f, 0.18f, 0.24f, 1);
  c[ImGuiCol_TabHovered] = ImVec4(0.28f, 0.34f, 0.50f, 1);
  c[ImGuiCol_TabActive] = ImVec4(0.26f, 0.32f, 0.48f, 1);
  c[ImGuiCol_Separator] = ImVec4(0.30f, 0.30f, 0.36f, 1);
  style.ScaleAllSizes(px / 20.0f);
  ImGui::GetStyle() = style;
}

}  // namespace gs
