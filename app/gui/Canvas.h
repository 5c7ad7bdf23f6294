// Canvas: what a view draws into. A Dear ImGui draw list (anti-aliased lines, dots, text) plus
// heat-map layers placed in draw order. Building a canvas needs no GL, so panels and views
// can be exercised headless; CanvasRenderer (GL) replays it into the current framebuffer.
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <string_view>
#include <vector>

#include "gui/Colormap.h"

namespace gs {

// A scalar field drawn through the heat-map shader.
struct FieldLayer {
  unsigned texture = 0;  // GL name of the field texture (R32F); 0 = nothing to draw
  ImVec2 p0, p1;         // target pixels of the field's box: (xmin, ymax) and (xmax, ymin)
  ColorScale scale = ColorScale::Sequential;
  float vmin = 0, vmax = 1;
  float isoCount = 10;
  float neutral = -1e30f;  // emphasised contour value (D = 1/2); outside [vmin, vmax] = none
  float opacity = 1;
};

class Canvas {
 public:
  // regular: the UI font; large: the same face at a bigger size for headlines.
  Canvas(ImFontAtlas* atlas, ImFont* regular, ImFont* large);
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  // Starts a new picture of width x height pixels with body text of fontPx pixels.
  void begin(int width, int height, float fontPx);
  ImDrawList& draw() { return list_; }
  void field(const FieldLayer& layer);  // clipped by the current clip rect

  // Width at the top-right corner that overlay buttons cover in the window (0 in exports):
  // titles are shortened to stay clear of it. begin() resets it.
  void setReservedTopRight(float px) { reservedTopRight_ = px; }
  float reservedTopRight() const { return reservedTopRight_; }

  int width() const { return width_; }
  int height() const { return height_; }
  float fontPx() const { return fontPx_; }
  float px(float logical) const { return logical * fontPx_ / 20.0f; }  // sizes scale with text

  void text(ImVec2 pos, ImU32 color, std::string_view s, float sizeMul = 1.0f, float wrap = 0.0f);
  // Text with a dark halo, readable over heat maps.
  void textHalo(ImVec2 pos, ImU32 color, std::string_view s, float sizeMul = 1.0f);
  ImVec2 textSize(std::string_view s, float sizeMul = 1.0f, float wrap = 0.0f) const;

  const std::vector<FieldLayer>& fields() const { return fields_; }
  ImTextureID fontTexture() const { return atlas_->TexID; }

 private:
  ImFont* fontFor(float sizePx) const;
  std::string wrapAtSpaces(std::string_view s, float sizePx, float wrap) const;
  ImFontAtlas* atlas_;
  ImFont *regular_, *large_;
  ImDrawListSharedData shared_;
  ImDrawList list_;
  std::vector<FieldLayer> fields_;
  int width_ = 1, height_ = 1;
  float fontPx_ = 20;
  float reservedTopRight_ = 0;
};

}  // namespace gs
