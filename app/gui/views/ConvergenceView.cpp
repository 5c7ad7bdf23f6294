// The convergence panel (see ConvergenceView.h).
#include "gui/views/ConvergenceView.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "gui/views/Plot.h"

namespace gs {

void ConvergenceView::render(const ViewInput& in, Canvas& c) {
  const Snapshot& s = in.snap;
  const float W = float(c.width()), H = float(c.height()), f = c.fontPx();
  const float x0 = f * 0.7f, wrap = W - f * 1.4f;
  float y = f * 0.5f;
  std::string headline = s.verdict.empty() ? (s.step == 0 ? "Not trained yet" : "Training...") : s.verdict;
  ImU32 col = palette::kYellow;
  if (s.diverged) {
    headline = "Diverged: " + headline;
    col = palette::kMissed;
  }
  // The headline wraps short of the PNG button in the window's top-right corner.
  const float headWrap = std::max(f * 4, wrap - c.reservedTopRight());
  c.text(ImVec2(x0, y), col, headline, 1.45f, headWrap);
  y += c.textSize(headline, 1.45f, headWrap).y + f * 0.35f;
  if (!s.verdictDetail.empty()) {
    c.text(ImVec2(x0, y), palette::kText, s.verdictDetail, 1.0f, wrap);
    y += c.textSize(s.verdictDetail, 1.0f, wrap).y + f * 0.5f;
  }

  // The numbers: diagnostics first, then every metric that applies (NaN = not applicable).
  const Diagnostics& d = s.diagnostics;
  const Metrics& m = s.metrics;
  std::vector<std::pair<std::string, double>> rows = {{"D loss", d.dLoss}, {"G loss", d.gLoss}};
  const bool logit = s.objective.output == OutputKind::Logit;
  rows.push_back({logit ? "D(real)" : "f(real)", d.dReal});
  rows.push_back({logit ? "D(fake)" : "f(fake)", d.dFake});
  if (std::isfinite(m.modesTotal)) rows.push_back({"modes", std::isfinite(m.modesCaptured) ? m.modesCaptured : NAN});
  const std::pair<const char*, double> metric[] = {{"HQ fraction", m.highQualityFraction},
                                                   {"JSD", m.jsd},
                                                   {"KL(p||q)", m.kl},
                                                   {"KL(q||p)", m.reverseKl},
                                                   {m.w1Sliced ? "sliced W1" : "W1", m.w1},
                                                   {"energy dist.", m.energyDistance},
                                                   {"|D-1/2| max", m.dFlatnessMax},
                                                   {"D* error", m.dStarError},
                                                   {"corr(E, -log p)", m.energyNllPearson}};
  for (const auto& [name, v] : metric)
    if (std::isfinite(v)) rows.push_back({name, v});
  for (const auto& [name, v] : d.state) rows.push_back({name, v});

  const float colW = std::max(f * 8.5f, (W - f * 1.4f) / 3.0f);
  const int cols = std::max(1, int((W - f * 1.4f) / colW));
  const float rowH = f * 1.25f;
  for (size_t i = 0; i < rows.size(); ++i) {
    const int col_ = int(i) % cols, row = int(i) / cols;
    const float rx = x0 + col_ * colW, ry = y + row * rowH;
    if (ry + rowH > H) break;
    std::string value = rows[i].first == "modes" && std::isfinite(m.modesTotal)
                            ? formatNumber(rows[i].second) + " / " + formatNumber(m.modesTotal)
                            : formatNumber(rows[i].second);
    c.text(ImVec2(rx, ry), palette::kTextDim, rows[i].first, 0.9f);
    c.text(ImVec2(rx + colW - c.textSize(value, 0.9f).x - f * 0.8f, ry), palette::kText, value, 0.9f);
  }
}

}  // namespace gs
