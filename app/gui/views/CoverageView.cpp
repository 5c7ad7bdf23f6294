// Mode coverage bars (see CoverageView.h).
#include "gui/views/CoverageView.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/views/Plot.h"

namespace gs {

void CoverageView::render(const ViewInput& in, Canvas& c) {
  const Snapshot& s = in.snap;
  ImDrawList& dl = c.draw();
  const float W = float(c.width()), H = float(c.height()), f = c.fontPx();
  const ModeCoverage& cov = s.coverage;
  const auto& counts = cov.perModeCounts;
  const int k = int(counts.size());
  char sub[160] = "";
  if (k > 0)
    std::snprintf(sub, sizeof sub, "%d/%d captured, %.0f%% HQ", cov.modesCaptured, cov.modesTotal,
                  100.0 * cov.highQualityFraction);
  else if (!s.modes.empty())
    std::snprintf(sub, sizeof sub, "evaluating...");
  drawTitle(c, ImVec2(f * 0.6f, f * 0.5f), "Mode coverage", sub);
  if (k == 0) {
    drawMessage(c, ImVec2(0, f * 2), ImVec2(W, H),
                "This dataset has no discrete modes. Coverage is counted on mixtures: ring8, grid25, mix2-1d, ...");
    return;
  }
  int total = 0, peak = 1;
  for (int v : counts) {
    total += v;
    peak = std::max(peak, v);
  }
  // Ideal: high-quality samples spread by the modes' weights.
  std::vector<double> ideal(size_t(k), double(total) / k);
  if (int(s.modes.size()) == k) {
    double wsum = 0;
    for (const Mode& m : s.modes) wsum += m.weight;
    if (wsum > 0)
      for (int i = 0; i < k; ++i) ideal[size_t(i)] = total * s.modes[size_t(i)].weight / wsum;
  }
  double ymax = peak;
  for (double v : ideal) ymax = std::max(ymax, v);
  const float legendH = drawLegendRow(c, ImVec2(f * 3.2f, f * 2.0f), W - f * 4.0f,
                                      {{LegendItem::Box, palette::kFake, "high-quality samples"},
                                       {LegendItem::Line, palette::kReal, "ideal"},
                                       {LegendItem::Cross, palette::kMissed, "missed"}});
  Axes a;
  a.p0 = ImVec2(f * 3.2f, f * 2.1f + legendH);
  a.p1 = ImVec2(W - f * 0.8f, H - f * 1.7f);
  a.x0 = 0;
  a.x1 = k;
  a.y0 = 0;
  a.y1 = ymax * 1.08;
  dl.AddRectFilled(a.p0, a.p1, palette::kPlotBackground);
  for (double t : niceTicks(a.y0, a.y1, std::max(2, int((a.p1.y - a.p0.y) / (f * 2))))) {
    const float y = a.map(0, t).y;
    dl.AddLine(ImVec2(a.p0.x, y), ImVec2(a.p1.x, y), palette::kGrid);
    const std::string lab = formatNumber(t);
    c.text(ImVec2(a.p0.x - c.textSize(lab, 0.8f).x - c.px(5), y - f * 0.4f), palette::kTextDim, lab, 0.8f);
  }
  const float slot = (a.p1.x - a.p0.x) / k, barW = slot * 0.7f;
  const int labelEvery = std::max(1, int(std::ceil(c.textSize("00").x * 1.6f / slot)));
  for (int i = 0; i < k; ++i) {
    const float cx = a.p0.x + slot * (i + 0.5f);
    const bool missed = counts[size_t(i)] == 0;
    const float y = a.map(0, counts[size_t(i)]).y;
    if (missed) {
      // A missed mode has no bar (its count is 0): a red cross on the baseline marks it, so it
      // never looks like the tallest bar.
      const float r = std::min(barW * 0.35f, f * 0.45f), my = a.p1.y - r - c.px(3);
      dl.AddCircle(ImVec2(cx, my), r, palette::kMissed, 0, c.px(2));
      dl.AddLine(ImVec2(cx - r * 0.7f, my - r * 0.7f), ImVec2(cx + r * 0.7f, my + r * 0.7f), palette::kMissed, c.px(2));
      dl.AddLine(ImVec2(cx - r * 0.7f, my + r * 0.7f), ImVec2(cx + r * 0.7f, my - r * 0.7f), palette::kMissed, c.px(2));
    } else {
      dl.AddRectFilled(ImVec2(cx - barW / 2, y), ImVec2(cx + barW / 2, a.p1.y), palette::kFake);
    }
    const float iy = a.map(0, ideal[size_t(i)]).y;
    dl.AddLine(ImVec2(cx - slot * 0.45f, iy), ImVec2(cx + slot * 0.45f, iy), palette::kReal, c.px(2.5f));
    if (i % labelEvery == 0) {
      const std::string lab = std::to_string(i + 1);
      c.text(ImVec2(cx - c.textSize(lab, 0.8f).x / 2, a.p1.y + c.px(3)), missed ? palette::kMissed : palette::kTextDim,
             lab, 0.8f);
    }
    if (in.mouse.x >= cx - slot / 2 && in.mouse.x < cx + slot / 2 && in.mouse.y >= a.p0.y && in.mouse.y <= a.p1.y) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "mode %d: %d samples (ideal %.0f)%s", i + 1, counts[size_t(i)], ideal[size_t(i)],
                    missed ? "  MISSED" : "");
      const ImVec2 ts = c.textSize(buf);
      const float x = std::clamp(cx - ts.x / 2, c.px(4), W - ts.x - c.px(4));
      dl.AddRectFilled(ImVec2(x - c.px(5), a.p0.y + c.px(2)), ImVec2(x + ts.x + c.px(5), a.p0.y + ts.y + c.px(8)),
                       IM_COL32(10, 10, 14, 230), c.px(4));
      c.text(ImVec2(x, a.p0.y + c.px(5)), palette::kText, buf);
    }
  }
  dl.AddRect(a.p0, a.p1, palette::kAxis);
}

}  // namespace gs
