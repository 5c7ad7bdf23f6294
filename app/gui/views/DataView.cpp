// The 2-D data space view (see DataView.h).
#include "gui/views/DataView.h"
#include "train/Verdict.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gs {

DataTransform DataTransform::fit(const Box& box, ImVec2 p0, ImVec2 p1, double zoom, double panX, double panY) {
  DataTransform t;
  const double bw = std::max(1e-9, box.xmax - box.xmin), bh = std::max(1e-9, box.ymax - box.ymin);
  t.pxPerUnit = std::min((p1.x - p0.x) / bw, (p1.y - p0.y) / bh) * zoom;
  t.cx = (box.xmin + box.xmax) / 2 + panX;
  t.cy = (box.ymin + box.ymax) / 2 + panY;
  t.centrePx = ImVec2((p0.x + p1.x) / 2, (p0.y + p1.y) / 2);
  return t;
}

void drawSamples(Canvas& c, const DataTransform& t, const Eigen::MatrixXd& xs, ImU32 color, float radius) {
  if (xs.rows() < 2) return;
  ImDrawList& dl = c.draw();
  const int n = int(xs.cols());
  // Outlines first so no dot's rim hides a neighbour: dark halo keeps dots readable on any colour.
  for (int i = 0; i < n; ++i)
    dl.AddCircleFilled(t.toPx(xs(0, i), xs(1, i)), radius + c.px(1.3f), palette::kOutline, 10);
  for (int i = 0; i < n; ++i) dl.AddCircleFilled(t.toPx(xs(0, i), xs(1, i)), radius, color, 10);
}

void drawModes(Canvas& c, const DataTransform& t, const Snapshot& s) {
  ImDrawList& dl = c.draw();
  const auto& counts = s.coverage.perModeCounts;
  for (size_t k = 0; k < s.modes.size(); ++k) {
    const Mode& m = s.modes[k];
    if (m.centre.size() < 2) continue;
    const bool known = k < counts.size();
    const bool captured = known && counts[k] > 0;
    const ImVec2 p = t.toPx(m.centre(0), m.centre(1));
    // The 3σ circle is exactly the "high quality" region of the coverage metric.
    const double sd = m.stddev.size() ? m.stddev.maxCoeff() : 0.05;
    const float r = std::max(c.px(7), float(3 * sd * t.pxPerUnit));
    if (!known || captured) {
      dl.AddCircle(p, r, IM_COL32(0, 0, 0, 160), 32, c.px(4));
      dl.AddCircle(p, r, palette::kCaptured, 32, c.px(2));
    } else {
      const float a = r * 0.6f;
      dl.AddCircle(p, r, IM_COL32(0, 0, 0, 160), 32, c.px(5));
      dl.AddCircle(p, r, palette::kMissed, 32, c.px(3));
      dl.AddLine(ImVec2(p.x - a, p.y - a), ImVec2(p.x + a, p.y + a), palette::kMissed, c.px(3));
      dl.AddLine(ImVec2(p.x - a, p.y + a), ImVec2(p.x + a, p.y - a), palette::kMissed, c.px(3));
    }
    // The mode's number, as on the coverage bars, just outside its circle's top-right.
    if (s.modes.size() <= 30) {
      const std::string label = std::to_string(k + 1);
      c.textHalo(ImVec2(p.x + r * 0.72f, p.y - r * 0.72f - c.fontPx() * 0.8f),
                 captured || !known ? palette::kText : palette::kMissed, label, 0.8f);
    }
  }
}

FieldLayer criticLayer(unsigned texture, const DataTransform& t, const Box& box, const CriticScale& cs) {
  FieldLayer layer;
  layer.texture = texture;
  layer.p0 = t.toPx(box.xmin, box.ymax);
  layer.p1 = t.toPx(box.xmax, box.ymin);
  layer.scale = cs.scale;
  layer.vmin = float(cs.vmin);
  layer.vmax = float(cs.vmax);
  return layer;
}

namespace {

// Robust range of the energy where samples live: cells where p_data or p_g is at least 1% of
// its peak. Over the whole box the range is set by the energy far from the data (it can be
// 10x the depth of any well), which paints every well the same colour; here the difference
// between a 10% and a 90% mode (log 9 in -log p) spans the colour bar. Elsewhere it clamps.
bool supportRange(const Snapshot& s, double& lo, double& hi) {
  const Field& p = s.pData.empty() ? s.pDataKde : s.pData;
  const Field& e = s.criticField;
  if (e.empty()) return false;
  auto peak = [](const Field& f) {
    double m = 0;
    for (float v : f.values)
      if (std::isfinite(v)) m = std::max(m, double(v));
    return m;
  };
  const double pPeak = p.values.size() == e.values.size() ? peak(p) : 0;
  const double qPeak = s.qKde.values.size() == e.values.size() ? peak(s.qKde) : 0;
  Field inside;
  for (size_t k = 0; k < e.values.size(); ++k) {
    const bool mass = (pPeak > 0 && p.values[k] >= 0.01 * pPeak) || (qPeak > 0 && s.qKde.values[k] >= 0.01 * qPeak);
    if (mass && std::isfinite(e.values[k])) inside.values.push_back(e.values[k]);
  }
  if (inside.values.size() < 16) return false;
  robustRange(inside, 0.01, 0.99, lo, hi);
  return true;
}

// One colour per MIX+GAN generator: Okabe-Ito hues without the real data's orange (sky blue
// first, so a single generator keeps the usual "generated" colour), then light neutrals.
ImU32 generatorColor(int i) {
  static constexpr ImU32 k[8] = {palette::kFake,
                                 palette::kGreen,
                                 palette::kLangevin,
                                 palette::kYellow,
                                 palette::rgb(235, 235, 235),
                                 palette::rgb(170, 170, 255),
                                 palette::rgb(240, 80, 40),
                                 palette::rgb(150, 150, 150)};
  return k[size_t(i) % 8];
}

}  // namespace

std::string energyPearsonCaption(const Snapshot& s) {
  if (s.objective.output != OutputKind::Energy || !std::isfinite(s.metrics.energyNllPearson)) return "";
  char buf[96];
  std::snprintf(buf, sizeof buf, "Pearson(energy, -log p_data) = %.2f", s.metrics.energyNllPearson);
  return buf;
}

CriticScale criticScale(const Snapshot& s) {
  CriticScale r;
  switch (s.objective.output) {
    case OutputKind::Logit:
      // Fixed [0, 1] with 1/2 neutral: a flat D is one uniform colour, comparable over time.
      r.scale = ColorScale::Diverging;
      r.vmin = 0;
      r.vmax = 1;
      r.neutral = 0.5f;
      r.label = "D(x)";
      r.top = "looks real";
      r.bottom = "looks fake";
      break;
    case OutputKind::Critic:
      robustRange(s.criticField, 0.01, 0.99, r.vmin, r.vmax);
      r.label = "critic f(x)";
      r.top = "high = real";
      break;
    case OutputKind::Energy:
      if (!supportRange(s, r.vmin, r.vmax)) robustRange(s.criticField, 0.01, 0.99, r.vmin, r.vmax);
      r.label = "energy E(x)";
      r.bottom = "low = real";
      break;
  }
  return r;
}

void DataView::pan(float dxPx, float dyPx) {
  panX_ -= dxPx / last_.pxPerUnit;
  panY_ += dyPx / last_.pxPerUnit;
}

void DataView::zoomAt(ImVec2 px, float factor) {
  // Keep the data point under the cursor where it is.
  const double x = last_.toX(px.x), y = last_.toY(px.y);
  const double before = zoom_;
  zoom_ = std::clamp(zoom_ * factor, 0.1, 200.0);
  const double ppu = last_.pxPerUnit * zoom_ / before;
  const double ncx = x - (px.x - last_.centrePx.x) / ppu;
  const double ncy = y + (px.y - last_.centrePx.y) / ppu;
  panX_ += ncx - last_.cx;
  panY_ += ncy - last_.cy;
  last_.cx = ncx;
  last_.cy = ncy;
  last_.pxPerUnit = ppu;
}

bool DataView::toData(ImVec2 px, double& x, double& y) const {
  if (px.x < plot0_.x || px.x > plot1_.x || px.y < plot0_.y || px.y > plot1_.y) return false;
  x = last_.toX(px.x);
  y = last_.toY(px.y);
  return true;
}

void DataView::rebuildContours(const Snapshot& s) {
  contourVersion_ = s.version;
  pContours_.clear();
  qContours_.clear();
  const Field& p = s.pData.empty() ? s.pDataKde : s.pData;
  if (p.empty()) return;
  // The same absolute levels for both densities, so matching contours mean matching densities.
  const double top = p.maxValue > 0 ? p.maxValue : 1;
  for (double f : {0.05, 0.25, 0.6}) {
    contourSegments(p, f * top, pContours_);
    contourSegments(s.qKde, f * top, qContours_);
  }
}

void DataView::render(const ViewInput& in, Canvas& c) {
  const Snapshot& s = in.snap;
  ImDrawList& dl = c.draw();
  const float W = float(c.width()), H = float(c.height()), f = c.fontPx();
  const float barW = f * 1.1f, right = f * 6.5f;
  plot0_ = ImVec2(f * 0.6f, f * 2.2f);
  plot1_ = ImVec2(W - right, H - f * 0.6f);
  char sub[256];
  const std::string pearson = energyPearsonCaption(s);
  std::snprintf(sub, sizeof sub, "step %lld   %s%s%s", s.step, s.objective.title.c_str(), pearson.empty() ? "" : "   ",
                pearson.c_str());
  drawTitle(c, ImVec2(plot0_.x, f * 0.5f), "Data space", sub);
  if (s.dim != 2) {
    drawMessage(c, plot0_, plot1_, "This run's data are 1-D: see the 1-D view.");
    return;
  }

  // The plot takes the data box's aspect, so the heat map fills it at the default zoom.
  const Box& viewBox = shownBox(s);
  {
    const double bw = std::max(1e-9, viewBox.xmax - viewBox.xmin), bh = std::max(1e-9, viewBox.ymax - viewBox.ymin);
    const float aw = plot1_.x - plot0_.x, ah = plot1_.y - plot0_.y;
    const float k = float(std::min(aw / bw, ah / bh));
    const ImVec2 mid((plot0_.x + plot1_.x) / 2, (plot0_.y + plot1_.y) / 2);
    // Top-aligned: spare height below the plot holds the legend.
    plot0_ = ImVec2(std::round(mid.x - float(bw) * k / 2), plot0_.y);
    plot1_ = ImVec2(std::round(mid.x + float(bw) * k / 2), std::round(plot0_.y + float(bh) * k));
  }
  const Box box = s.criticField.empty() ? s.box : s.criticField.box;
  last_ = DataTransform::fit(viewBox, plot0_, plot1_, zoom_, panX_, panY_);
  const DataTransform& t = last_;
  dl.AddRectFilled(plot0_, plot1_, palette::kPlotBackground);
  dl.PushClipRect(plot0_, plot1_, true);

  const CriticScale cs = criticScale(s);
  if (showField && !s.criticField.empty()) {
    FieldLayer layer = criticLayer(in.textures.critic, t, box, cs);
    layer.neutral = cs.neutral;
    layer.isoCount = showIso ? 10.0f : 0.0f;
    c.field(layer);
  }

  // Axes grid over the field, faint.
  for (double v : niceTicks(t.toX(plot0_.x), t.toX(plot1_.x), std::max(2, int((plot1_.x - plot0_.x) / (f * 6))))) {
    const float x = t.toPx(v, 0).x;
    dl.AddLine(ImVec2(x, plot0_.y), ImVec2(x, plot1_.y), IM_COL32(255, 255, 255, 22));
    c.textHalo(ImVec2(x + c.px(3), plot1_.y - f * 1.0f), palette::kTextDim, formatNumber(v), 0.75f);
  }
  for (double v : niceTicks(t.toY(plot1_.y), t.toY(plot0_.y), std::max(2, int((plot1_.y - plot0_.y) / (f * 4))))) {
    const float y = t.toPx(0, v).y;
    dl.AddLine(ImVec2(plot0_.x, y), ImVec2(plot1_.x, y), IM_COL32(255, 255, 255, 22));
    c.textHalo(ImVec2(plot0_.x + c.px(3), y - f * 0.8f), palette::kTextDim, formatNumber(v), 0.75f);
  }

  if (showManifold) {
    for (const auto& line : s.manifold) {
      if (line.rows() < 2 || line.cols() < 2) continue;
      std::vector<ImVec2> pts(size_t(line.cols()));
      for (int i = 0; i < line.cols(); ++i) pts[size_t(i)] = t.toPx(line(0, i), line(1, i));
      dl.AddPolyline(pts.data(), int(pts.size()), IM_COL32(255, 255, 255, 45), 0, c.px(1.2f));
    }
  }
  if (showKde) {
    if (contourVersion_ != s.version) rebuildContours(s);
    for (size_t i = 0; i + 1 < pContours_.size(); i += 2)
      dl.AddLine(t.toPx(pContours_[i].x, pContours_[i].y), t.toPx(pContours_[i + 1].x, pContours_[i + 1].y),
                 palette::kReal, c.px(2));
    for (size_t i = 0; i + 1 < qContours_.size(); i += 2)
      dl.AddLine(t.toPx(qContours_[i].x, qContours_[i].y), t.toPx(qContours_[i + 1].x, qContours_[i + 1].y),
                 palette::kFake, c.px(2));
  }
  const float dot = c.px(3.4f);
  if (showReal) drawSamples(c, t, s.real, palette::kReal, dot);
  const int generators = int(s.diagnostics.mixtureG.size());
  const bool byGenerator = generators > 1 && s.fakeComponent.size() == size_t(s.fake.cols());
  if (showFake && byGenerator) {
    // Which generator covers which mode is the MIX+GAN question, so each draws in its colour.
    for (int g = 0; g < generators; ++g) {
      std::vector<Eigen::Index> cols;
      for (size_t k = 0; k < s.fakeComponent.size(); ++k)
        if (s.fakeComponent[k] == g) cols.push_back(Eigen::Index(k));
      if (cols.empty()) continue;
      Eigen::MatrixXd mine(s.fake.rows(), Eigen::Index(cols.size()));
      for (size_t k = 0; k < cols.size(); ++k) mine.col(Eigen::Index(k)) = s.fake.col(cols[k]);
      drawSamples(c, t, mine, generatorColor(g), dot);
    }
  } else if (showFake) {
    drawSamples(c, t, s.fake, palette::kFake, dot);
  }

  if (showArrows && s.push.cols() == s.fake.cols() && s.push.rows() >= 2 && s.fake.cols() > 0) {
    // Lengths are relative: the longest arrow is ~7% of the view, so direction and relative
    // strength read at any stage of training.
    double maxNorm = 0;
    for (int i = 0; i < s.push.cols(); ++i) maxNorm = std::max(maxNorm, s.push.col(i).head<2>().norm());
    const int stride = std::max<int>(1, int(s.fake.cols() / 256));
    if (maxNorm > 0 && std::isfinite(maxNorm)) {
      const double scale = 0.07 * std::min(plot1_.x - plot0_.x, plot1_.y - plot0_.y) / maxNorm;
      for (int i = 0; i < s.fake.cols(); i += stride) {
        const ImVec2 a = t.toPx(s.fake(0, i), s.fake(1, i));
        const ImVec2 b(float(a.x + s.push(0, i) * scale), float(a.y - s.push(1, i) * scale));
        if (std::hypot(b.x - a.x, b.y - a.y) < c.px(3)) continue;
        drawArrow(dl, a, b, IM_COL32(255, 255, 255, 190), c.px(1.4f), c.px(6));
      }
    }
  }
  if (showModes) drawModes(c, t, s);

  // Points being drawn by hand.
  for (size_t i = 0; i + 1 < pendingPoints.size(); i += 2) {
    const ImVec2 p = t.toPx(pendingPoints[i], pendingPoints[i + 1]);
    const float r = c.px(4);
    dl.AddLine(ImVec2(p.x - r, p.y), ImVec2(p.x + r, p.y), palette::kText, c.px(2));
    dl.AddLine(ImVec2(p.x, p.y - r), ImVec2(p.x, p.y + r), palette::kText, c.px(2));
  }

  std::vector<LegendItem> legendBelow;
  if (showLegend) {
    std::vector<LegendItem> items;
    if (showReal) items.push_back({LegendItem::Dot, palette::kReal, "real data"});
    if (showFake && byGenerator) {
      for (int g = 0; g < generators; ++g) {
        char label[64];
        std::snprintf(label, sizeof label, "G%d  w = %.2f", g + 1, s.diagnostics.mixtureG[size_t(g)]);
        items.push_back({LegendItem::Dot, generatorColor(g), label});
      }
    } else if (showFake) {
      items.push_back({LegendItem::Dot, palette::kFake, s.fakeLabel});
    }
    if (showArrows && s.push.cols() > 0)
      items.push_back({LegendItem::Arrow, IM_COL32(255, 255, 255, 220), "push on G"});
    if (showKde && !pContours_.empty()) {
      items.push_back({LegendItem::Line, palette::kReal, "p_data contours"});
      items.push_back({LegendItem::Line, palette::kFake, "p_g contours"});
    }
    if (showManifold && !s.manifold.empty())
      items.push_back({LegendItem::Line, IM_COL32(255, 255, 255, 110), "G(latent grid)"});
    if (showModes && !s.modes.empty()) {
      items.push_back({LegendItem::Ring, palette::kCaptured, "mode captured"});
      items.push_back({LegendItem::Cross, palette::kMissed, "mode missed"});
    }
    if (cs.scale == ColorScale::Diverging && showField)
      items.push_back({LegendItem::Line, IM_COL32(255, 255, 255, 220), "D = 1/2"});
    const float below = H - plot1_.y - f * 0.4f;
    const float rowH = drawLegendRow(c, ImVec2(0, 0), plot1_.x - plot0_.x, items, 0.9f, false);
    if (rowH <= below)
      legendBelow = items;
    else
      drawLegend(c, ImVec2(plot0_.x + c.px(8), plot0_.y + c.px(8)), items);
  }

  if (!s.subStepLabel.empty()) {  // slow motion: say which network is moving
    // Wrapped to the plot's width (a long caption used to be cut at both ends), centred.
    const float width = (plot1_.x - plot0_.x) * 0.92f;
    const ImVec2 ts = c.textSize(s.subStepLabel, 1.15f, width);
    const float x = (plot0_.x + plot1_.x - ts.x) / 2, y = plot0_.y + f * 0.4f;
    dl.AddRectFilled(ImVec2(x - f * 0.4f, y - f * 0.2f), ImVec2(x + ts.x + f * 0.4f, y + ts.y + f * 0.2f),
                     IM_COL32(10, 10, 14, 190), c.px(4));
    c.text(ImVec2(x, y), palette::kYellow, s.subStepLabel, 1.15f, width);
  }
  if (drawing) {
    char msg[128];
    std::snprintf(msg, sizeof msg, "Drawing: click or drag to add points (%zu)", pendingPoints.size() / 2);
    const ImVec2 ts = c.textSize(msg);
    c.textHalo(ImVec2((plot0_.x + plot1_.x - ts.x) / 2, plot1_.y - f * 2.2f), palette::kYellow, msg);
  }

  // Hover read-out: x, D(x), p(x), q(x) from the fields.
  if (in.mouse.x >= 0) {
    double x, y;
    if (toData(in.mouse, x, y)) {
      const double d = sampleField(s.criticField, x, y);
      const Field& p = s.pData.empty() ? s.pDataKde : s.pData;
      const double pv = sampleField(p, x, y), qv = sampleField(s.qKde, x, y);
      char buf[256];
      std::snprintf(buf, sizeof buf, "x = (%.2f, %.2f)\n%s = %s\np(x) = %s\nq(x) = %s", x, y, cs.label.c_str(),
                    formatNumber(d).c_str(), formatNumber(pv).c_str(), formatNumber(qv).c_str());
      const ImVec2 ts = c.textSize(buf);
      ImVec2 at(in.mouse.x + f, in.mouse.y + f);
      if (at.x + ts.x + f > plot1_.x) at.x = in.mouse.x - ts.x - f * 1.5f;
      if (at.y + ts.y + f > plot1_.y) at.y = in.mouse.y - ts.y - f * 1.5f;
      dl.AddRectFilled(ImVec2(at.x - c.px(6), at.y - c.px(4)), ImVec2(at.x + ts.x + c.px(6), at.y + ts.y + c.px(4)),
                       IM_COL32(10, 10, 14, 225), c.px(4));
      c.text(at, palette::kText, buf);
    }
  }
  // Runaway samples are not drawn where they are; say where they went.
  const double outside = fractionOutsideView(s);
  if (outside > 0.5 && !pinnedBox_) {
    char msg[200];
    std::snprintf(
        msg, sizeof msg,
        "%.0f%% of the generated samples are far outside this view.\n\"Show samples\" above zooms out to them.",
        100.0 * outside);
    const ImVec2 ts = c.textSize(msg, 1.0f);
    const ImVec2 mid((plot0_.x + plot1_.x) / 2, (plot0_.y + plot1_.y) / 2);
    dl.AddRectFilled(ImVec2(mid.x - ts.x / 2 - f * 0.6f, mid.y - ts.y / 2 - f * 0.4f),
                     ImVec2(mid.x + ts.x / 2 + f * 0.6f, mid.y + ts.y / 2 + f * 0.4f), IM_COL32(90, 20, 10, 225),
                     c.px(5));
    c.text(ImVec2(mid.x - ts.x / 2, mid.y - ts.y / 2), palette::kText, msg, 1.0f);
  }
  dl.PopClipRect();
  dl.AddRect(plot0_, plot1_, palette::kAxis);
  if (!legendBelow.empty())
    drawLegendRow(c, ImVec2(plot0_.x, plot1_.y + f * 0.5f), plot1_.x - plot0_.x, legendBelow, 0.9f);

  if (showField && !s.criticField.empty()) {
    const ImVec2 b0(W - right + f * 1.2f, plot0_.y + f * 3.0f), b1(b0.x + barW, plot1_.y - f * 1.8f);
    drawColorBar(c, b0, b1, cs.scale, cs.vmin, cs.vmax, cs.label, cs.top, cs.bottom);
  }
}

}  // namespace gs
