// Drawing helpers shared by the views (see Plot.h).
#include "gui/views/Plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gs {

double Axes::ty(double y) const {
  if (!logY) return y;
  return std::log10(std::max(y, 1e-30));
}

ImVec2 Axes::map(double x, double y) const {
  const double a0 = ty(y0), a1 = ty(y1);
  const double u = (x - x0) / (x1 - x0);
  const double v = (ty(y) - a0) / (a1 - a0);
  return ImVec2(float(p0.x + u * (p1.x - p0.x)), float(p1.y - v * (p1.y - p0.y)));
}

double Axes::unmapY(float py) const {
  const double a0 = ty(y0), a1 = ty(y1);
  const double v = (p1.y - py) / (p1.y - p0.y);
  const double a = a0 + v * (a1 - a0);
  return logY ? std::pow(10.0, a) : a;
}

std::vector<double> niceTicks(double lo, double hi, int maxTicks) {
  std::vector<double> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  const double raw = (hi - lo) / std::max(1, maxTicks);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step)
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::string formatNumber(double v) {
  char buf[32];
  const double a = std::abs(v);
  if (!std::isfinite(v)) return v != v ? "n/a" : (v > 0 ? "inf" : "-inf");
  if (a == 0) return "0";
  if (a >= 1e5)
    std::snprintf(buf, sizeof buf, "%.3g", v);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1000);
  else if (a >= 100)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (a >= 1e-3)
    std::snprintf(buf, sizeof buf, "%.3g", v);
  else
    std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

void drawAxes(Canvas& c, const Axes& a, const char* xLabel, const char* yLabel, bool yLabels, bool xLabels) {
  ImDrawList& dl = c.draw();
  dl.AddRectFilled(a.p0, a.p1, palette::kPlotBackground);
  const float small = 0.8f;
  const float th = c.fontPx() * small;
  const int nx = std::max(2, int((a.p1.x - a.p0.x) / (c.fontPx() * 5)));
  for (double t : niceTicks(a.x0, a.x1, nx)) {
    ImVec2 p = a.map(t, a.y0);
    dl.AddLine(ImVec2(p.x, a.p0.y), ImVec2(p.x, a.p1.y), palette::kGrid);
    if (!xLabels) continue;
    std::string s = formatNumber(t);
    ImVec2 ts = c.textSize(s, small);
    c.text(ImVec2(p.x - ts.x / 2, a.p1.y + c.px(3)), palette::kTextDim, s, small);
  }
  const int ny = std::max(2, int((a.p1.y - a.p0.y) / (c.fontPx() * 2.5f)));
  std::vector<double> yt;
  if (a.logY) {
    for (double e = std::floor(a.ty(a.y0)); e <= std::ceil(a.ty(a.y1)); e += 1) {
      double v = std::pow(10.0, e);
      if (v >= a.y0 * 0.999 && v <= a.y1 * 1.001) yt.push_back(v);
    }
  } else {
    yt = niceTicks(a.y0, a.y1, ny);
  }
  for (double t : yt) {
    ImVec2 p = a.map(a.x0, t);
    dl.AddLine(ImVec2(a.p0.x, p.y), ImVec2(a.p1.x, p.y), palette::kGrid);
    if (!yLabels) continue;
    std::string s = formatNumber(t);
    ImVec2 ts = c.textSize(s, small);
    c.text(ImVec2(a.p0.x - ts.x - c.px(5), p.y - th / 2), palette::kTextDim, s, small);
  }
  dl.AddRect(a.p0, a.p1, palette::kAxis);
  if (xLabel && *xLabel) {
    ImVec2 ts = c.textSize(xLabel, small);
    c.text(ImVec2(a.p1.x - ts.x, a.p1.y + c.px(3) + th), palette::kTextDim, xLabel, small);
  }
  if (yLabel && *yLabel) c.text(ImVec2(a.p0.x + c.px(4), a.p0.y + c.px(2)), palette::kTextDim, yLabel, small);
}

static void legendSymbol(Canvas& c, ImVec2 p, float w, float h, const LegendItem& it) {
  ImDrawList& dl = c.draw();
  const ImVec2 mid(p.x + w / 2, p.y + h / 2);
  switch (it.kind) {
    case LegendItem::Dot:
      dl.AddCircleFilled(mid, c.px(5.5f), palette::kOutline, 16);
      dl.AddCircleFilled(mid, c.px(4.5f), it.color, 16);
      break;
    case LegendItem::Line:
      dl.AddLine(ImVec2(p.x, mid.y), ImVec2(p.x + w, mid.y), it.color, c.px(3));
      break;
    case LegendItem::Dashed:
      drawDashedLine(dl, ImVec2(p.x, mid.y), ImVec2(p.x + w, mid.y), it.color, c.px(2.5f), c.px(5));
      break;
    case LegendItem::Box:
      dl.AddRectFilled(ImVec2(p.x + w * 0.15f, p.y + h * 0.15f), ImVec2(p.x + w * 0.85f, p.y + h * 0.85f), it.color);
      break;
    case LegendItem::Arrow:
      drawArrow(dl, ImVec2(p.x, mid.y), ImVec2(p.x + w, mid.y), it.color, c.px(2), c.px(7));
      break;
    case LegendItem::Ring:
      dl.AddCircle(mid, h * 0.38f, it.color, 20, c.px(2.5f));
      break;
    case LegendItem::Cross: {
      const float r = h * 0.32f;
      dl.AddCircle(mid, h * 0.42f, it.color, 20, c.px(2));
      dl.AddLine(ImVec2(mid.x - r, mid.y - r), ImVec2(mid.x + r, mid.y + r), it.color, c.px(2.5f));
      dl.AddLine(ImVec2(mid.x - r, mid.y + r), ImVec2(mid.x + r, mid.y - r), it.color, c.px(2.5f));
      break;
    }
  }
}

ImVec2 drawLegend(Canvas& c, ImVec2 anchor, const std::vector<LegendItem>& items, bool alignRight) {
  if (items.empty()) return ImVec2(0, 0);
  const float lineH = c.fontPx() * 1.3f, sym = c.fontPx() * 1.6f, pad = c.px(8);
  float w = 0;
  for (const auto& it : items) w = std::max(w, c.textSize(it.label).x);
  const ImVec2 size(pad * 2 + sym + c.px(8) + w, pad * 2 + lineH * float(items.size()) - (lineH - c.fontPx()));
  const ImVec2 p0(alignRight ? anchor.x - size.x : anchor.x, anchor.y);
  c.draw().AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(10, 10, 14, 200), c.px(4));
  float y = p0.y + pad;
  for (const auto& it : items) {
    legendSymbol(c, ImVec2(p0.x + pad, y), sym, c.fontPx(), it);
    c.text(ImVec2(p0.x + pad + sym + c.px(8), y), palette::kText, it.label);
    y += lineH;
  }
  return size;
}

float drawLegendRow(Canvas& c, ImVec2 pos, float maxWidth, const std::vector<LegendItem>& items, float sizeMul,
                    bool draw) {
  const float fh = c.fontPx() * sizeMul, sym = fh * 1.4f, gap = fh * 0.9f;
  float x = pos.x, y = pos.y;
  for (const auto& it : items) {
    const float w = sym + fh * 0.3f + c.textSize(it.label, sizeMul).x;
    if (x > pos.x && x + w > pos.x + maxWidth) {
      x = pos.x;
      y += fh * 1.25f;
    }
    if (draw) {
      legendSymbol(c, ImVec2(x, y), sym, fh, it);
      c.text(ImVec2(x + sym + fh * 0.3f, y), palette::kText, it.label, sizeMul);
    }
    x += w + gap;
  }
  return y - pos.y + fh * 1.25f;
}

void drawColorBar(Canvas& c, ImVec2 p0, ImVec2 p1, ColorScale scale, double vmin, double vmax, const std::string& label,
                  const char* topNote, const char* bottomNote) {
  ImDrawList& dl = c.draw();
  const int n = 64;
  const float h = p1.y - p0.y;
  for (int i = 0; i < n; ++i) {
    const float ya = p1.y - h * float(i) / n, yb = p1.y - h * float(i + 1) / n;
    dl.AddRectFilled(ImVec2(p0.x, yb), ImVec2(p1.x, ya + 0.5f), colormapU32(scale, (i + 0.5f) / n));
  }
  dl.AddRect(p0, p1, palette::kAxis);
  const float small = 0.8f;
  if (vmax > vmin) {
    for (double t : niceTicks(vmin, vmax, std::max(2, int(h / (c.fontPx() * 2.2f))))) {
      const float y = float(p1.y - (t - vmin) / (vmax - vmin) * h);
      dl.AddLine(ImVec2(p1.x, y), ImVec2(p1.x + c.px(5), y), palette::kAxis, c.px(1.5f));
      c.text(ImVec2(p1.x + c.px(7), y - c.fontPx() * small / 2), palette::kTextDim, formatNumber(t), small);
    }
  }
  // Labels start at the bar's left edge: the space right of the plot is the bar's own.
  const float lx = p0.x - c.px(4);
  c.text(ImVec2(lx, p0.y - c.fontPx() * 1.3f - (topNote ? c.fontPx() : 0)), palette::kText, label);
  if (topNote) c.text(ImVec2(lx, p0.y - c.fontPx() * 1.1f), palette::kTextDim, topNote, small);
  if (bottomNote) c.text(ImVec2(lx, p1.y + c.px(4)), palette::kTextDim, bottomNote, small);
}

void drawArrow(ImDrawList& dl, ImVec2 from, ImVec2 to, ImU32 color, float thickness, float head) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1e-3f) return;
  const float ux = dx / len, uy = dy / len;
  head = std::min(head, len * 0.6f);
  const ImVec2 base(to.x - ux * head, to.y - uy * head);
  dl.AddLine(from, base, color, thickness);
  dl.AddTriangleFilled(to, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                       ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), color);
}

void drawDashedLine(ImDrawList& dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float dash) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1e-3f) return;
  for (float s = 0; s < len; s += 2 * dash) {
    const float e = std::min(len, s + dash);
    dl.AddLine(ImVec2(a.x + dx * s / len, a.y + dy * s / len), ImVec2(a.x + dx * e / len, a.y + dy * e / len), color,
               thickness);
  }
}

// The longest prefix of s that fits in maxWidth, with an ellipsis when cut.
std::string fitText(const Canvas& c, const std::string& s, float sizeMul, float maxWidth) {
  if (c.textSize(s, sizeMul).x <= maxWidth) return s;
  size_t n = s.size();
  while (n > 0) {
    do --n;  // never split a UTF-8 sequence
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80);
    const std::string cut = s.substr(0, n) + "\u2026";
    if (c.textSize(cut, sizeMul).x <= maxWidth) return cut;
  }
  return "";
}

void drawTitle(Canvas& c, ImVec2 pos, const std::string& title, const std::string& subtitle) {
  // Titles stop short of the window's overlay buttons (Canvas::reservedTopRight).
  const float limit = float(c.width()) - c.reservedTopRight() - c.px(6);
  const std::string t = fitText(c, title, 1.1f, limit - pos.x);
  c.text(pos, palette::kText, t, 1.1f);
  if (!subtitle.empty()) {
    const float x = pos.x + c.textSize(t, 1.1f).x + c.px(12);
    const std::string sub = fitText(c, subtitle, 0.9f, limit - x);
    if (!sub.empty()) c.text(ImVec2(x, pos.y + c.fontPx() * 0.15f), palette::kTextDim, sub, 0.9f);
  }
}

void drawMessage(Canvas& c, ImVec2 p0, ImVec2 p1, const std::string& text) {
  const float wrap = std::max(50.0f, (p1.x - p0.x) * 0.8f);
  ImVec2 s = c.textSize(text, 1.0f, wrap);
  c.text(ImVec2((p0.x + p1.x - s.x) / 2, (p0.y + p1.y - s.y) / 2), palette::kTextDim, text, 1.0f, wrap);
}

}  // namespace gs
