// The learned energy against its predicted optimum (see EnergyTargetView.h).
#include "gui/views/EnergyTargetView.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gui/views/Plot.h"

namespace gs {

namespace {

double paramOf(const Snapshot& s, const char* key, double fallback) {
  for (const ParamSpec& p : s.objectiveParams)
    if (p.key == key) return p.value;
  return fallback;
}

}  // namespace

void EnergyTargetView::render(const ViewInput& in, Canvas& c) {
  const Snapshot& s = in.snap;
  ImDrawList& dl = c.draw();
  const float W = float(c.width()), H = float(c.height()), f = c.fontPx();
  const EnergyTarget target = s.metrics.energyTarget;
  const bool flat = target == EnergyTarget::Flat;
  const bool negP = target == EnergyTarget::NegDensity;
  const char* form = negP   ? "l2: K = ∫p_g², predicted E = -2w·p_data + c"
                     : flat ? "K = const: predicted E flat"
                            : "entropy: K = -H(p_g), predicted E = -w·log p_data + c";
  char sub[256];
  std::snprintf(sub, sizeof sub, "step %lld   %s", s.step, form);
  drawTitle(c, ImVec2(f * 0.6f, f * 0.5f), "Energy vs predicted optimum", sub);
  const ImVec2 m0(0, f * 2.2f), m1(W, H);
  if (s.objective.output != OutputKind::Energy || target == EnergyTarget::Unknown) {
    drawMessage(c, m0, m1,
                "Needs an energy objective with a predicted optimal energy: calibrated EBGAN "
                "(objective.regulariser = entropy, l2 or none).");
    return;
  }
  if (s.pData.empty() || s.criticField.empty()) {
    drawMessage(c, m0, m1,
                "Needs data with a known density (biased-mixture, ring8, ...): the prediction is made of p_data.");
    return;
  }

  // (prediction, energy) at every real sample inside the grids.
  std::vector<double> xs, ys;
  for (Eigen::Index i = 0; i < s.real.cols(); ++i) {
    const double x = s.real(0, i), y = s.dim > 1 ? s.real(1, i) : 0.0;
    const double p = sampleField(s.pData, x, y), e = sampleField(s.criticField, x, y);
    if (!std::isfinite(p) || !std::isfinite(e)) continue;
    xs.push_back(negP ? -2.0 * p : -std::log(std::max(p, 1e-12)));
    ys.push_back(e);
  }
  if (xs.size() < 3) {
    drawMessage(c, m0, m1, "No real samples inside the field's grid yet.");
    return;
  }
  double mx = 0, my = 0;
  for (size_t i = 0; i < xs.size(); ++i) mx += xs[i], my += ys[i];
  mx /= double(xs.size()), my /= double(ys.size());
  double sxx = 0, sxy = 0, syy = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    sxx += (xs[i] - mx) * (xs[i] - mx);
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) * (ys[i] - my);
  }
  const double slope = sxx > 0 ? sxy / sxx : 0.0;
  const double w = paramOf(s, "entropy_weight", 1.0);
  const double predictedSlope = flat ? 0.0 : w;

  // Axis ranges: robust (1st..99th percentile) so a few far samples do not squash the cloud.
  auto range = [](std::vector<double> v, double& lo, double& hi) {
    std::sort(v.begin(), v.end());
    lo = v[size_t(0.01 * double(v.size() - 1))];
    hi = v[size_t(0.99 * double(v.size() - 1))];
    const double pad = std::max(1e-6, 0.08 * (hi - lo));
    lo -= pad, hi += pad;
  };
  Axes a;
  range(xs, a.x0, a.x1);
  range(ys, a.y0, a.y1);
  const float legendTop = f * 2.4f;
  const std::vector<LegendItem> legend = {
      {LegendItem::Dot, palette::kReal, "real samples: (prediction, E)"},
      {LegendItem::Dashed, palette::kGreen, flat ? "predicted: flat" : "predicted: slope w = " + formatNumber(w)},
      {LegendItem::Line, palette::kFake, "least-squares fit"}};
  const float legendH = drawLegendRow(c, ImVec2(f * 0.6f, legendTop), W - f * 1.2f, legend, 0.9f);
  a.p0 = ImVec2(f * 4.2f, legendTop + legendH + f * 0.6f);
  a.p1 = ImVec2(W - f * 1.0f, H - f * 4.2f);
  if (a.p1.x - a.p0.x < f * 4 || a.p1.y - a.p0.y < f * 3) return;
  const char* xLabel = negP ? "-2 p_data(x)" : "-log p_data(x)";
  drawAxes(c, a, flat ? "-log p_data(x) (for reference; the prediction is flat)" : xLabel, "energy E(x)");
  dl.PushClipRect(a.p0, a.p1, true);
  const float r = c.px(2.0f);
  for (size_t i = 0; i < xs.size(); ++i) dl.AddCircleFilled(a.map(xs[i], ys[i]), r, IM_COL32(230, 159, 0, 120), 8);
  drawDashedLine(dl, a.map(a.x0, my + predictedSlope * (a.x0 - mx)), a.map(a.x1, my + predictedSlope * (a.x1 - mx)),
                 palette::kGreen, c.px(2.5f), c.px(9));
  dl.AddLine(a.map(a.x0, my + slope * (a.x0 - mx)), a.map(a.x1, my + slope * (a.x1 - mx)), palette::kFake, c.px(2.5f));
  dl.PopClipRect();

  // The numbers under the plot.
  char line[256];
  const double rEval = s.metrics.energyTargetPearson;
  if (flat)
    std::snprintf(line, sizeof line,
                  "Pearson: none (a flat target has no correlation)   energy spread (std) %s   fit slope %s",
                  formatNumber(std::sqrt(syy / double(ys.size()))).c_str(), formatNumber(slope).c_str());
  else
    std::snprintf(line, sizeof line, "Pearson(E, %s) = %s   fit slope %s (predicted %s)", xLabel,
                  std::isfinite(rEval) ? formatNumber(rEval).c_str() : "not evaluated yet", formatNumber(slope).c_str(),
                  formatNumber(predictedSlope).c_str());
  c.text(ImVec2(f * 0.6f, H - f * 1.6f), palette::kText, line, 1.0f);
}

}  // namespace gs
