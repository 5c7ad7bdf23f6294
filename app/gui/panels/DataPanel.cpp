// Data: dataset and its parameters, points drawn by hand, CSV or image files.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/Datasets.h"
#include "gui/TestProbe.h"
#include "gui/Widgets.h"

namespace gs {

void dataPanel(PanelContext& ctx) {
  GuiState& ui = ctx.cmd.ui();
  DataView& data = ctx.cmd.views().data();
  const bool open = ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen);
  probeItem("section.Data", "header");
  if (!open) return;
  ProbeScope scope("data");
  static const std::vector<std::string> fileKinds = {"points", "csv", "image"};
  std::vector<std::string> names, tips;
  for (const std::string& n : distributionNames()) {
    if (std::find(fileKinds.begin(), fileKinds.end(), n) != fileKinds.end()) continue;
    names.push_back(n);
    try {
      tips.push_back(distributionDescription(n));
    } catch (const std::exception&) { tips.push_back(n); }
  }
  std::string name = ctx.cfg.data.name;
  // Tall enough for every dataset: the 1-D ones at the top are never scrolled away.
  if (comboStrings("dataset", name, names, &tips, ImGuiComboFlags_HeightLargest)) {
    ctx.cfg.data.name = name;
    ctx.cfg.data.points.clear();
    ctx.cfg.data.path.clear();
    data.drawing = false;
    data.resetView();
    ctx.cmd.applyConfig();
  }
  if (ImGui::IsItemHovered()) {
    try {
      ImGui::SetTooltip("%s", distributionDescription(ctx.cfg.data.name).c_str());
    } catch (const std::exception&) {}
  }
  bool changed = settingSlider("data.scale", ctx.cfg.data.scale, "scale", "%.2f");
  changed |= settingSlider("data.stddev", ctx.cfg.data.stddev, "stddev", ctx.cfg.data.stddev == 0 ? "default" : "%.3f");
  changed |= settingInt("data.sample_size", ctx.cfg.data.sampleSize, "sample size");
  if (changed) ctx.cmd.applyConfig();

  if (ctx.snap.dim == 2 || ctx.cfg.data.name == "points") {
    if (!data.drawing) {
      if (button("Draw your own...")) {
        data.drawing = true;
        data.pendingPoints = ctx.cfg.data.name == "points" ? ctx.cfg.data.points : std::vector<double>{};
        // The canvas stays where it is while you draw (the points' own box would move it).
        data.fitTo(data.shownBox(ctx.snap));
      }
      helpMarker("Click or drag in the data view to add points; training uses them as the data set after each stroke.");
    } else {
      if (button("Done drawing")) {
        data.drawing = false;
        data.resetView();
        ctx.cmd.toast("view fitted to your points (double-click the view to refit at any time)");
      }
      ImGui::SameLine();
      if (button("Clear points")) data.pendingPoints.clear();
      ImGui::SameLine();
      ImGui::Text("%zu points", data.pendingPoints.size() / 2);
    }
  }
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("CSV  Image").x - ImGui::GetStyle().FramePadding.x * 4 -
                          ImGui::GetStyle().ItemSpacing.x * 2);
  ImGui::InputTextWithHint("##file", "points.csv or density.png", &ui.fileBuffer);
  probeItem("##file", "input");
  // The typed path becomes the data set, read as points (CSV) or as a density (image).
  auto loadFile = [&](const char* label, const char* kind, const char* tip) {
    ImGui::SameLine();
    if (button(label) && !ui.fileBuffer.empty()) {
      ctx.cfg.data.name = kind;
      ctx.cfg.data.path = ui.fileBuffer;
      ctx.cfg.data.points.clear();
      data.resetView();
      ctx.cmd.applyConfig();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  };
  loadFile("CSV", "csv", "Load points from a CSV file (x,y per line)");
  loadFile("Image", "image", "A grayscale image as a density over [-2, 2]^2");
}

}  // namespace gs
