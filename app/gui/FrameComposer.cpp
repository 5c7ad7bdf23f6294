// FrameComposer (see FrameComposer.h).
#include "gui/FrameComposer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "gui/Colormap.h"

namespace gs {

namespace {

constexpr int kGap = 2;                           // pixels between cells
constexpr uint8_t kGapColour[3] = {48, 48, 56};   // a quiet divider
constexpr uint8_t kBackground[3] = {18, 18, 22};  // palette::kBackground

// Caption text size: readable on a 360-line GIF and on a 1080p slide alike.
float captionTextPx(int h) { return std::max(14.0f, std::round(float(h) / 26.0f)); }

}  // namespace

float renderFontPx(int frameHeight) { return std::max(12.0f, std::round(float(frameHeight) / 32.0f)); }

// The caption strip: "<title> · <objective>" and the iteration on the first line, the
// objective's formula on the second (shrunk to fit the width).
class FrameComposer::CaptionView : public View {
 public:
  explicit CaptionView(std::string title) : title_(std::move(title)) {}
  const char* name() const override { return "caption"; }
  const char* title() const override { return "Caption"; }
  float textPx = 20;

  void render(const ViewInput& in, Canvas& c) override {
    const Snapshot& s = in.snap;
    const float W = float(c.width()), mul = textPx / c.fontPx(), pad = textPx * 0.6f;
    c.draw().AddRectFilled(ImVec2(0, 0), ImVec2(W, float(c.height())), palette::kPlotBackground);
    std::string head = title_.empty() ? s.config.title : title_;
    if (head.empty())
      head = s.objective.title;
    else if (!s.objective.title.empty())
      head += "  \xC2\xB7  " + s.objective.title;  // " · "
    const std::string iter = "iteration " + std::to_string(s.step) + (s.diverged ? "  (diverged)" : "");
    const float iterW = c.textSize(iter, mul).x;
    const float y1 = textPx * 0.35f;
    c.text(ImVec2(W - pad - iterW, y1), s.diverged ? palette::kMissed : palette::kYellow, iter, mul);
    fitted(c, ImVec2(pad, y1), palette::kText, head, mul, W - 3 * pad - iterW);
    if (!s.objective.formula.empty())
      fitted(c, ImVec2(pad, y1 + textPx * 1.3f), palette::kTextDim, s.objective.formula, mul * 0.92f, W - 2 * pad);
  }

 private:
  // Shrinks text down to 70% to fit `width`, then cuts it with an ellipsis.
  static void fitted(Canvas& c, ImVec2 pos, ImU32 col, std::string s, float mul, float width) {
    const float w = c.textSize(s, mul).x;
    if (w > width) mul *= std::max(0.7f, width / w);
    while (s.size() > 4 && c.textSize(s, mul).x > width) {
      s.pop_back();
      while (!s.empty() && (uint8_t(s.back()) & 0xC0) == 0x80) s.pop_back();  // whole UTF-8 characters
      if (!s.empty()) s.pop_back();
      s += "\xE2\x80\xA6";  // …
      if (c.textSize(s, mul).x <= width) break;
      s.erase(s.size() - 3);
    }
    c.text(pos, col, s, mul);
  }
  std::string title_;
};

FrameComposer::FrameComposer(ViewHost& host, FrameSpec spec)
    : host_(host), spec_(std::move(spec)), caption_(std::make_unique<CaptionView>(spec_.title)) {
  if (spec_.views.empty()) throw std::runtime_error("a frame needs at least one view");
  for (const auto& name : spec_.views) {
    View* v = host_.find(name);
    if (!v) throw std::runtime_error("no view named '" + name + "'");
    views_.push_back(v);
  }
}

FrameComposer::~FrameComposer() = default;

FrameRect FrameComposer::captionRect(int w, int h) const {
  if (!spec_.caption) return {0, 0, w, 0};
  const int ch = std::min(h / 3, int(std::round(captionTextPx(h) * 2.75f)));
  return {0, 0, w, ch};
}

std::vector<FrameRect> FrameComposer::cells(int w, int h) const {
  const int n = int(views_.size());
  int cols = n, rows = 1;
  if (spec_.layout == FrameLayout::Grid) {
    cols = int(std::ceil(std::sqrt(double(n))));
    rows = (n + cols - 1) / cols;
  }
  const FrameRect cap = captionRect(w, h);
  const int top = cap.h > 0 ? cap.h + kGap : 0, areaH = h - top;
  std::vector<FrameRect> out;
  for (int i = 0; i < n; ++i) {
    const int c = i % cols, r = i / cols;
    const int x0 = c * (w + kGap) / cols, x1 = (c + 1) * (w + kGap) / cols - kGap;
    const int y0 = r * (areaH + kGap) / rows, y1 = (r + 1) * (areaH + kGap) / rows - kGap;
    out.push_back({x0, top + y0, std::max(1, x1 - x0), std::max(1, y1 - y0)});
  }
  return out;
}

std::vector<uint8_t> FrameComposer::compose(const Snapshot& snap, int w, int h) {
  if (w < 1 || h < 1) throw std::runtime_error("frame size must be positive");
  std::vector<uint8_t> frame(size_t(w) * size_t(h) * 4);
  for (size_t i = 0; i < frame.size(); i += 4) {
    const uint8_t* c = (views_.size() > 1 || spec_.caption) ? kGapColour : kBackground;
    frame[i] = c[0], frame[i + 1] = c[1], frame[i + 2] = c[2], frame[i + 3] = 255;
  }
  auto blit = [&](const std::vector<uint8_t>& px, const FrameRect& r) {
    if (px.size() != size_t(r.w) * size_t(r.h) * 4) throw std::runtime_error("a view returned no pixels (no GL?)");
    for (int y = 0; y < r.h; ++y)
      std::memcpy(&frame[(size_t(r.y + y) * size_t(w) + size_t(r.x)) * 4], &px[size_t(y) * size_t(r.w) * 4],
                  size_t(r.w) * 4);
  };
  host_.update(snap);
  const FrameRect cap = captionRect(w, h);
  if (cap.h > 0) {
    caption_->textPx = captionTextPx(h);
    blit(host_.renderPixels(*caption_, snap, cap.w, cap.h), cap);
  }
  const auto rects = cells(w, h);
  for (size_t i = 0; i < views_.size(); ++i)
    blit(host_.renderPixels(*views_[i], snap, rects[i].w, rects[i].h), rects[i]);
  return frame;
}

}  // namespace gs
