// Energy and Langevin samples (see LangevinView.h).
#include "gui/views/LangevinView.h"

#include <algorithm>
#include <cstdio>

#include "gui/views/DataView.h"
#include "gui/views/Plot.h"

namespace gs {

void LangevinView::render(const ViewInput& in, Canvas& c) {
  const Snapshot& s = in.snap;
  ImDrawList& dl = c.draw();
  const float W = float(c.width()), H = float(c.height()), f = c.fontPx();
  char sub[256];
  const std::string pearson = energyPearsonCaption(s);
  std::snprintf(sub, sizeof sub, "%s   step %lld%s%s", s.objective.title.c_str(), s.step, pearson.empty() ? "" : "   ",
                pearson.c_str());
  drawTitle(c, ImVec2(f * 0.6f, f * 0.5f), "Energy and Langevin samples", sub);
  if (s.objective.output != OutputKind::Energy || s.dim != 2) {
    drawMessage(c, ImVec2(0, f * 2), ImVec2(W, H),
                "Langevin sampling needs a 2-D run with an energy-based objective (EBGAN, MAGAN, BEGAN, "
                "calibrated EBGAN, ...).");
    return;
  }
  const CriticScale cs = criticScale(s);
  const float right = f * 6.0f, gap = f * 0.8f, top = f * 3.4f, bottom = H - f * 0.6f;
  const float pw = (W - right - f * 0.6f - gap) / 2;
  const Box box = s.critic.empty() ? s.box : s.critic.box;
  const char* titles[2] = {"generator G(z)", "Langevin samples of exp(-E)"};
  for (int panel = 0; panel < 2; ++panel) {
    // Each panel takes the data box's aspect (top-aligned), so the energy fills it.
    const double bw = std::max(1e-9, s.box.xmax - s.box.xmin), bh = std::max(1e-9, s.box.ymax - s.box.ymin);
    const float k = float(std::min(pw / bw, (bottom - top) / bh));
    const ImVec2 p0(f * 0.6f + panel * (pw + gap) + (pw - float(bw) * k) / 2, top);
    const ImVec2 p1(p0.x + float(bw) * k, top + float(bh) * k);
    const DataTransform t = DataTransform::fit(s.box, p0, p1);
    dl.AddRectFilled(p0, p1, palette::kPlotBackground);
    dl.PushClipRect(p0, p1, true);
    if (!s.critic.empty()) {
      c.field(criticLayer(in.textures.critic, t, box, cs));
    }
    drawSamples(c, t, s.real, IM_COL32(230, 159, 0, 110), c.px(2.2f));
    if (panel == 0) drawSamples(c, t, s.fake, palette::kFake, c.px(3.4f));
    else drawSamples(c, t, s.langevin, palette::kLangevin, c.px(3.4f));
    dl.PopClipRect();
    dl.AddRect(p0, p1, palette::kAxis);
    c.text(ImVec2(p0.x, top - f * 1.3f), panel == 0 ? palette::kFake : palette::kLangevin, titles[panel]);
  }
  if (s.langevin.cols() == 0)
    drawMessage(c, ImVec2(f * 0.6f + pw + gap, top), ImVec2(W - right, bottom), "No Langevin particles in this snapshot yet.");
  drawLegend(c, ImVec2(f * 0.6f + c.px(8), top + c.px(8)),
             {{LegendItem::Dot, palette::kReal, "real data"},
              {LegendItem::Dot, palette::kFake, "generated G(z)"},
              {LegendItem::Dot, palette::kLangevin, "Langevin particles"}});
  if (!s.critic.empty())
    drawColorBar(c, ImVec2(W - right + f * 1.2f, top + f * 2.4f), ImVec2(W - right + f * 2.3f, bottom - f * 1.8f),
                 cs.scale, cs.vmin, cs.vmax, cs.label, cs.top, cs.bottom);
}

}  // namespace gs
