// Export section (see ExportPanel.h).
#include "gui/panels/ExportPanel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>
#include <vector>

#include "gui/Exports.h"
#include "gui/TestProbe.h"
#include "gui/Widgets.h"

namespace gs {

void screenshotKey(PanelContext& ctx) { requestScreenshot(ctx.cmd, ctx.snap); }

void exportPanel(PanelContext& ctx) {
  ExportState& st = exportState(ctx.cmd.ui());
  const bool open = ImGui::CollapsingHeader("Export");
  probeItem("section.Export", "header");
  if (!open) return;
  ProbeScope scope("export");
  std::vector<std::string> targets = {"window"};
  for (View* v : ctx.cmd.views().views()) targets.push_back(v->name());
  comboStrings("picture", st.target, targets);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The whole window, or one view at its size on screen");
  for (int k : {1, 2, 4}) {
    if (k != 1) ImGui::SameLine();
    const std::string label = std::to_string(k) + "x";
    if (ImGui::RadioButton(label.c_str(), st.scale == k)) st.scale = k;
    probeItem(("scale." + label).c_str(), "radio");
  }
  helpMarker("Drawn again at 2 or 4 times the size (text and lines too), not enlarged: sharp on a 4K projector.");
  ImGui::InputText("folder", &st.folder);
  probeItem("folder", "input", st.folder);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Where pictures and CSV files go (created when missing; ~ = home)");
  const float full = ImGui::GetContentRegionAvail().x;
  const bool gl = ctx.cmd.views().hasGl();
  ImGui::BeginDisabled(!gl);
  if (button("Screenshot (F12)", ImVec2(full, 0))) screenshotKey(ctx);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("PNG with the run's config inside: `ganscope --config file.png` opens it again");
  if (button("Metrics CSV", ImVec2(full, 0))) saveMetricsCsv(ctx.cmd, ctx.snap);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The curves' numbers, with the columns of `ganscope train`'s metrics.csv");
  if (!ctx.cmd.ui().lastSaved.empty()) ImGui::TextWrapped("last saved: %s", ctx.cmd.ui().lastSaved.c_str());
}

}  // namespace gs
