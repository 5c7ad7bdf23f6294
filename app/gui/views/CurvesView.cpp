// Training curves (see CurvesView.h).
#include "gui/views/CurvesView.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/views/Plot.h"

namespace gs {

const std::vector<CurveGroup>& curveGroups() {
  // Display order = priority when the panel is too short for all of them. Objective state
  // (k_t, margins) and mixture weights come early: they are empty unless the objective has them.
  static const std::vector<CurveGroup> groups = {
      {"Losses", {"d_loss", "g_loss"}},
      {"Objective state", {}},
      {"Mixture weights", {}},
      {"D on real / fake", {"d_real", "d_fake", "d_gap"}},
      {"Divergences", {"jsd", "kl", "reverse_kl", "w1", "sw1", "energy_distance"}},
      {"Modes captured", {"modes_captured", "modes_total"}},
      {"Sample quality", {"high_quality_fraction", "reverse_kl_modes"}},
      {"D vs its optimum",
       {"d_flatness_max", "d_flatness_std", "d_star_error", "energy_nll_pearson", "energy_target_pearson"}},
      {"Gradient norms", {"d_grad_norm", "g_grad_norm", "penalty"}},
  };
  return groups;
}

int curveGroupOf(const std::string& name) {
  const auto& g = curveGroups();
  for (size_t i = 0; i < g.size(); ++i)
    for (const char* m : g[i].members)
      if (name == m) return int(i);
  if (name.rfind("w_g", 0) == 0 || name.rfind("w_d", 0) == 0) return 2;
  return 1;
}

ImU32 timelineMarkColour(MarkKind kind) {
  switch (kind) {
    case MarkKind::Branch:
      return palette::rgb(255, 90, 200);  // magenta: nothing else in the curves uses it
    case MarkKind::ObjectiveChange:
      return palette::kFake;
    case MarkKind::DataChange:
      return palette::kReal;
    case MarkKind::Reset:
    case MarkKind::SessionOpened:
      return palette::kTextDim;
  }
  return palette::kText;
}

namespace {

// Timeline marks over one plot: a vertical line per mark (the branch dashed and thicker), the
// short labels in the top plot only; while a checkpoint is viewed, its step in yellow and the
// run after it dimmed.
void drawTimelineMarks(Canvas& c, const Axes& a, const TimelineSummary& t, bool labels) {
  ImDrawList& dl = c.draw();
  const double lo = std::min(a.x0, a.x1), hi = std::max(a.x0, a.x1);
  float labelRight = -1e9f;  // labels that would overlap the previous one are left out
  for (const TimelineMark& m : t.marks) {
    if (double(m.step) < lo || double(m.step) > hi) continue;
    const float x = a.map(double(m.step), a.y0).x;
    const ImU32 col = timelineMarkColour(m.kind);
    if (m.kind == MarkKind::Branch) {
      const float dash = c.px(6);
      for (float y = a.p0.y; y < a.p1.y; y += 2 * dash)
        dl.AddLine(ImVec2(x, y), ImVec2(x, std::min(a.p1.y, y + dash)), col, c.px(2.5f));
    } else {
      dl.AddLine(ImVec2(x, a.p0.y), ImVec2(x, a.p1.y), (col & 0x00FFFFFF) | 0xC0000000, c.px(1.5f));
    }
    if (labels && x > labelRight) {
      const ImVec2 ts = c.textSize(m.label, 0.7f);
      const float lx = std::min(x + c.px(3), a.p1.x - ts.x - c.px(2));
      c.textHalo(ImVec2(lx, a.p0.y + c.px(2)), col, m.label, 0.7f);
      labelRight = lx + ts.x + c.px(6);
    }
  }
  if (t.viewedStep >= 0 && double(t.viewedStep) >= lo && double(t.viewedStep) <= hi) {
    const float x = a.map(double(t.viewedStep), a.y0).x;
    dl.AddRectFilled(ImVec2(x, a.p0.y), a.p1, IM_COL32(0, 0, 0, 110));
    dl.AddLine(ImVec2(x, a.p0.y), ImVec2(x, a.p1.y), palette::kYellow, c.px(2.5f));
  }
}

}  // namespace

void CurvesView::render(const ViewInput& in, Canvas& c) {
  const Snapshot& s = in.snap;
  ImDrawList& dl = c.draw();
  const float W = float(c.width()), H = float(c.height()), f = c.fontPx();
  drawTitle(c, ImVec2(f * 0.6f, f * 0.5f), "Training curves", logY ? "log scale" : "");
  const History* h = s.history.get();
  shownGroups = 0;
  if (!h || h->size() == 0) {
    drawMessage(c, ImVec2(0, 0), ImVec2(W, H), "No curves yet: press play (space) to train.");
    return;
  }
  const auto& steps = h->steps();
  const long long last = steps.back();
  const long long first = windowSteps > 0 ? std::max<long long>(steps.front(), last - windowSteps) : steps.front();
  const size_t begin = size_t(std::lower_bound(steps.begin(), steps.end(), first) - steps.begin());

  // Series per visible group that have at least one finite value in the window.
  const size_t ng = curveGroups().size();
  std::vector<std::vector<size_t>> members(ng);
  for (size_t k = 0; k < h->series().size(); ++k) {
    const Series& se = h->series()[k];
    if (hiddenSeries.count(se.name)) continue;
    const int g = curveGroupOf(se.name);
    if (hiddenGroups.count(g)) continue;
    bool any = false;
    for (size_t i = begin; i < se.values.size() && !any; ++i)
      any = std::isfinite(se.values[i]) && (!logY || se.values[i] > 0);
    if (any) members[size_t(g)].push_back(k);
  }
  std::vector<size_t> shown;
  for (size_t g = 0; g < ng; ++g)
    if (!members[g].empty()) shown.push_back(g);
  shownGroups = int(shown.size());
  if (shown.empty()) {
    drawMessage(c, ImVec2(0, 0), ImVec2(W, H),
                "All curves are hidden (or empty on a log scale): Curves... chooses them.");
    return;
  }

  // Each plot gets a header (group title and legend, measured so a long legend wraps above the
  // plot, never over it) and at least ~3 lines of height; groups that do not fit are named at
  // the bottom instead of being squeezed.
  const float top = f * 2.0f, gap = f * 0.5f, minPlot = f * 2.6f;
  const float left = f * 3.8f, right = W - f * 0.8f;
  float bottom = H - f * 1.6f;
  auto legendStart = [&](size_t g) {
    return std::max(left, f * 0.6f + c.textSize(curveGroups()[g].title, 0.85f).x + f);
  };
  std::vector<float> headers;
  float used = 0;
  std::string dropped;
  for (size_t i = 0; i < shown.size(); ++i) {
    std::vector<LegendItem> dummy;
    for (size_t k : members[shown[i]]) dummy.push_back({LegendItem::Line, 0, h->series()[k].name + "  -0.000"});
    const float hh = drawLegendRow(c, ImVec2(0, 0), right - legendStart(shown[i]), dummy, 0.85f, false);
    if (i > 0 && used + hh + minPlot + gap > bottom - top - f * 1.1f) {
      for (size_t j = i; j < shown.size(); ++j)
        dropped += std::string(j > i ? ", " : "") + curveGroups()[shown[j]].title;
      shown.resize(i);
      bottom -= f * 1.1f;
      break;
    }
    headers.push_back(hh);
    used += hh + minPlot + gap;
  }
  float headerSum = 0;
  for (float hh : headers) headerSum += hh;
  const float ph = (bottom - top - gap * float(shown.size() - 1) - headerSum) / float(shown.size());
  // Hovered step (shared by all stacked plots).
  long long hoverStep = -1;
  size_t hoverIdx = steps.size() - 1;
  if (in.mouse.x >= left && in.mouse.x <= right && in.mouse.y >= top && in.mouse.y <= bottom) {
    const double st = first + (in.mouse.x - left) / (right - left) * double(std::max<long long>(1, last - first));
    hoverIdx =
        size_t(std::lower_bound(steps.begin() + long(begin), steps.end(), (long long)std::llround(st)) - steps.begin());
    hoverIdx = std::min(hoverIdx, steps.size() - 1);
    hoverStep = steps[hoverIdx];
  } else if (s.timeline.viewedStep >= 0) {
    // Viewing a checkpoint: the legends name the values of that step.
    const auto at = std::upper_bound(steps.begin(), steps.end(), s.timeline.viewedStep);
    if (at != steps.begin()) hoverIdx = size_t(at - steps.begin()) - 1;
  }

  for (size_t r = 0; r < shown.size(); ++r) {
    const size_t g = shown[r];
    Axes a;
    float y = top;
    for (size_t q = 0; q < r; ++q) y += headers[q] + ph + gap;
    a.p0 = ImVec2(left, y + headers[r]);
    a.p1 = ImVec2(right, a.p0.y + ph);
    a.x0 = double(first);
    a.x1 = double(std::max(last, first + 1));
    a.logY = logY;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k : members[g])
      for (size_t i = begin; i < h->series()[k].values.size(); ++i) {
        const double v = h->series()[k].values[i];
        if (!std::isfinite(v) || (logY && v <= 0)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    if (logY) {
      lo = std::pow(10.0, std::floor(std::log10(lo)));
      hi = std::pow(10.0, std::ceil(std::log10(hi)));
      if (hi <= lo) hi = lo * 10;
    } else {
      const double pad = (hi - lo) * 0.08 + (hi == lo ? std::max(1e-3, std::abs(hi) * 0.1) : 0);
      lo -= pad;
      hi += pad;
    }
    a.y0 = lo;
    a.y1 = hi;
    const bool lastPlot = r + 1 == shown.size();  // x tick labels only under the last plot
    drawAxes(c, a, lastPlot ? "iteration" : "", "", true, lastPlot);
    dl.PushClipRect(a.p0, a.p1, true);
    const int stride = std::max(1, int((steps.size() - begin) / size_t(std::max(1.0f, (right - left) * 1.5f))));
    std::vector<LegendItem> legend;
    for (size_t m = 0; m < members[g].size(); ++m) {
      const Series& se = h->series()[members[g][m]];
      const ImU32 col = palette::kSeries[m % 8];
      std::vector<ImVec2> pts;
      auto flush = [&] {
        if (pts.size() >= 2)
          dl.AddPolyline(pts.data(), int(pts.size()), col, 0, c.px(2.2f));
        else if (pts.size() == 1)
          dl.AddCircleFilled(pts[0], c.px(2.5f), col);
        pts.clear();
      };
      for (size_t w = begin; w < se.values.size(); w += size_t(stride)) {
        // One point per window of `stride` rows: its last recorded value. Diagnostics and
        // metrics rows interleave (NaN = not recorded at that step), so sampling one fixed row
        // per window would skip a sparse series' points (the metrics curves ended early);
        // connect across the gaps, break the line only where a value cannot be drawn (log <= 0).
        size_t i = std::min(se.values.size(), w + size_t(stride)) - 1;
        while (i > w && !std::isfinite(se.values[i])) --i;
        const double v = se.values[i];
        if (!std::isfinite(v)) continue;
        if (logY && v <= 0) {
          flush();
          continue;
        }
        pts.push_back(a.map(double(steps[i]), v));
      }
      flush();
      // Diagnostics and metrics are recorded on different rows (metrics a few times a second,
      // diagnostics hundreds of times): the legend shows the nearest earlier recorded value, so
      // it always names the number its line ends at.
      double shownValue = NAN;
      size_t at = std::min(hoverIdx, se.values.size() - 1);
      for (;; --at) {
        if (std::isfinite(se.values[at])) {
          shownValue = se.values[at];
          break;
        }
        if (at == begin || at == 0) break;
      }
      if (hoverStep >= 0 && std::isfinite(shownValue) && (!logY || shownValue > 0))
        dl.AddCircleFilled(a.map(double(steps[at]), shownValue), c.px(4.5f), col);
      legend.push_back({LegendItem::Line, col, se.name + "  " + formatNumber(shownValue)});
    }
    drawTimelineMarks(c, a, s.timeline, r == 0);
    if (hoverStep >= 0) {
      const float x = a.map(double(hoverStep), a.y0).x;
      dl.AddLine(ImVec2(x, a.p0.y), ImVec2(x, a.p1.y), IM_COL32(255, 255, 255, 110), c.px(1));
    }
    dl.PopClipRect();
    const char* gt = curveGroups()[g].title;
    const float ty = a.p0.y - headers[r];
    c.text(ImVec2(f * 0.6f, ty), palette::kTextDim, gt, 0.85f);
    const float lx = legendStart(g);
    drawLegendRow(c, ImVec2(lx, ty), right - lx, legend, 0.85f);
  }
  if (!dropped.empty())
    c.text(ImVec2(f * 0.6f, H - f * 1.05f), palette::kTextDim,
           fitText(c, "no room (Curves... picks): " + dropped, 0.75f, W - f * 1.2f), 0.75f);
  if (hoverStep >= 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "iteration %lld", hoverStep);
    c.text(ImVec2(W - c.textSize(buf, 0.85f).x - f * 0.8f, f * 0.65f), palette::kYellow, buf, 0.85f);
  }
}

}  // namespace gs
