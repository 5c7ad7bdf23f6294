// Colour maps and the fixed palette of the views. One source of truth: the heat-map shader
// reads a lookup table built here, colour bars and legends call the same function.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace gs {

enum class ColorScale {
  Diverging,   // logits: green (D→0, "fake") · dark neutral at D = 1/2 · purple (D→1, "real")
  Sequential,  // critic values and energies: viridis (perceptual, colour-blind safe)
};

// t in [0, 1] -> linear RGB in [0, 1].
ImVec4 colormap(ColorScale scale, float t);
ImU32 colormapU32(ColorScale scale, float t, float alpha = 1.0f);
// n RGBA8 texels, for the shader's lookup table.
std::vector<uint8_t> colormapTable(ColorScale scale, int n = 256);

// Okabe–Ito colours (colour-blind safe); real and generated samples use orange and sky blue
// on every view so students learn them once.
namespace palette {
constexpr ImU32 rgb(int r, int g, int b, int a = 255) {
  return ImU32(r) | (ImU32(g) << 8) | (ImU32(b) << 16) | (ImU32(a) << 24);
}
constexpr ImU32 kReal = rgb(230, 159, 0);        // orange
constexpr ImU32 kFake = rgb(86, 180, 233);       // sky blue
constexpr ImU32 kLangevin = rgb(204, 121, 167);  // reddish purple
constexpr ImU32 kMissed = rgb(240, 80, 40);      // vermillion, brightened for projectors
constexpr ImU32 kCaptured = rgb(240, 240, 240);
constexpr ImU32 kGreen = rgb(0, 158, 115);  // bluish green
constexpr ImU32 kYellow = rgb(240, 228, 66);
constexpr ImU32 kText = rgb(235, 235, 235);
constexpr ImU32 kTextDim = rgb(170, 170, 178);
constexpr ImU32 kGrid = rgb(255, 255, 255, 38);
constexpr ImU32 kAxis = rgb(200, 200, 210, 160);
constexpr ImU32 kBackground = rgb(18, 18, 22);
constexpr ImU32 kPlotBackground = rgb(28, 28, 34);
constexpr ImU32 kOutline = rgb(0, 0, 0, 220);
// Curves: eight distinct colours for series within one plot.
constexpr ImU32 kSeries[8] = {rgb(230, 159, 0),   rgb(86, 180, 233), rgb(0, 158, 115),   rgb(240, 228, 66),
                              rgb(204, 121, 167), rgb(240, 80, 40),  rgb(170, 170, 255), rgb(235, 235, 235)};
}  // namespace palette

}  // namespace gs
