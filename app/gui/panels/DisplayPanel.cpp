// Display: text size; and the left column that stacks every control section.
#include "gui/panels/Panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/TestProbe.h"
#include "gui/Widgets.h"
#include "gui/panels/ExportPanel.h"
#include "gui/panels/RecordPanel.h"

namespace gs {

void displayPanel(PanelContext& ctx) {
  GuiState& ui = ctx.cmd.ui();
  const bool open = ImGui::CollapsingHeader("Display");
  probeItem("section.Display", "header");
  if (!open) return;
  ProbeScope scope("display");
  // Applied on release: rebuilding the font atlas on every drag step would stutter.
  ImGui::SliderFloat("text size", &ui.fontSliderPx, 12.0f, 48.0f, "%.0f px");
  probeItem("text size", "slider");
  if (ImGui::IsItemDeactivatedAfterEdit())
    ui.wantedFontPx = std::round(ui.fontSliderPx);
  else if (!ImGui::IsItemActive())
    ui.fontSliderPx = ui.wantedFontPx;
}

void controlsPanel(PanelContext& ctx, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  if (ImGui::Begin("Controls", nullptr, kFixedWindow)) {
    // Labels take at most ~40% of the panel, so big text narrows labels before widgets.
    ImGui::PushItemWidth(-std::min(ImGui::GetFontSize() * 7.5f, ImGui::GetContentRegionAvail().x * 0.42f));
    runPanel(ctx);
    scenarioPanel(ctx);
    dataPanel(ctx);
    objectivePanel(ctx);
    trainingPanel(ctx);
    architecturePanel(ctx);
    displayPanel(ctx);
    recordPanel(ctx);
    exportPanel(ctx);
    ImGui::PopItemWidth();
  }
  ImGui::End();
}

}  // namespace gs
