// Energy and Langevin samples (see LangevinView.h).
#include "gui/views/LangevinView.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "gui/views/DataView.h"
#include "gui/views/Plot.h"

namespace gs {

void LangevinView::render(const ViewInput& in, Canvas& c) {
  const Snapshot& s = in.snap;
  ImDrawList& dl = c.draw();
  const float W = float(c.width()), H = float(c.height()), f = c.fontPx();
  char sub[256];
  const std::string pearson = energyPearsonCaption(s);
  std::snprintf(sub, sizeof sub, "step %lld   %s%s%s", s.step, s.objective.title.c_str(), pearson.empty() ? "" : "   ",
                pearson.c_str());
  drawTitle(c, ImVec2(f * 0.6f, f * 0.5f), "Energy and Langevin samples", sub);
  if (s.objective.output != OutputKind::Energy || s.dim != 2) {
    drawMessage(c, ImVec2(0, f * 2), ImVec2(W, H),
                "Langevin sampling needs a 2-D run with an energy-based objective (EBGAN, MAGAN, BEGAN, "
                "calibrated EBGAN, ...).");
    return;
  }
  const CriticScale cs = criticScale(s);
  const float right = f * 6.0f, gap = f * 0.8f, titleH = f * 1.4f, top = f * 2.2f;
  // The legend sits in one row under the panels, never over them.
  const std::vector<LegendItem> legend = {{LegendItem::Dot, palette::kReal, "real data"},
                                          {LegendItem::Dot, palette::kFake, s.fakeLabel},
                                          {LegendItem::Dot, palette::kLangevin, "Langevin particles"}};
  const float areaW = W - right - f * 0.6f;
  const float legendH = drawLegendRow(c, ImVec2(0, 0), areaW, legend, 0.9f, false) + f * 0.4f;
  const float bottom = H - f * 0.4f - legendH;
  const Box box = s.criticField.empty() ? s.box : s.criticField.box;
  const double bw = std::max(1e-9, s.box.xmax - s.box.xmin), bh = std::max(1e-9, s.box.ymax - s.box.ymin);
  // Side by side or stacked, whichever gives the panels more room in this view's shape.
  const float sideW = (areaW - gap) / 2, sideH = bottom - top - titleH;
  const float kSide = float(std::min(sideW / bw, sideH / bh));
  const float stackH = (bottom - top - 2 * titleH - gap) / 2;
  const float kStack = float(std::min(areaW / bw, stackH / bh));
  const bool stacked = kStack > kSide;
  const float k = std::max(1e-3f, stacked ? kStack : kSide);
  const float pw = float(bw) * k, ph = float(bh) * k;
  // The particles sample exp(-E/T); calibrated EBGAN's energy is -w log p, so T = w there.
  char langevinTitle[96] = "Langevin samples of exp(-E)";
  if (s.langevinTemperature != 1.0)
    std::snprintf(langevinTitle, sizeof langevinTitle, "Langevin samples of exp(-E/T), T = %s",
                  formatNumber(s.langevinTemperature).c_str());
  // Calibrated EBGAN with the l2 or no regulariser: c* = -2w p or flat, so exp(-E) is not p.
  if (s.metrics.energyTarget == EnergyTarget::NegDensity)
    std::snprintf(langevinTitle, sizeof langevinTitle, "Langevin of exp(-E): not a sampler of p (E ~ -2w p)");
  else if (s.metrics.energyTarget == EnergyTarget::Flat)
    std::snprintf(langevinTitle, sizeof langevinTitle, "Langevin of exp(-E): not a sampler of p (E flat)");
  const char* titles[2] = {"generator G(z)", langevinTitle};
  float lowest = top;
  for (int panel = 0; panel < 2; ++panel) {
    ImVec2 p0;
    if (stacked)
      p0 = ImVec2(f * 0.6f + (areaW - pw) / 2, top + titleH + panel * (ph + gap + titleH));
    else
      p0 = ImVec2(f * 0.6f + panel * (sideW + gap) + (sideW - pw) / 2, top + titleH);
    const ImVec2 p1(p0.x + pw, p0.y + ph);
    lowest = std::max(lowest, p1.y);
    const DataTransform t = DataTransform::fit(s.box, p0, p1);
    dl.AddRectFilled(p0, p1, palette::kPlotBackground);
    dl.PushClipRect(p0, p1, true);
    if (!s.criticField.empty()) { c.field(criticLayer(in.textures.critic, t, box, cs)); }
    drawSamples(c, t, s.real, IM_COL32(230, 159, 0, 110), c.px(2.2f));
    if (panel == 0)
      drawSamples(c, t, s.fake, palette::kFake, c.px(3.4f));
    else
      drawSamples(c, t, s.langevin, palette::kLangevin, c.px(3.4f));
    if (panel == 1 && s.langevin.cols() == 0) drawMessage(c, p0, p1, "No Langevin particles in this snapshot yet.");
    dl.PopClipRect();
    dl.AddRect(p0, p1, palette::kAxis);
    c.text(ImVec2(p0.x, p0.y - titleH + f * 0.2f), panel == 0 ? palette::kFake : palette::kLangevin, titles[panel]);
  }
  drawLegendRow(c, ImVec2(f * 0.6f, lowest + f * 0.4f), areaW, legend, 0.9f);
  if (!s.criticField.empty())
    drawColorBar(c, ImVec2(W - right + f * 1.2f, top + f * 3.0f), ImVec2(W - right + f * 2.3f, bottom - f * 1.8f),
                 cs.scale, cs.vmin, cs.vmax, cs.label, cs.top, cs.bottom);
}

}  // namespace gs
