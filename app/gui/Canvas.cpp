// Canvas (see Canvas.h).
#include "gui/Canvas.h"

#include <cstdint>

namespace gs {

Canvas::Canvas(ImFontAtlas* atlas, ImFont* regular, ImFont* large)
    : atlas_(atlas), regular_(regular), large_(large ? large : regular), list_(&shared_) {
  shared_.Font = regular_;
  shared_.FontSize = regular_->FontSize;
  shared_.CurveTessellationTol = 1.25f;
  shared_.SetCircleTessellationMaxError(0.30f);
  // AllowVtxOffset: views draw thousands of dots; the renderer uses glDrawElementsBaseVertex.
  shared_.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill |
                         ImDrawListFlags_AllowVtxOffset;
  if (atlas_->TexUvLines != nullptr && !(atlas_->Flags & ImFontAtlasFlags_NoBakedLines))
    shared_.InitialFlags |= ImDrawListFlags_AntiAliasedLinesUseTex;
}

void Canvas::begin(int width, int height, float fontPx) {
  width_ = width < 1 ? 1 : width;
  height_ = height < 1 ? 1 : height;
  fontPx_ = fontPx;
  reservedTopRight_ = 0;
  shared_.TexUvWhitePixel = atlas_->TexUvWhitePixel;
  shared_.TexUvLines = atlas_->TexUvLines;
  shared_.ClipRectFullscreen = ImVec4(0, 0, float(width_), float(height_));
  fields_.clear();
  list_._ResetForNewFrame();
  list_.PushTextureID(atlas_->TexID);
  list_.PushClipRectFullScreen();
}

static void fieldCallback(const ImDrawList*, const ImDrawCmd*) {}  // replayed by CanvasRenderer

void Canvas::field(const FieldLayer& layer) {
  fields_.push_back(layer);
  // The callback's user data is the layer index; the renderer draws it in sequence.
  list_.AddCallback(fieldCallback, reinterpret_cast<void*>(intptr_t(fields_.size() - 1)));
}

ImFont* Canvas::fontFor(float sizePx) const {
  return sizePx > regular_->FontSize * 1.25f ? large_ : regular_;
}

void Canvas::text(ImVec2 pos, ImU32 color, std::string_view s, float sizeMul, float wrap) {
  const float size = fontPx_ * sizeMul;
  list_.AddText(fontFor(size), size, ImVec2(IM_ROUND(pos.x), IM_ROUND(pos.y)), color, s.data(),
                s.data() + s.size(), wrap);
}

void Canvas::textHalo(ImVec2 pos, ImU32 color, std::string_view s, float sizeMul) {
  const float d = px(1.2f);
  const ImU32 halo = IM_COL32(0, 0, 0, 200);
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx)
      if (dx || dy) text(ImVec2(pos.x + dx * d, pos.y + dy * d), halo, s, sizeMul);
  text(pos, color, s, sizeMul);
}

ImVec2 Canvas::textSize(std::string_view s, float sizeMul, float wrap) const {
  const float size = fontPx_ * sizeMul;
  return fontFor(size)->CalcTextSizeA(size, 1e9f, wrap, s.data(), s.data() + s.size());
}

}  // namespace gs
