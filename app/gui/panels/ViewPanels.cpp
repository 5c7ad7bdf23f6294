// The views in the window: the main tabs (data space or 1-D, energy and Langevin), the
// right column's views and the curves menu.
#include "gui/panels/Panel.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "train/Verdict.h"

namespace gs {

namespace {

// The finite points' bounding box (2-D) joined with `fallback`, padded by 10%.
Box boundsOf(const Eigen::MatrixXd& xs, const Box& fallback) {
  Box b{1e300, -1e300, 1e300, -1e300};
  for (Eigen::Index j = 0; j < xs.cols(); ++j) {
    if (xs.rows() < 2 || !std::isfinite(xs(0, j)) || !std::isfinite(xs(1, j))) continue;
    b.xmin = std::min(b.xmin, xs(0, j)), b.xmax = std::max(b.xmax, xs(0, j));
    b.ymin = std::min(b.ymin, xs(1, j)), b.ymax = std::max(b.ymax, xs(1, j));
  }
  if (b.xmin > b.xmax) return fallback;
  b.xmin = std::min(b.xmin, fallback.xmin), b.xmax = std::max(b.xmax, fallback.xmax);
  b.ymin = std::min(b.ymin, fallback.ymin), b.ymax = std::max(b.ymax, fallback.ymax);
  const double px = 0.1 * (b.xmax - b.xmin), py = 0.1 * (b.ymax - b.ymin);
  return {b.xmin - px, b.xmax + px, b.ymin - py, b.ymax + py};
}

// The data view's pointer: wheel zooms at the cursor, drag pans, double-click refits; while
// drawing, clicks and drags add points and each finished stroke becomes the data set.
void handleDataViewInput(PanelContext& ctx, ImVec2 origin, float s) {
  GuiState& ui = ctx.cmd.ui();
  DataView& data = ctx.cmd.views().data();
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 px((io.MousePos.x - origin.x) * s, (io.MousePos.y - origin.y) * s);
  if (ImGui::IsItemHovered() && io.MouseWheel != 0) data.zoomAt(px, std::pow(1.15f, io.MouseWheel));
  if (data.drawing && ctx.snap.dim == 2) {
    double x, y;
    if (ImGui::IsItemActive() && data.toData(px, x, y)) {
      const float dx = px.x - ui.lastDrawnPx.x, dy = px.y - ui.lastDrawnPx.y;
      if (ImGui::IsItemActivated() || dx * dx + dy * dy > (ctx.fontPx * 0.5f) * (ctx.fontPx * 0.5f)) {
        data.pendingPoints.push_back(x);
        data.pendingPoints.push_back(y);
        ui.lastDrawnPx = px;
        ui.drawStroke = true;
      }
    }
    if (ImGui::IsItemDeactivated() && ui.drawStroke) {  // a stroke ends: train on the new points
      ui.drawStroke = false;
      ctx.cmd.applyDrawnPoints();
    }
    return;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f))
    data.pan(io.MouseDelta.x * s, io.MouseDelta.y * s);
  if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) data.resetView();
}

// One view in the window: its picture (redrawn by ViewHost only when it can have changed), its
// right-click menu and its PNG button in the top-right corner.
void showView(PanelContext& ctx, View& view, const char* id, ImVec2 size, bool interactive) {
  const GuiState& ui = ctx.cmd.ui();
  const ImGuiIO& io = ImGui::GetIO();
  const float s = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0f;
  size.x = std::max(size.x, 8.0f);
  size.y = std::max(size.y, 8.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 mouse(-1, -1);
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
      ImGui::IsMouseHoveringRect(origin, ImVec2(origin.x + size.x, origin.y + size.y)) && !ui.showHelp && !ui.scripted)
    mouse = ImVec2((io.MousePos.x - origin.x) * s, (io.MousePos.y - origin.y) * s);
  const char* label = "PNG";
  const float bw = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
  // The view's own title keeps clear of the PNG button in its top-right corner.
  ViewHost& host = ctx.cmd.views();
  bool pointerActivity = io.MouseWheel != 0 || ImGui::IsAnyMouseDown();
  for (bool released : io.MouseReleased) pointerActivity |= released;
  const unsigned texture = host.renderToTarget(view, ctx.snap, int(size.x * s), int(size.y * s), ctx.fontPx * s, mouse,
                                               (bw + ctx.fontPx * 0.8f) * s, pointerActivity);

  ImGui::InvisibleButton(id, size);
  // The PNG button drawn over the view must get the clicks it is under (ImGui gives a hovered
  // item priority unless it allows overlap).
  ImGui::SetItemAllowOverlap();
  probeItem((std::string("/view.") + view.name()).c_str(), "view");
  const ImTextureID tex = (ImTextureID)(intptr_t)texture;
  // GL textures start at the bottom row: flip v.
  ImGui::GetWindowDrawList()->AddImage(tex, origin, ImVec2(origin.x + size.x, origin.y + size.y), ImVec2(0, 1),
                                       ImVec2(1, 0));
  if (interactive && &view == &host.data()) handleDataViewInput(ctx, origin, s);

  auto doExport = [&] { ctx.cmd.exportView(view, ctx.snap); };
  if (ImGui::BeginPopupContextItem(id)) {
    if (ImGui::MenuItem("Export view PNG", nullptr, false, host.hasGl())) doExport();
    probeItem((std::string("/view.") + view.name() + ".menu.export").c_str(), "menuitem");
    if (&view == &host.data() && ImGui::MenuItem("Reset view")) host.data().resetView();
    ImGui::EndPopup();
  }
  // A small export button in the view's top-right corner.
  const ImVec2 after = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(origin.x + size.x - bw - ctx.fontPx * 0.4f, origin.y + ctx.fontPx * 0.3f));
  ImGui::PushID(id);
  if (ImGui::SmallButton(label) && host.hasGl()) doExport();
  probeItem((std::string("/view.") + view.name() + ".PNG").c_str(), "button");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Export this view as PNG (at the Export section's 1x/2x/4x), or right-click the view");
  ImGui::PopID();
  ImGui::SetCursorScreenPos(after);
}

// The layer switches above the main view: one row when they fit, else one "Layers..." menu,
// so big text never takes the view's height.
void layersControls(PanelContext& ctx) {
  DataView& data = ctx.cmd.views().data();
  OneDView& oneD = ctx.cmd.views().oneD();
  std::vector<std::pair<const char*, bool*>> layers;
  if (ctx.snap.dim == 1) {
    layers = {{"Histogram", &oneD.showHistogram},
              {"KDE", &oneD.showKde},
              {"D*", &oneD.showDStar},
              {"Push arrows", &oneD.showArrows}};
  } else {
    layers = {{"Heat map", &data.showField},     {"Iso-lines", &data.showIso},     {"Densities", &data.showKde},
              {"Push arrows", &data.showArrows}, {"Manifold", &data.showManifold}, {"Modes", &data.showModes},
              {"Legend", &data.showLegend}};
  }
  const ImGuiStyle& st = ImGui::GetStyle();
  float rowW = 0;
  for (auto& [label, v] : layers)
    rowW += ImGui::CalcTextSize(label).x + ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + st.ItemSpacing.x;
  const bool twoD = ctx.snap.dim == 2;
  if (twoD) rowW += ImGui::CalcTextSize("Reset view").x + st.FramePadding.x * 2;
  // Runaway samples: one button zooms out to where they are (Reset view comes back).
  const bool runaway = twoD && fractionOutsideView(ctx.snap) > 0.5;
  auto showSamples = [&] {
    if (!runaway) return;
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.62f, 0.16f, 0.08f, 1));
    if (button("Show samples")) data.fitTo(boundsOf(ctx.snap.fake, ctx.snap.box));
    ImGui::PopStyleColor();
  };
  if (rowW <= ImGui::GetContentRegionAvail().x) {
    bool first = true;
    for (auto& [label, v] : layers) {
      if (!first) ImGui::SameLine();
      checkbox(label, v);
      first = false;
    }
    if (twoD) {
      ImGui::SameLine();
      if (button("Reset view")) data.resetView();
    }
    showSamples();
    return;
  }
  if (button("Layers...")) ImGui::OpenPopup("layers-menu");
  if (twoD) {
    ImGui::SameLine();
    if (button("Reset view")) data.resetView();
  }
  showSamples();
  if (ImGui::BeginPopup("layers-menu")) {
    for (auto& [label, v] : layers) checkbox(label, v);
    ImGui::EndPopup();
  }
}

}  // namespace

void viewPanel(PanelContext& ctx, const char* title, View& view, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(2, 2));
  if (ImGui::Begin(title, nullptr, kViewWindow | ImGuiWindowFlags_NoTitleBar)) {
    showView(ctx, view, title, ImGui::GetContentRegionAvail(), false);
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

void mainViewsPanel(PanelContext& ctx, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  if (ImGui::Begin("Views", nullptr, kViewWindow | ImGuiWindowFlags_NoTitleBar)) {
    const bool energy = ctx.snap.objective.output == OutputKind::Energy && ctx.snap.dim == 2;
    if (ImGui::BeginTabBar("centre-tabs")) {
      View* main =
          ctx.snap.dim == 1 ? static_cast<View*>(&ctx.cmd.views().oneD()) : static_cast<View*>(&ctx.cmd.views().data());
      const bool mainTab = ImGui::BeginTabItem(ctx.snap.dim == 1 ? "1-D view" : "Data space");
      probeItem("tab.main", "tab");
      if (mainTab) {
        ProbeScope scope("layers");
        layersControls(ctx);
        showView(ctx, *main, "##main-view", ImGui::GetContentRegionAvail(), true);
        ImGui::EndTabItem();
      }
      const bool langevinTab = energy && ImGui::BeginTabItem("Energy & Langevin");
      if (energy) probeItem("tab.langevin", "tab");
      if (langevinTab) {
        showView(ctx, ctx.cmd.views().langevin(), "##langevin-view", ImGui::GetContentRegionAvail(), false);
        ImGui::EndTabItem();
      }
      // Calibrated EBGAN: the energy against the optimum its regulariser predicts.
      const bool targetKnown =
          ctx.snap.objective.output == OutputKind::Energy && ctx.snap.metrics.energyTarget != EnergyTarget::Unknown;
      const bool targetTab = targetKnown && ImGui::BeginTabItem("Energy vs optimum");
      if (targetKnown) probeItem("tab.energy-target", "tab");
      if (targetTab) {
        showView(ctx, ctx.cmd.views().energyTarget(), "##energy-target-view", ImGui::GetContentRegionAvail(), false);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

void curvesPanel(PanelContext& ctx, ImVec2 pos, ImVec2 size) {
  ProbeScope scope("curves");
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  CurvesView& curves = ctx.cmd.views().curves();
  if (ImGui::Begin("Training curves", nullptr, kViewWindow | ImGuiWindowFlags_NoTitleBar)) {
    // The controls sit in the view's title row, left of its PNG button.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    showView(ctx, curves, "##curves-view", ImGui::GetContentRegionAvail(), false);
    const ImVec2 after = ImGui::GetCursorScreenPos();
    const char* label = "Curves...";
    const float bw = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    const float pngW = ImGui::CalcTextSize("PNG").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorScreenPos(ImVec2(origin.x + ImGui::GetContentRegionAvail().x - pngW - bw - ctx.fontPx * 0.9f,
                                     origin.y + ctx.fontPx * 0.3f));
    if (ImGui::SmallButton(label)) ImGui::OpenPopup("series");
    probeItem(label, "button");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Choose the curves, log scale and time window");
    // The list is taller than a window on small screens: it scrolls within 80% of the display.
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, ImGui::GetIO().DisplaySize.y * 0.8f));
    if (ImGui::BeginPopup("series")) {
      checkbox("Log scale (y)", &curves.logY);
      const char* windows[] = {"whole run", "last 500", "last 2000", "last 10000"};
      const long long sizes[] = {0, 500, 2000, 10000};
      for (int i = 0; i < 4; ++i) {
        if (ImGui::RadioButton(windows[i], curves.windowSteps == sizes[i])) curves.windowSteps = sizes[i];
        probeItem(windows[i], "radio");
        if (i < 3) ImGui::SameLine();
      }
      ImGui::Separator();
      const History* h = ctx.snap.history.get();
      const auto& groups = curveGroups();
      for (size_t g = 0; g < groups.size(); ++g) {
        std::vector<const Series*> members;
        if (h)
          for (const Series& s : h->series())
            if (curveGroupOf(s.name) == int(g)) members.push_back(&s);
        if (members.empty()) continue;
        bool on = !curves.hiddenGroups.count(int(g));
        if (checkbox(groups[g].title, &on)) {
          if (on)
            curves.hiddenGroups.erase(int(g));
          else
            curves.hiddenGroups.insert(int(g));
        }
        ImGui::Indent();
        // A group's series share rows (as many as fit in the menu's width), so the whole list
        // fits on a 1080-line screen without scrolling.
        const float rowEnd = ImGui::GetCursorScreenPos().x + ctx.fontPx * 26;
        bool first = true;
        for (const Series* s : members) {
          bool vis = !curves.hiddenSeries.count(s->name);
          const float w =
              ImGui::CalcTextSize(s->name.c_str()).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x * 2;
          if (!first && ImGui::GetItemRectMax().x + w < rowEnd) ImGui::SameLine();
          first = false;
          if (checkbox(s->name.c_str(), &vis)) {
            if (vis)
              curves.hiddenSeries.erase(s->name);
            else
              curves.hiddenSeries.insert(s->name);
          }
        }
        ImGui::Unindent();
      }
      ImGui::EndPopup();
    }
    ImGui::SetCursorScreenPos(after);
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace gs
