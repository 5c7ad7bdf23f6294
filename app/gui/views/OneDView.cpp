// The 1-D view (see OneDView.h).
#include "gui/views/OneDView.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/views/DataView.h"
#include "gui/views/Plot.h"

namespace gs {

static void fieldLine(ImDrawList& dl, const Field& f, const Axes& a, double lo, double hi, ImU32 color, float thickness,
                      double yScaleLo, double yScaleHi) {
  // Maps field values [lo, hi] onto the axes' [yScaleLo, yScaleHi].
  if (f.empty() || f.nx < 2) return;
  std::vector<ImVec2> pts;
  pts.reserve(size_t(f.nx));
  for (int i = 0; i < f.nx; ++i) {
    const double x = f.box.xmin + (f.box.xmax - f.box.xmin) * i / (f.nx - 1);
    double v = f.at(i, 0);
    if (!std::isfinite(v)) continue;
    v = yScaleLo + (v - lo) / (hi - lo) * (yScaleHi - yScaleLo);
    pts.push_back(a.map(x, v));
  }
  dl.AddPolyline(pts.data(), int(pts.size()), color, 0, thickness);
}

void OneDView::render(const ViewInput& in, Canvas& c) {
  const Snapshot& s = in.snap;
  ImDrawList& dl = c.draw();
  const float W = float(c.width()), H = float(c.height()), f = c.fontPx();
  char sub[160];
  std::snprintf(sub, sizeof sub, "step %lld   %s", s.step, s.objective.title.c_str());
  drawTitle(c, ImVec2(f * 0.6f, f * 0.5f), "1-D densities and D(x)", sub);
  Axes a;
  a.p0 = ImVec2(f * 3.6f, f * 2.4f);
  a.p1 = ImVec2(W - f * 4.2f, H - f * 3.2f);
  if (s.dim != 1) {
    drawMessage(c, a.p0, a.p1, "This run's data are 2-D: see the data-space view.");
    return;
  }
  const Field& p = s.pData.empty() ? s.pDataKde : s.pData;
  const Box box = !s.criticField.empty() ? s.criticField.box : s.box;
  const CriticScale cs = criticScale(s);
  // Legend in a row above the plot: curves fill the whole plot height.
  std::vector<LegendItem> items = {{LegendItem::Line, palette::kReal, "p_data"}};
  if (showKde && !s.qKde.empty()) items.push_back({LegendItem::Line, palette::kFake, "p_g (KDE)"});
  if (showHistogram) items.push_back({LegendItem::Box, IM_COL32(86, 180, 233, 140), "p_g (histogram)"});
  items.push_back({LegendItem::Line, IM_COL32(235, 200, 255, 255), cs.label});
  // D* is a ratio of two KDEs with one bandwidth (Silverman's rule on the generated batch,
  // floored at 1% of the view): the legend says which, so a wiggle is read as estimation noise.
  // With instance noise D only sees blurred inputs: its optimum is p_σ/(p_σ+q_σ), and h
  // includes the noise (sqrt(h² + σ²)).
  char dStarLabel[128];
  if (s.config.instanceNoise > 0)
    std::snprintf(dStarLabel, sizeof dStarLabel, "D* = pσ/(pσ+qσ), noise σ = %s, h = %s",
                  formatNumber(s.config.instanceNoise).c_str(), formatNumber(s.dStarBandwidth).c_str());
  else
    std::snprintf(dStarLabel, sizeof dStarLabel, "D*(x) = p/(p+q), KDEs h = %s",
                  formatNumber(s.dStarBandwidth).c_str());
  if (showDStar && !s.dStar.empty()) items.push_back({LegendItem::Line, palette::kGreen, dStarLabel});
  if (cs.scale == ColorScale::Diverging) {
    items.push_back({LegendItem::Dashed, IM_COL32(220, 220, 220, 200), "D = 1/2"});
    items.push_back({LegendItem::Box, IM_COL32(190, 130, 230, 120), "gap D - 1/2"});
  }
  if (showArrows && s.push.cols() > 0) items.push_back({LegendItem::Arrow, IM_COL32(255, 255, 255, 220), "push on G"});
  const float legendH = drawLegendRow(c, ImVec2(a.p0.x, f * 2.0f), a.p1.x - a.p0.x, items, 0.9f);
  a.p0.y = f * 2.0f + legendH + f * 0.4f;
  a.x0 = box.xmin;
  a.x1 = box.xmax;

  // Histogram of generated samples, as a density.
  const int bins = 60;
  std::vector<double> hist(bins, 0.0);
  const double bw = (a.x1 - a.x0) / bins;
  const int n = int(s.fake.cols());
  if (s.fake.rows() >= 1 && n > 0) {
    for (int i = 0; i < n; ++i) {
      const int b = int(std::floor((s.fake(0, i) - a.x0) / bw));
      if (b >= 0 && b < bins) hist[size_t(b)] += 1.0 / (n * bw);
    }
  }
  double ymax = 0;
  for (float v : p.values)
    if (std::isfinite(v)) ymax = std::max(ymax, double(v));
  for (float v : s.qKde.values)
    if (std::isfinite(v)) ymax = std::max(ymax, double(v));
  if (showHistogram)
    for (double v : hist) ymax = std::max(ymax, v);
  if (!(ymax > 0)) ymax = 1;
  // Cap at 2.5x the data's peak so a collapsed generator does not flatten p_data to a line.
  double pPeak = 0;
  for (float v : p.values)
    if (std::isfinite(v)) pPeak = std::max(pPeak, double(v));
  if (pPeak > 0) ymax = std::min(ymax, 2.5 * pPeak);
  a.y0 = 0;
  a.y1 = ymax * 1.08;
  drawAxes(c, a, "x", "density");

  // Right axis: D in its own units.
  const double dlo = cs.vmin, dhi = cs.vmax;
  auto dToY = [&](double d) { return a.y0 + (d - dlo) / (dhi - dlo) * (a.y1 - a.y0); };
  for (double t : niceTicks(dlo, dhi, 5)) {
    const ImVec2 q = a.map(a.x1, dToY(t));
    dl.AddLine(q, ImVec2(q.x + c.px(5), q.y), palette::kAxis, c.px(1.5f));
    c.text(ImVec2(q.x + c.px(7), q.y - f * 0.4f), palette::kTextDim, formatNumber(t), 0.8f);
  }
  c.text(ImVec2(a.p1.x - c.textSize(cs.label, 0.8f).x - c.px(4), a.p0.y + c.px(2)), palette::kTextDim, cs.label, 0.8f);

  dl.PushClipRect(a.p0, a.p1, true);
  // Filled areas are built from adjacent quads: without anti-aliased fringes, or the
  // overlapping fringes show up as stripes.
  const ImDrawListFlags savedFlags = dl.Flags;
  dl.Flags &= ~ImDrawListFlags_AntiAliasedFill;
  // Gap between D and 1/2 (logits): what the generator still has to remove.
  if (cs.scale == ColorScale::Diverging && !s.criticField.empty() && s.criticField.nx > 1) {
    const Field& d = s.criticField;
    const float yHalf = a.map(a.x0, dToY(0.5)).y;
    const ImU32 shade = IM_COL32(190, 130, 230, 70);
    for (int i = 0; i + 1 < d.nx; ++i) {
      const double xa = d.box.xmin + (d.box.xmax - d.box.xmin) * i / (d.nx - 1);
      const double xb = d.box.xmin + (d.box.xmax - d.box.xmin) * (i + 1) / (d.nx - 1);
      const double va = d.at(i, 0) - 0.5, vb = d.at(i + 1, 0) - 0.5;
      if (!std::isfinite(va) || !std::isfinite(vb)) continue;
      const ImVec2 pa = a.map(xa, dToY(va + 0.5)), pb = a.map(xb, dToY(vb + 0.5));
      const ImVec2 ha(pa.x, yHalf), hb(pb.x, yHalf);
      if ((va >= 0) == (vb >= 0)) {
        dl.AddQuadFilled(ha, pa, pb, hb, shade);
      } else {  // crosses 1/2 inside the cell: two triangles
        const double tcross = va / (va - vb);
        const ImVec2 m(float(pa.x + tcross * (pb.x - pa.x)), yHalf);
        dl.AddTriangleFilled(ha, pa, m, shade);
        dl.AddTriangleFilled(m, pb, hb, shade);
      }
    }
  }
  // p_data: filled.
  if (!p.empty() && p.nx > 1) {
    for (int i = 0; i + 1 < p.nx; ++i) {
      const double xa = p.box.xmin + (p.box.xmax - p.box.xmin) * i / (p.nx - 1);
      const double xb = p.box.xmin + (p.box.xmax - p.box.xmin) * (i + 1) / (p.nx - 1);
      dl.AddQuadFilled(a.map(xa, 0), a.map(xa, p.at(i, 0)), a.map(xb, p.at(i + 1, 0)), a.map(xb, 0),
                       IM_COL32(230, 159, 0, 60));
    }
    dl.Flags = savedFlags;
    fieldLine(dl, p, a, 0, 1, palette::kReal, c.px(3), 0, 1);
  }
  dl.Flags = savedFlags;
  if (showHistogram) {
    for (int b = 0; b < bins; ++b) {
      if (hist[size_t(b)] <= 0) continue;
      const ImVec2 p0 = a.map(a.x0 + b * bw, hist[size_t(b)]), p1 = a.map(a.x0 + (b + 1) * bw, 0);
      dl.AddRectFilled(ImVec2(p0.x + 1, p0.y), p1, IM_COL32(86, 180, 233, 80));
    }
  }
  if (showKde) fieldLine(dl, s.qKde, a, 0, 1, palette::kFake, c.px(3), 0, 1);
  const float yHalf = a.map(a.x0, dToY(0.5)).y;
  if (cs.scale == ColorScale::Diverging)
    drawDashedLine(dl, ImVec2(a.p0.x, yHalf), ImVec2(a.p1.x, yHalf), IM_COL32(220, 220, 220, 170), c.px(1.5f), c.px(6));
  if (showDStar && !s.dStar.empty()) fieldLine(dl, s.dStar, a, dlo, dhi, palette::kGreen, c.px(2.5f), a.y0, a.y1);
  fieldLine(dl, s.criticField, a, dlo, dhi, IM_COL32(235, 200, 255, 255), c.px(3.5f), a.y0, a.y1);

  // Rugs: real (bottom row) and generated (above), with the push on each generated sample.
  const float rug = a.p1.y - c.px(4), rug2 = a.p1.y - c.px(16);
  for (int i = 0; i < int(s.real.cols()) && s.real.rows() >= 1; ++i) {
    const float x = a.map(s.real(0, i), 0).x;
    dl.AddLine(ImVec2(x, rug - c.px(8)), ImVec2(x, rug), palette::kReal, c.px(1.5f));
  }
  for (int i = 0; i < n; ++i) {
    const float x = a.map(s.fake(0, i), 0).x;
    dl.AddLine(ImVec2(x, rug2 - c.px(8)), ImVec2(x, rug2), palette::kFake, c.px(1.5f));
  }
  if (showArrows && s.push.cols() == n && n > 0 && s.push.rows() >= 1) {
    double maxNorm = 0;
    for (int i = 0; i < n; ++i) maxNorm = std::max(maxNorm, std::abs(s.push(0, i)));
    if (maxNorm > 0 && std::isfinite(maxNorm)) {
      const double scale = 0.06 * (a.p1.x - a.p0.x) / maxNorm;
      const int stride = std::max(1, n / 48);
      const float y = rug2 - c.px(22);
      for (int i = 0; i < n; i += stride) {
        const ImVec2 from = a.map(s.fake(0, i), 0);
        const float len = float(s.push(0, i) * scale);
        if (std::abs(len) < c.px(3)) continue;
        drawArrow(dl, ImVec2(from.x, y), ImVec2(from.x + len, y), IM_COL32(255, 255, 255, 190), c.px(1.4f), c.px(6));
      }
    }
  }

  // Hover read-out.
  if (in.mouse.x >= 0 && a.contains(in.mouse)) {
    const double x = a.unmapX(in.mouse.x);
    dl.AddLine(ImVec2(in.mouse.x, a.p0.y), ImVec2(in.mouse.x, a.p1.y), IM_COL32(255, 255, 255, 120), c.px(1));
    char buf[384];
    const double dStarHere = sampleField(s.dStar, x);
    std::snprintf(buf, sizeof buf, "x = %.3f\np(x) = %s\nq(x) = %s\n%s = %s\nD*(x) = %s%s", x,
                  formatNumber(sampleField(p, x)).c_str(), formatNumber(sampleField(s.qKde, x)).c_str(),
                  cs.label.c_str(), formatNumber(sampleField(s.criticField, x)).c_str(),
                  std::isfinite(dStarHere) ? formatNumber(dStarHere).c_str() : "- (too few samples here)",
                  s.dStar.empty() ? ""
                                  : "\n(D* from Gaussian KDEs of real and generated batches,\n"
                                    " one bandwidth: Silverman's rule on the generated batch)");
    const ImVec2 ts = c.textSize(buf);
    ImVec2 at(in.mouse.x + f, a.p0.y + f * 4);
    if (at.x + ts.x > a.p1.x) at.x = in.mouse.x - ts.x - f;
    dl.AddRectFilled(ImVec2(at.x - c.px(6), at.y - c.px(4)), ImVec2(at.x + ts.x + c.px(6), at.y + ts.y + c.px(4)),
                     IM_COL32(10, 10, 14, 225), c.px(4));
    c.text(at, palette::kText, buf);
  }
  dl.PopClipRect();
}

}  // namespace gs
