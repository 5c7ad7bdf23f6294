// Canvas (see Canvas.h).
#include "gui/Canvas.h"

#include <algorithm>
#include <string>

#include <cstdint>

namespace gs {

Canvas::Canvas(ImFontAtlas* atlas, ImFont* regular, ImFont* large)
    : atlas_(atlas), regular_(regular), large_(large ? large : regular), list_(&shared_) {
  shared_.Font = regular_;
  shared_.FontSize = regular_->FontSize;
  shared_.CurveTessellationTol = 1.25f;
  shared_.SetCircleTessellationMaxError(0.30f);
  // AllowVtxOffset: views draw thousands of dots; the renderer uses glDrawElementsBaseVertex.
  shared_.InitialFlags =
      ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill | ImDrawListFlags_AllowVtxOffset;
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

ImFont* Canvas::fontFor(float sizePx) const { return sizePx > regular_->FontSize * 1.25f ? large_ : regular_; }

// ImGui's word wrap also breaks after '.', so "JSD 0.239" could become "JSD 0." / "239".
// Lines are broken at spaces only (a word longer than the line is left whole).
std::string Canvas::wrapAtSpaces(std::string_view s, float size, float wrap) const {
  ImFont* font = fontFor(size);
  std::string out, line;
  size_t i = 0;
  while (i <= s.size()) {
    const size_t j = std::min(s.find_first_of(" \n", i), s.size());
    const std::string_view word = s.substr(i, j - i);
    const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && font->CalcTextSizeA(size, 1e9f, 0, candidate.c_str()).x > wrap) {
      out += line + "\n";
      line = std::string(word);
    } else {
      line = candidate;
    }
    if (j < s.size() && s[j] == '\n') {
      out += line + "\n";
      line.clear();
    }
    i = j + 1;
  }
  return out + line;
}

void Canvas::text(ImVec2 pos, ImU32 color, std::string_view s, float sizeMul, float wrap) {
  const float size = fontPx_ * sizeMul;
  const ImVec2 at(IM_ROUND(pos.x), IM_ROUND(pos.y));
  if (wrap <= 0) {
    list_.AddText(fontFor(size), size, at, color, s.data(), s.data() + s.size());
    return;
  }
  const std::string lines = wrapAtSpaces(s, size, wrap);
  list_.AddText(fontFor(size), size, at, color, lines.c_str(), lines.c_str() + lines.size());
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
  if (wrap <= 0) return fontFor(size)->CalcTextSizeA(size, 1e9f, 0, s.data(), s.data() + s.size());
  const std::string lines = wrapAtSpaces(s, size, wrap);
  return fontFor(size)->CalcTextSizeA(size, 1e9f, 0, lines.c_str(), lines.c_str() + lines.size());
}

}  // namespace gs
