// The 2-D data space: discriminator (or energy) heat map with iso-lines and a colour bar,
// real and generated samples, KDE contours of both densities, the generator's push arrows,
// the latent manifold, mode centres (captured / missed), pan, zoom and a hover read-out.
#pragma once
#include <optional>
#include <vector>

#include "gui/views/Plot.h"
#include "gui/views/View.h"

namespace gs {

// Data-to-pixel map with equal units on both axes, fitted to a box, then panned and zoomed.
struct DataTransform {
  ImVec2 centrePx;  // pixel of the data point `centre`
  double cx = 0, cy = 0, pxPerUnit = 1;
  ImVec2 toPx(double x, double y) const {
    return ImVec2(float(centrePx.x + (x - cx) * pxPerUnit), float(centrePx.y - (y - cy) * pxPerUnit));
  }
  double toX(float px) const { return cx + (px - centrePx.x) / pxPerUnit; }
  double toY(float py) const { return cy - (py - centrePx.y) / pxPerUnit; }
  static DataTransform fit(const Box& box, ImVec2 p0, ImVec2 p1, double zoom = 1, double panX = 0, double panY = 0);
};

// Shared by the data and Langevin views.
void drawSamples(Canvas& c, const DataTransform& t, const Eigen::MatrixXd& xs, ImU32 color, float radius);
void drawModes(Canvas& c, const DataTransform& t, const Snapshot& s);
// Field value range and colour scale for the critic, by output kind.
struct CriticScale {
  ColorScale scale = ColorScale::Sequential;
  double vmin = 0, vmax = 1;
  float neutral = -1e30f;
  std::string label;
  const char *top = nullptr, *bottom = nullptr;
};
CriticScale criticScale(const Snapshot& s);
// "Pearson(energy, -log p_data) = 0.83" for energy objectives where the metric applies, else "".
std::string energyPearsonCaption(const Snapshot& s);
// The critic heat map over the data box, coloured as criticScale() says (data and Langevin views).
FieldLayer criticLayer(unsigned texture, const DataTransform& t, const Box& box, const CriticScale& cs);

class DataView : public View {
 public:
  const char* name() const override { return "data"; }
  const char* title() const override { return "Data space"; }
  void render(const ViewInput& in, Canvas& c) override;

  // Display options (the window's toolbar edits them).
  bool showField = true, showIso = true, showKde = false, showArrows = true, showManifold = true;
  bool showModes = true, showReal = true, showFake = true, showLegend = true;

  // Interaction, in target pixels of the last render.
  void pan(float dxPx, float dyPx);
  void zoomAt(ImVec2 px, float factor);
  void resetView() {
    zoom_ = 1;
    panX_ = panY_ = 0;
    pinnedBox_.reset();
  }
  // Fits the view to `box` instead of the data's box until resetView(): the canvas stays put
  // while points are drawn by hand, and "Show samples" zooms out to runaway samples.
  void fitTo(const Box& box) {
    resetView();
    pinnedBox_ = box;
  }
  // The box the view is fitted to now (the data's unless pinned).
  const Box& shownBox(const Snapshot& s) const { return pinnedBox_ ? *pinnedBox_ : s.box; }
  bool toData(ImVec2 px, double& x, double& y) const;  // false outside the plot
  // Points drawn by hand and not yet sent (shown as crosses while drawing).
  std::vector<double> pendingPoints;
  bool drawing = false;

 private:
  void rebuildContours(const Snapshot& s);
  double zoom_ = 1, panX_ = 0, panY_ = 0;
  std::optional<Box> pinnedBox_;
  DataTransform last_;
  ImVec2 plot0_, plot1_;
  long long contourVersion_ = -1;
  std::vector<FieldPoint> pContours_, qContours_;
};

}  // namespace gs
