// Fonts and the high-contrast dark theme, sized for a lecture-hall projector.
#pragma once
#include <imgui.h>

namespace gs {

struct GuiFonts {
  ImFont* regular = nullptr;
  ImFont* large = nullptr;  // headlines (verdict), 1.6x
  float px = 20;
};

// The default body text size in pixels: 20 px at 1600x900 and content scale 1, growing with
// the monitor's content scale and with bigger windows (a 4K projector gets bigger text).
float autoFontPx(float contentScale, int windowWidth, int windowHeight);
// Clears the atlas and adds the UI fonts at `px` (DejaVu Sans when installed, else ImGui's
// built-in font). The caller (re)creates the GPU texture.
GuiFonts loadFonts(ImGuiIO& io, float px);
// The code-point ranges loadFonts rasterises (pairs, 0-terminated).
const ImWchar* fontGlyphRanges();
// Dark theme with strong contrast, every size scaled for `px`-pixel text.
void applyTheme(float px);

}  // namespace gs
